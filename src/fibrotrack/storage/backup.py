"""Logical backup and restore of every table: a consistent snapshot, portable between SQLite and PostgreSQL.

The snapshot is read inside one transaction (SQLite ``BEGIN IMMEDIATE``; PostgreSQL ``REPEATABLE READ``),
so rows written while it runs are either wholly in it or wholly out. Values are converted to JSON
(instants as ISO 8601 UTC, dates as ISO dates) and back with each column's type.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import Date, Engine, Integer, func, insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from ..errors import ConflictError, StorageError, ValidationError
from .migrate import current_revision, head_revision
from .tables import Base
from .types import UTCDateTime

FORMAT = "fibrotrack-backup"
VERSION = 1


def _table_order() -> list[Any]:
    return list(Base.metadata.sorted_tables)  # parents before children (foreign keys)


def _to_json(column: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _from_json(column: Any, value: Any, where: str) -> Any:
    if value is None:
        return None
    try:
        if isinstance(column.type, UTCDateTime):
            return datetime.fromisoformat(value).astimezone(timezone.utc)
        if isinstance(column.type, Date):
            return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError(where, f"{value!r} is not a valid {column.type}") from None
    return value


def dump(engine: Engine) -> dict[str, Any]:
    """Return every row of every table as a JSON-ready document, read in one consistent snapshot.

    Raises:
        StorageError: the database could not be read.
    """
    tables: dict[str, list[dict[str, Any]]] = {}
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                for table in _table_order():
                    rows = conn.execute(select(table).order_by(*table.primary_key.columns)).mappings()
                    tables[table.name] = [{c.name: _to_json(c, row[c.name]) for c in table.columns} for row in rows]
    except SQLAlchemyError as exc:
        raise StorageError(f"backup failed: {exc}") from None
    return {"format": FORMAT, "version": VERSION, "schema": current_revision(engine), "tables": tables}


def _check(document: Any) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError("file", "not a fibrotrack backup")
    if document.get("version") != VERSION:
        raise ValidationError("version", f"{document.get('version')!r} is not a backup version this program reads")
    if document.get("schema") != head_revision():
        raise ValidationError("schema", f"backup schema {document.get('schema')!r} differs from this program's "
                                        f"{head_revision()!r}; restore it with the matching version")
    tables = document.get("tables")
    known = {t.name for t in _table_order()}
    if not isinstance(tables, dict) or set(tables) - known:
        extra = sorted(set(tables) - known) if isinstance(tables, dict) else []
        raise ValidationError("tables", f"unknown table {extra[0]!r}" if extra else "must be an object of tables")
    return tables


def restore(engine: Engine, document: Any) -> dict[str, int]:
    """Load a :func:`dump` document into an **empty** database (same schema) and return rows per table.

    Everything is inserted in one transaction: on any error nothing is restored. Ids are kept, and
    PostgreSQL sequences are moved past them.

    Raises:
        ValidationError: not a backup, another schema version, bad values (field ``tables.<table>[i].<column>``).
        ConflictError: the target database already holds data.
        StorageError: the insert failed (nothing is restored).
    """
    tables = _check(document)
    counts: dict[str, int] = {}
    try:
        with engine.begin() as conn:
            for table in _table_order():
                if conn.execute(select(func.count()).select_from(table)).scalar():
                    raise ConflictError(f"restore needs an empty database, but table {table.name} has rows")
            for table in _table_order():
                rows = tables.get(table.name, [])
                if not isinstance(rows, list):
                    raise ValidationError(f"tables.{table.name}", "must be a list of rows")
                payload = []
                for index, row in enumerate(rows):
                    if not isinstance(row, dict) or set(row) - set(table.columns.keys()):
                        raise ValidationError(f"tables.{table.name}[{index}]", "has unknown columns")
                    payload.append({c.name: _from_json(c, row.get(c.name), f"tables.{table.name}[{index}].{c.name}")
                                    for c in table.columns})
                if payload:
                    conn.execute(insert(table), payload)
                counts[table.name] = len(payload)
                if conn.dialect.name == "postgresql" and payload:
                    pk = next(iter(table.primary_key.columns))
                    if isinstance(pk.type, Integer):
                        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk.name}'), "
                                          f"(SELECT MAX({pk.name}) FROM {table.name}))"))
    except SQLAlchemyError as exc:
        raise StorageError(f"restore failed (nothing was restored): {exc.__class__.__name__}: {exc}") from None
    return counts
