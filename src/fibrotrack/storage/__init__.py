"""Storage: the only package that imports SQLAlchemy (engine, tables, repository, migrations)."""

from .database import Database, open_database
from .migrate import current_revision, head_revision, upgrade
from .repository import Person, Repository, StoredRecord, Treatment

__all__ = [
    "Database",
    "Person",
    "Repository",
    "StoredRecord",
    "Treatment",
    "current_revision",
    "head_revision",
    "open_database",
    "upgrade",
]
