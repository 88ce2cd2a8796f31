"""fibrotrack's long-format CSV: one observation per row.

Header: ``at,trackable,value,unit,body_site,detail,note,source_id``; ``at`` is ISO 8601 with its UTC
offset (the person's local time), ``detail`` a JSON object. Parsing checks the file's shape and types;
catalog validation (ranges, sites) happens in the import service.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..catalog import finite_number
from ..diary.observation import Observation
from ..errors import RowError, ValidationError

HEADER = ("at", "trackable", "value", "unit", "body_site", "detail", "note", "source_id")
MAX_FIELD_CHARS = 10_000


@dataclass(frozen=True, slots=True)
class ParsedRow:
    """One observation read from a file, not yet checked against the catalog."""

    line: int
    at: datetime
    trackable: str
    value: float
    unit: str | None
    body_site: str | None
    detail: dict[str, Any] = field(default_factory=dict)
    note: str | None = None
    source_id: str = ""
    source: str | None = None


def content_id(at: datetime, trackable: str, value: float, body_site: str | None) -> str:
    """Return a stable id for a row that came without one, so re-importing it is still idempotent."""
    key = f"{at.isoformat()}|{trackable}|{value!r}|{body_site or ''}"
    return "sha1:" + hashlib.sha1(key.encode("utf-8")).hexdigest()


def format_csv(observations: Iterable[Observation], *, tz: Any) -> str:
    """Return the CSV text for ``observations``, times shown in time zone ``tz`` (a tzinfo)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for obs in observations:
        writer.writerow([
            obs.at.astimezone(tz).isoformat(), obs.trackable, repr(float(obs.value)), obs.unit, obs.body_site or "",
            json.dumps(dict(obs.detail), sort_keys=True, ensure_ascii=False) if obs.detail else "",
            obs.note or "", obs.source_id,
        ])
    return out.getvalue()


def parse_at(raw: str, *, field: str = "at") -> datetime:
    """Return the aware datetime in ``raw`` (ISO 8601 with an offset or ``Z``).

    Raises:
        ValidationError: not ISO 8601, or without an offset.
    """
    try:
        parsed = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(field, f"{raw!r} is not an ISO 8601 date-time") from None
    if parsed.tzinfo is None:
        raise ValidationError(field, f"{raw!r} has no UTC offset (e.g. 2026-11-24T08:30:00+01:00)")
    return parsed


def parse_value(raw: Any, *, field: str = "value") -> float:
    """Return a finite float.

    Raises:
        ValidationError: empty, not a number, NaN or infinite.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ValidationError(field, "is required")
    return finite_number(raw, field=field)


def parse_detail(raw: str, *, field: str = "detail") -> dict[str, Any]:
    """Return the JSON object in ``raw`` ({} when empty).

    Raises:
        ValidationError: not JSON, or JSON that is not an object.
    """
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValidationError(field, f"is not valid JSON ({exc.msg})") from None
    if not isinstance(value, dict):
        raise ValidationError(field, "must be a JSON object")
    return value


def parse_csv(text: str) -> tuple[list[ParsedRow], list[RowError]]:
    """Return the rows of a fibrotrack CSV and the errors of the rows that could not be read.

    Line numbers are 1-based file lines (the header is line 1).

    Raises:
        ValidationError: the header is not fibrotrack's (field ``header``), e.g. another app's CSV.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError("header", "the file is empty") from None
    except csv.Error as exc:
        raise ValidationError("header", f"not a CSV file ({exc})") from None
    names = tuple(h.strip().lower() for h in header)
    if names != HEADER:
        raise ValidationError("header", f"expected {','.join(HEADER)}; got {','.join(names)[:200]}")
    rows: list[ParsedRow] = []
    errors: list[RowError] = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(RowError(reader.line_num, "row", f"malformed CSV ({exc})"))
            break
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        try:
            rows.append(_row(line, cells))
        except ValidationError as exc:
            errors.append(RowError(line, exc.field, exc.problem))
    return rows, errors


def _row(line: int, cells: list[str]) -> ParsedRow:
    if len(cells) != len(HEADER):
        raise ValidationError("row", f"has {len(cells)} fields; expected {len(HEADER)}")
    for name, cell in zip(HEADER, cells):
        if len(cell) > MAX_FIELD_CHARS:
            raise ValidationError(name, f"is longer than {MAX_FIELD_CHARS} characters")
    raw = dict(zip(HEADER, cells))
    if not raw["trackable"].strip():
        raise ValidationError("trackable", "is required")
    at = parse_at(raw["at"])
    value = parse_value(raw["value"])
    body_site = raw["body_site"].strip() or None
    source_id = raw["source_id"].strip() or content_id(at, raw["trackable"].strip(), value, body_site)
    return ParsedRow(line=line, at=at, trackable=raw["trackable"].strip(), value=value,
                     unit=raw["unit"].strip() or None, body_site=body_site, detail=parse_detail(raw["detail"]),
                     note=raw["note"] or None, source_id=source_id)
