"""Opening the database for an interface, and schema maintenance (``fibrotrack db …``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..config import Settings
from ..storage import Database, current_revision, head_revision, open_database
from ..storage.engine import make_engine
from ..storage.migrate import upgrade

__all__ = ["Database", "Revision", "database_revision", "open_for", "upgrade_database"]


def open_for(settings: Settings) -> Database:
    """Return the database named by ``settings``, upgraded to the newest schema.

    Raises:
        StorageError: it cannot be opened or upgraded.
    """
    return open_database(settings.db_url, default_time_zone=settings.time_zone)


@dataclass(frozen=True, slots=True)
class Revision:
    """Where a database's schema stands: before/after an upgrade and the newest revision."""

    before: str | None
    after: str | None
    head: str

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"from", "to", "head"}``."""
        return {"from": self.before, "to": self.after, "head": self.head}


def upgrade_database(url: str) -> Revision:
    """Apply every pending migration and return the revisions before and after.

    Raises:
        StorageError: the upgrade failed (nothing is half-applied).
    """
    engine = make_engine(url)
    try:
        before = current_revision(engine)
        return Revision(before, upgrade(engine), head_revision())
    finally:
        engine.dispose()


def database_revision(url: str) -> Revision:
    """Return the database's revision without changing anything (``before`` = ``after``)."""
    engine = make_engine(url)
    try:
        current = current_revision(engine)
        return Revision(current, current, head_revision())
    finally:
        engine.dispose()
