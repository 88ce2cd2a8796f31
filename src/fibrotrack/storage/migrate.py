"""Applying Alembic migrations from code (``fibrotrack db upgrade`` and on every start)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StorageError

_SCRIPTS = Path(__file__).parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    return config


def head_revision() -> str:
    """Return the newest migration's revision id."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:
        raise StorageError("the installed package ships no migrations")
    return head


def current_revision(engine: Engine) -> str | None:
    """Return the database's revision (None for an empty database).

    Raises:
        StorageError: the database cannot be reached.
    """
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot read the database: {exc.__class__.__name__}: {exc}") from None


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Upgrade the database to ``revision`` (default: the newest) and return the revision it is at.

    Safe to call from several processes at once: the upgrade runs in one transaction under a lock
    (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), and a database already at the target
    is left untouched.

    Raises:
        StorageError: the migration failed (the transaction is rolled back; nothing is half-applied).
    """
    if revision == "head" and current_revision(engine) == head_revision():
        return head_revision()
    config = _config()
    try:
        with engine.connect() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
    except SQLAlchemyError as exc:
        raise StorageError(f"database upgrade failed: {exc.__class__.__name__}: {exc}") from None
    return current_revision(engine)
