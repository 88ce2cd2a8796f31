"""The database handle services use: an engine plus units of work (one transaction each)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import StorageError
from .engine import make_engine
from .migrate import upgrade
from .repository import Repository


class Database:
    """An open database. ``unit_of_work()`` yields a :class:`Repository` inside one transaction."""

    def __init__(self, engine: Engine, *, default_time_zone: str = "UTC") -> None:
        self.engine = engine
        self.default_time_zone = default_time_zone
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """The SQL dialect name (``sqlite`` or ``postgresql``)."""
        return self.engine.dialect.name

    @contextmanager
    def unit_of_work(self) -> Iterator[Repository]:
        """Yield a repository in a transaction: committed when the block ends, rolled back on any error.

        Raises:
            StorageError: the database failed (locked past the busy timeout, unreachable, …).
        """
        session: Session = self._sessions()
        try:
            with session.begin():
                yield Repository(session)
        except OperationalError as exc:
            raise StorageError(f"database error: {exc.orig}") from None
        finally:
            session.close()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def open_database(url: str, *, migrate: bool = True, default_time_zone: str = "UTC") -> Database:
    """Return an open :class:`Database` for ``url``, upgraded to the newest schema unless ``migrate=False``.

    ``default_time_zone`` is given to people created on first use.

    Raises:
        StorageError: the URL is invalid, the database unreachable, or the upgrade failed.
    """
    engine = make_engine(url)
    if migrate:
        upgrade(engine)
    return Database(engine, default_time_zone=default_time_zone)
