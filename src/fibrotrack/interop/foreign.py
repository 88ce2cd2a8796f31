"""What an import from another app returns, and the naming rules every importer shares.

Importers of foreign formats (Flaredown, Apple Health) read a file and return one frozen
:class:`ForeignImport`: the observation rows (:class:`~fibrotrack.interop.csv_io.ParsedRow`), the
person's own trackables those rows need, how each foreign name was mapped, what was skipped and
why, and the rows that could not be read. They never touch the database: the import service creates
the trackables, checks every row against the catalog and stores them, all or nothing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..catalog import BUILTIN, Trackable, custom_trackable
from ..catalog.trackables import ALIASES
from ..errors import RowError
from .csv_io import ParsedRow

__all__ = ["MAX_SOURCE_ID_CHARS", "ForeignImport", "make_custom", "slug", "source_id", "trackable_code"]

#: The database column holding ``source_id`` is 120 characters wide.
MAX_SOURCE_ID_CHARS = 120
_CODE_CHARS = 40  # custom trackable codes: ^[a-z][a-z0-9_]{1,39}$
_RESERVED = {t.code for t in BUILTIN} | set(ALIASES)


@dataclass(frozen=True, slots=True)
class ForeignImport:
    """The result of reading another app's export (nothing is stored yet).

    Attributes:
        format: ``"flaredown"`` or ``"apple-health"``.
        rows: observation rows, each with a stable ``source_id`` so re-importing adds nothing twice.
        trackables_to_create: the person's own trackables the rows use (create them before the rows).
        mapped: foreign name → fibrotrack trackable code, for every name that produced rows.
        created: codes of ``trackables_to_create``, in the same order.
        skipped: ``(name, reason)`` for every foreign name or record type that was left out on purpose.
        errors: rows that could not be read (line = the file line, or the record number for XML).
    """

    format: str
    rows: list[ParsedRow] = field(default_factory=list)
    trackables_to_create: list[Trackable] = field(default_factory=list)
    mapped: dict[str, str] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary (counts plus the mapping, the skipped names and the errors)."""
        return {
            "format": self.format,
            "rows": len(self.rows),
            "trackables_to_create": [t.to_dict() for t in self.trackables_to_create],
            "mapped": dict(self.mapped),
            "created": list(self.created),
            "skipped": [{"name": name, "reason": reason} for name, reason in self.skipped],
            "errors": [e.to_dict() for e in self.errors],
        }


def slug(name: str) -> str:
    """Return ``name`` folded to ASCII lower-case words joined by ``_`` ("Brain fog!" → ``brain_fog``)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


def _digest(text: str, chars: int) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:chars]


def trackable_code(prefix: str, name: str) -> str:
    """Return a valid custom trackable code ``<prefix>_<slug of name>`` for a foreign name.

    The code fits the catalog's rule (a letter first, a-z/0-9/_, at most 40 characters). A name too long
    for that, or with no ASCII letters or digits, gets a short hash of the full name, so different names
    never share a code and the same name always gets the same one.
    """
    base = slug(name)
    code = f"{prefix}_{base}" if base else ""
    if not base or len(code) > _CODE_CHARS:
        tail = _digest(name.strip().lower(), 8)
        room = _CODE_CHARS - len(prefix) - len(tail) - 2
        code = f"{prefix}_{base[:room].strip('_')}_{tail}" if base[:room].strip("_") else f"{prefix}_{tail}"
    if code in _RESERVED:  # cannot happen with a prefix, kept as a guard for future prefixes
        code = f"{code}_{_digest(name, 4)}"
    return code


def source_id(*parts: str) -> str:
    """Return ``part:part:…``, shortened with a hash of the whole when longer than the database allows."""
    joined = ":".join(parts)
    if len(joined) <= MAX_SOURCE_ID_CHARS:
        return joined
    digest = _digest(joined, 16)
    return f"{joined[: MAX_SOURCE_ID_CHARS - len(digest) - 1]}~{digest}"


def make_custom(code: str, label: str, unit: str, low: float, high: float) -> Trackable:
    """Return the user trackable for an import (label trimmed to a readable length)."""
    return custom_trackable(code, label[:80], unit, low, high)
