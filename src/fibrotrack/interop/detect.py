"""Which importer reads a file: from its first few kilobytes and its name, so ``import FILE`` needs no ``--format``.

Rules, first match wins:

1. a zip (``PK`` signature, or a ``.zip`` name) → ``apple-health`` (the only zip fibrotrack reads);
2. XML (``<?xml`` or ``<`` first) → ``apple-health`` when it names ``HealthData``; a ``.xml`` name alone too;
3. JSON (``{`` first) → ``fhir`` when it has a ``"resourceType"``, ``json`` when it is fibrotrack's export;
4. CSV → ``csv`` for fibrotrack's header, ``flaredown`` for either Flaredown layout.

Anything else is a :class:`~fibrotrack.errors.ValidationError` asking for ``--format``.
"""

from __future__ import annotations

import csv
import io
import re

from ..errors import ValidationError
from .csv_io import HEADER as CSV_HEADER
from .flaredown import flaredown_layout

__all__ = ["FORMATS", "HEAD_BYTES", "detect_format"]

FORMATS = ("csv", "json", "fhir", "flaredown", "apple-health")
#: How much of a file to pass as ``head``.
HEAD_BYTES = 8192
_RESOURCE_TYPE = re.compile(r'"resourceType"\s*:')
_FIBROTRACK_JSON = re.compile(r'"format"\s*:\s*"fibrotrack"')


def _text(head: bytes | str) -> str:
    if isinstance(head, bytes):
        return head.decode("utf-8-sig", errors="replace")
    return head.lstrip("\ufeff")


def detect_format(head: bytes | str, *, filename: str | None = None) -> str:
    """Return ``csv``, ``json``, ``fhir``, ``flaredown`` or ``apple-health`` for a file's first bytes and name.

    Raises:
        ValidationError: the content matches none of them (field ``format``).
    """
    name = (filename or "").lower()
    if (isinstance(head, bytes) and head.startswith(b"PK\x03\x04")) or name.endswith(".zip"):
        return "apple-health"
    text = _text(head)
    start = text.lstrip()
    if start.startswith("<"):
        if "HealthData" in start or name.endswith(".xml"):
            return "apple-health"
        raise ValidationError("format", "an XML file that is not an Apple Health export (no <HealthData>)")
    if start.startswith("{"):
        if _RESOURCE_TYPE.search(start):
            return "fhir"
        if _FIBROTRACK_JSON.search(start) or name.endswith(".json"):
            return "json"
        raise ValidationError("format", "a JSON file that is neither a fibrotrack export nor a FHIR resource")
    first_line = start.splitlines()[0] if start else ""
    try:
        header = next(csv.reader(io.StringIO(first_line)), [])
    except csv.Error:
        header = []
    if tuple(h.strip().lower() for h in header) == CSV_HEADER:
        return "csv"
    if flaredown_layout(header) is not None:
        return "flaredown"
    raise ValidationError("format", "cannot tell the format from the content; give --format "
                                    f"({', '.join(FORMATS)})")
