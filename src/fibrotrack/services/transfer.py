"""Export a diary to CSV or JSON, and import such files back: all-or-nothing and idempotent."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..catalog import custom_trackable
from ..diary import parse_date, prepare_entry, zone
from ..errors import ConflictError, RowError, RowsInvalidError, ValidationError
from ..interop.csv_io import ParsedRow, format_csv, parse_csv
from ..interop.json_io import format_json, parse_json
from ..storage import Database, Repository
from .people import resolve_person, utc_now
from .trackables import custom_map
from .treatments import KINDS

EXPORT_FORMATS = ("csv", "json")
IMPORT_FORMATS = ("csv", "json")


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did: counts, and every rejected row with its reason."""

    format: str
    rows_read: int
    added: int
    duplicates: int
    trackables_created: int
    treatments_added: int
    rejected: tuple[RowError, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"format": self.format, "rows_read": self.rows_read, "added": self.added,
                "duplicates": self.duplicates, "trackables_created": self.trackables_created,
                "treatments_added": self.treatments_added, "rejected": [e.to_dict() for e in self.rejected]}


def export_diary(db: Database, *, person: str, fmt: str = "csv", now: datetime | None = None) -> str:
    """Return the person's diary as CSV or JSON text.

    Raises:
        ValidationError: unknown format (field ``format``).
    """
    if fmt not in EXPORT_FORMATS:
        raise ValidationError("format", f"{fmt!r} is not one of {', '.join(EXPORT_FORMATS)}")
    now = now or utc_now()
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        tz = zone(who.time_zone)
        observations = repo.list_observations(who.id)
        if fmt == "csv":
            return format_csv(observations, tz=tz)
        treatments = [
            {k: v for k, v in t.to_dict().items() if k not in ("id", "active")} for t in repo.list_treatments(who.id)
        ]
        return format_json(person={"name": who.name, "time_zone": who.time_zone}, observations=observations,
                           treatments=treatments, trackables=repo.custom_trackables(who.id), tz=tz,
                           exported_at=now.isoformat())


def detect_format(text: str) -> str:
    """Return ``json`` when the text is a JSON document, else ``csv``."""
    return "json" if text.lstrip("\ufeff \t\r\n").startswith("{") else "csv"


def import_diary(db: Database, *, person: str, text: str, fmt: str | None = None, skip_invalid: bool = False,
                 now: datetime | None = None) -> ImportSummary:
    """Import a CSV or JSON diary file into the person's diary and return what happened.

    All-or-nothing by default: any invalid row raises and nothing is written. With ``skip_invalid``
    the valid rows are imported and the rest reported. Idempotent: rows whose ``source_id`` the person
    already has (in any source) are skipped as duplicates.

    Raises:
        ValidationError: unknown format, a file that is not the format, or (without ``skip_invalid``)
            :class:`RowsInvalidError` listing every bad row with line, field and problem.
    """
    fmt = fmt or detect_format(text)
    if fmt not in IMPORT_FORMATS:
        raise ValidationError("format", f"{fmt!r} is not one of {', '.join(IMPORT_FORMATS)}")
    now = now or utc_now()
    extra: dict[str, Any] = {}
    if fmt == "csv":
        rows, parse_errors = parse_csv(text)
    else:
        extra, rows, parse_errors = parse_json(text)
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        created = _import_trackables(repo, who.id, extra.get("trackables", []), now=now)
        treatments_added = _import_treatments(repo, who.id, extra.get("treatments", []), now=now)
        custom = custom_map(repo, who.id)
        checked, row_errors = _check_rows(rows, custom, default_source=f"import:{fmt}")
        errors = sorted(parse_errors + row_errors, key=lambda e: e.line)
        if errors and not skip_invalid:
            raise RowsInvalidError(errors)
        existing = repo.existing_source_ids(who.id, (r["source_id"] for r in checked))
        fresh: list[dict[str, Any]] = []
        seen: set[str] = set(existing)
        for row in checked:
            if row["source_id"] in seen:
                continue
            seen.add(row["source_id"])
            fresh.append(row)
        added = repo.add_observations_bulk(person_id=who.id, rows=fresh, now=now)
    return ImportSummary(fmt, len(rows) + len(parse_errors), added, len(checked) - added, created,
                         treatments_added, tuple(errors))


def _check_rows(rows: list[ParsedRow], custom: Mapping[str, Any], *,
                default_source: str) -> tuple[list[dict[str, Any]], list[RowError]]:
    checked: list[dict[str, Any]] = []
    errors: list[RowError] = []
    for row in rows:
        try:
            entry = prepare_entry(row.trackable, row.value, custom=custom, body_site=row.body_site,
                                  detail=row.detail, note=row.note)
            if row.unit and row.unit != entry.unit:
                raise ValidationError("unit", f"{row.unit!r} does not match {entry.trackable}'s unit {entry.unit!r}")
        except ValidationError as exc:
            errors.append(RowError(row.line, exc.field, exc.problem))
            continue
        checked.append({
            "at": row.at, "local_date": row.at.date(), "trackable": entry.trackable, "value": entry.value,
            "unit": entry.unit, "body_site": entry.body_site, "detail": dict(entry.detail), "note": entry.note,
            "source": row.source or default_source, "source_id": row.source_id,
        })
    return checked, errors


def _import_trackables(repo: Repository, person_id: int, items: list[Any], *, now: datetime) -> int:
    have = {row["code"] for row in repo.custom_trackables(person_id)}
    created = 0
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise ValidationError(f"trackables[{index}]", "must be an object")
        try:
            spec = custom_trackable(str(item.get("code", "")), str(item.get("label", "")), str(item.get("unit", "")),
                                    item.get("low"), item.get("high"))
        except ValidationError as exc:
            raise ValidationError(f"trackables[{index}].{exc.field}", exc.problem) from None
        if spec.code in have:
            continue
        try:
            repo.add_custom_trackable(person_id=person_id, now=now, values={
                "code": spec.code, "label": spec.label, "unit": spec.unit, "low": spec.low, "high": spec.high})
        except ConflictError:
            continue
        have.add(spec.code)
        created += 1
    return created


def _import_treatments(repo: Repository, person_id: int, items: list[Any], *, now: datetime) -> int:
    have = {(t.name.lower(), t.started_on) for t in repo.list_treatments(person_id)}
    added = 0
    for index, item in enumerate(items):
        where = f"treatments[{index}]"
        if not isinstance(item, Mapping) or not str(item.get("name") or "").strip():
            raise ValidationError(f"{where}.name", "is required")
        kind = item.get("kind") or "medication"
        if kind not in KINDS:
            raise ValidationError(f"{where}.kind", f"{kind!r} is not one of {', '.join(KINDS)}")
        started = parse_date(str(item.get("started_on") or ""), field=f"{where}.started_on")
        stopped = parse_date(str(item["stopped_on"]), field=f"{where}.stopped_on") if item.get("stopped_on") else None
        key = (str(item["name"]).strip().lower(), started)
        if key in have:
            continue
        repo.add_treatment(person_id=person_id, now=now, values={
            "name": str(item["name"]).strip()[:120], "kind": kind, "dose": (item.get("dose") or None),
            "started_on": started, "stopped_on": stopped, "reason": item.get("reason") or None})
        have.add(key)
        added += 1
    return added
