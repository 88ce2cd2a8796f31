"""Export a diary to CSV or JSON, and import such files back: all-or-nothing and idempotent."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..catalog import custom_trackable
from ..diary import parse_date, prepare_entry, zone
from ..errors import ConflictError, RowError, RowsInvalidError, ValidationError
from ..interop.csv_io import ParsedRow, format_csv, parse_csv
from ..interop.fhir import FhirAssessment, FhirExport, FhirPerson, FhirTreatment, build_bundle
from ..interop.json_io import format_json, parse_json
from ..storage import Database, Repository
from .people import resolve_person, utc_now
from .trackables import custom_map
from .treatments import KINDS

EXPORT_FORMATS = ("csv", "json", "fhir")
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
    person: str | None = None
    assessments_added: int = 0
    mapped: Mapping[str, str] = field(default_factory=dict)
    skipped: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: counts, the name mapping, what was skipped and every rejected row."""
        return {"format": self.format, "person": self.person, "rows_read": self.rows_read, "added": self.added,
                "duplicates": self.duplicates, "trackables_created": self.trackables_created,
                "treatments_added": self.treatments_added, "assessments_added": self.assessments_added,
                "mapped": dict(self.mapped), "skipped": [{"name": n, "reason": r} for n, r in self.skipped],
                "rejected": [e.to_dict() for e in self.rejected]}


def export_diary(db: Database, *, person: str, fmt: str = "csv", now: datetime | None = None,
                 report_pdf: bytes | None = None) -> str:
    """Return the person's diary as CSV, fibrotrack JSON or a FHIR R4 Bundle (JSON) text.

    ``report_pdf`` (FHIR only) is attached as a DocumentReference.

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
        if fmt == "fhir":
            return _fhir(repo, who, observations, tz=tz, now=now, report_pdf=report_pdf)
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
        created = import_trackables(repo, who.id, extra.get("trackables", []), now=now)
        treatments_added = import_treatments(repo, who.id, extra.get("treatments", []), now=now)
        added, duplicates, errors = store_rows(repo, who.id, rows, parse_errors, default_source=f"import:{fmt}",
                                               skip_invalid=skip_invalid, now=now)
    return ImportSummary(fmt, len(rows) + len(parse_errors), added, duplicates, created, treatments_added,
                         tuple(errors), person=who.name)


def store_rows(repo: Repository, person_id: int, rows: list[ParsedRow], parse_errors: list[RowError], *,
               default_source: str, skip_invalid: bool, now: datetime) -> tuple[int, int, list[RowError]]:
    """Check parsed rows against the catalog and store the new ones; return (added, duplicates, errors).

    Runs inside the caller's unit of work, so an import is all or nothing.

    Raises:
        RowsInvalidError: any invalid row, unless ``skip_invalid``.
    """
    checked, row_errors = _check_rows(rows, custom_map(repo, person_id), default_source=default_source)
    errors = sorted(parse_errors + row_errors, key=lambda e: e.line)
    if errors and not skip_invalid:
        raise RowsInvalidError(errors)
    seen: set[str] = set(repo.existing_source_ids(person_id, (r["source_id"] for r in checked)))
    fresh: list[dict[str, Any]] = []
    for row in checked:
        if row["source_id"] in seen:
            continue
        seen.add(row["source_id"])
        fresh.append(row)
    added = repo.add_observations_bulk(person_id=person_id, rows=fresh, now=now)
    return added, len(checked) - added, errors


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


def import_trackables(repo: Repository, person_id: int, items: list[Any], *, now: datetime) -> int:
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


def import_treatments(repo: Repository, person_id: int, items: list[Any], *, now: datetime) -> int:
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


def _fhir(repo: Repository, who: Any, observations: list[Any], *, tz: Any, now: datetime,
          report_pdf: bytes | None) -> str:
    export = FhirExport(
        person=FhirPerson(who.name, who.birth_year, who.sex), observations=observations,
        trackables=list(custom_map(repo, who.id).values()),
        assessments=[FhirAssessment(a.kind, a.data["version"], a.at, a.data["answers"], a.data["result"])
                     for a in repo.list_assessments(who.id)],
        treatments=[FhirTreatment(t.name, t.kind, t.started_on, t.dose, t.stopped_on, t.reason)
                    for t in repo.list_treatments(who.id)],
        report_pdf=report_pdf, tz=tz, exported_at=now)
    return json.dumps(build_bundle(export), indent=2, ensure_ascii=False) + "\n"
