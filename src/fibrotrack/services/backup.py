"""`fibrotrack backup` / `fibrotrack restore`: the whole database (every person) in one gzip'd JSON file."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

from ..errors import ValidationError
from ..storage import Database
from ..storage.backup import dump, restore


def backup(db: Database, *, out: Path) -> dict[str, int]:
    """Write a consistent snapshot of the database to ``out`` (gzip'd JSON) and return rows per table.

    The file is written to a temporary name, flushed to disk and then renamed, so a crash never leaves a
    half-written backup under the final name.

    Raises:
        ValidationError: ``out`` cannot be written (field ``--out``).
        StorageError: the database could not be read.
    """
    document = dump(db.engine)
    tmp = out.with_name(out.name + ".partial")
    try:
        with gzip.open(tmp, "wt", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ValidationError("--out", f"cannot write {out}: {exc.strerror}") from None
    return {name: len(rows) for name, rows in document["tables"].items()}


def read_backup(path: Path) -> Any:
    """Return the backup document in ``path`` (gzip'd or plain JSON).

    Raises:
        ValidationError: unreadable, or not JSON (field ``FILE``).
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError("FILE", f"cannot read {path}: {exc.strerror}") from None
    try:
        text = gzip.decompress(raw).decode("utf-8") if raw[:2] == b"\x1f\x8b" else raw.decode("utf-8")
        return json.loads(text)
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError("FILE", f"{path} is not a readable backup ({exc.__class__.__name__})") from None


def restore_backup(db: Database, *, path: Path) -> dict[str, int]:
    """Restore the backup in ``path`` into this (empty) database and return rows per table.

    Raises:
        ValidationError: not a backup or a different schema version.
        ConflictError: the database is not empty.
        StorageError: the restore failed (nothing is restored).
    """
    return restore(db.engine, read_backup(path))
