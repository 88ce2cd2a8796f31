"""fibrotrack's JSON export: a person's observations, treatments and own trackables in one document."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from ..diary.observation import Observation
from ..errors import RowError, ValidationError
from .csv_io import ParsedRow, content_id, parse_at, parse_value

FORMAT = "fibrotrack"
VERSION = 1
_OBS_KEYS = {"at", "trackable", "value", "unit", "body_site", "detail", "note", "source", "source_id",
             "local_date", "id", "created_at", "updated_at"}


def format_json(*, person: Mapping[str, Any], observations: Iterable[Observation], treatments: Iterable[Mapping],
                trackables: Iterable[Mapping], tz: Any, exported_at: str) -> str:
    """Return the JSON export document as text (times in time zone ``tz``)."""
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at,
        "person": dict(person),
        "trackables": list(trackables),
        "treatments": list(treatments),
        "observations": [
            {"at": o.at.astimezone(tz).isoformat(), "trackable": o.trackable, "value": o.value, "unit": o.unit,
             "body_site": o.body_site, "detail": dict(o.detail), "note": o.note, "source": o.source,
             "source_id": o.source_id}
            for o in observations
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def parse_json(text: str) -> tuple[dict[str, Any], list[ParsedRow], list[RowError]]:
    """Return (document minus observations, parsed observation rows, row errors).

    Row "line" numbers are 1-based positions in the ``observations`` array.

    Raises:
        ValidationError: not JSON, not a fibrotrack export, or a newer version than this program reads.
    """
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError("file", f"is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValidationError("format", "not a fibrotrack JSON export (expected \"format\": \"fibrotrack\")")
    if not isinstance(doc.get("version"), int) or doc["version"] > VERSION:
        raise ValidationError("version", f"{doc.get('version')!r} is not a version this program reads (≤ {VERSION})")
    items = doc.get("observations", [])
    if not isinstance(items, list):
        raise ValidationError("observations", "must be a list")
    for key in ("treatments", "trackables"):
        if not isinstance(doc.get(key, []), list):
            raise ValidationError(key, "must be a list")
    rows: list[ParsedRow] = []
    errors: list[RowError] = []
    for index, item in enumerate(items, start=1):
        try:
            rows.append(_row(index, item))
        except ValidationError as exc:
            errors.append(RowError(index, exc.field, exc.problem))
    rest = {k: v for k, v in doc.items() if k != "observations"}
    return rest, rows, errors


def _row(index: int, item: Any) -> ParsedRow:
    if not isinstance(item, dict):
        raise ValidationError("observation", "must be an object")
    unknown = set(item) - _OBS_KEYS
    if unknown:
        raise ValidationError(sorted(unknown)[0], "unknown field")
    if not isinstance(item.get("trackable"), str) or not item["trackable"].strip():
        raise ValidationError("trackable", "is required")
    if not isinstance(item.get("at"), str):
        raise ValidationError("at", "is required (ISO 8601 with offset)")
    at = parse_at(item["at"])
    value = parse_value(item.get("value"))
    detail = item.get("detail") or {}
    if not isinstance(detail, dict):
        raise ValidationError("detail", "must be an object")
    site = item.get("body_site") or None
    note = item.get("note")
    if note is not None and not isinstance(note, str):
        raise ValidationError("note", "must be text")
    source_id = str(item.get("source_id") or "") or content_id(at, item["trackable"], value, site)
    source = item.get("source")
    return ParsedRow(line=index, at=at, trackable=item["trackable"].strip(), value=value, unit=item.get("unit"),
                     body_site=site, detail=detail, note=note, source_id=source_id,
                     source=source if isinstance(source, str) and source else None)
