"""Creating engines: SQLite tuned for several writers, or PostgreSQL through psycopg 3."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import NullPool

from ..errors import StorageError

SQLITE_BUSY_TIMEOUT_MS = 60_000


def is_sqlite(url: str) -> bool:
    """Return True when ``url`` names an SQLite database."""
    return url.startswith("sqlite")


def make_engine(url: str) -> Engine:
    """Return an engine for ``url``.

    SQLite: creates the parent directory; WAL journal, foreign keys on, a 60 s busy timeout, and every
    transaction opened with ``BEGIN IMMEDIATE`` so that concurrent writers queue on the busy timeout
    instead of failing with "database is locked" when a read lock would have to be upgraded.

    Raises:
        StorageError: the URL cannot be parsed or names an unsupported database.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StorageError(f"database URL {url!r} is not valid: {exc}") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed)
    if backend == "postgresql":
        return create_engine(parsed, pool_pre_ping=True, future=True)
    raise StorageError(f"unsupported database {backend!r}: use an SQLite path or a postgresql+psycopg:// URL")


def _sqlite_engine(parsed: Any) -> Engine:
    database = parsed.database
    memory = not database or database == ":memory:"
    if not memory:
        try:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create the folder for {database}: {exc}") from None
    kwargs: dict[str, Any] = {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}}
    if memory:
        from sqlalchemy.pool import StaticPool

        kwargs["poolclass"] = StaticPool
    else:
        # A file database is cheap to open; NullPool keeps no handle alive between requests, so a
        # killed process never leaves a half-open connection and forked workers share nothing.
        kwargs["poolclass"] = NullPool
    engine = create_engine(parsed, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy's "begin" event below (pysqlite otherwise
        # begins lazily and DEFERRED).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        if not memory:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
