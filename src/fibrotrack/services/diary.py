"""Recording, editing, deleting and listing observations (single entries and whole check-ins)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..catalog import canonical_code
from ..diary import Entry, Observation, local_date, parse_when, prepare_entry
from ..errors import ValidationError
from ..storage import Database
from .people import resolve_person, utc_now
from .trackables import custom_map
from .triage import TriageOutcome, evaluate_entries

_ENTRY_KEYS = {"trackable", "value", "site", "body_site", "detail", "note", "serving"}


def _row_values(entry: Entry, *, at: datetime, tz: str, source: str = "manual",
                source_id: str | None = None) -> dict[str, Any]:
    return {
        "at": at, "local_date": local_date(at, tz), "trackable": entry.trackable, "value": entry.value,
        "unit": entry.unit, "body_site": entry.body_site, "detail": dict(entry.detail), "note": entry.note,
        "source": source, "source_id": source_id or uuid.uuid4().hex,
    }


def log(db: Database, *, person: str, trackable: str, value: Any, at: str | datetime | None = None,
        site: str | None = None, detail: Mapping[str, Any] | None = None, note: str | None = None,
        serving: str | None = None, now: datetime | None = None) -> Observation:
    """Record one observation (triaged like any check-in) and return it.

    ``at`` may be a datetime or text as :func:`fibrotrack.diary.parse_when` reads it (default: now).
    Use :func:`checkin` with one entry to get the triage result as well.

    Raises:
        ValidationError: unknown trackable, value out of range, bad site, detail, time or note.
    """
    entry = {"trackable": trackable, "value": value, "site": site, "detail": detail, "note": note,
             "serving": serving}
    return checkin(db, person=person, entries=[entry], at=at, now=now, entry_field=None).observations[0]


@dataclass(frozen=True, slots=True)
class CheckinResult:
    """What a check-in stored: the observations, in the order given, and its triage result."""

    observations: tuple[Observation, ...]
    triage: TriageOutcome

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"triage": {...}, "observations": [...]}`` (triage first: it is shown first)."""
        return {"triage": self.triage.to_dict(), "observations": [o.to_dict() for o in self.observations]}


def parse_checkin_entries(entries: Any) -> list[Mapping[str, Any]]:
    """Return the check-in entries after a shape check (each a mapping with known keys).

    Raises:
        ValidationError: not a list, an entry that is not an object, or an unknown key (``entries[i].key``).
    """
    if not isinstance(entries, list) or not entries:
        raise ValidationError("entries", "must be a non-empty list of entries")
    for index, item in enumerate(entries):
        if not isinstance(item, Mapping):
            raise ValidationError(f"entries[{index}]", "must be an object with trackable and value")
        unknown = set(item) - _ENTRY_KEYS
        if unknown:
            raise ValidationError(f"entries[{index}].{sorted(unknown)[0]}", "unknown field")
        if "trackable" not in item or "value" not in item:
            missing = "trackable" if "trackable" not in item else "value"
            raise ValidationError(f"entries[{index}].{missing}", "is required")
    return entries


def checkin(db: Database, *, person: str, entries: Sequence[Mapping[str, Any]], at: str | datetime | None = None,
            triage: Mapping[str, Any] | None = None, now: datetime | None = None,
            entry_field: str | None = "entries") -> CheckinResult:
    """Record a check-in (several entries at one time) and triage it, in one transaction: all or nothing.

    Each entry is ``{"trackable", "value", "site"?, "detail"?, "note"?, "serving"?}``; ``triage`` holds
    the answers to the red-flag questions (a partial triage case: signs, progression, …). Red-flag
    rules run on every check-in and the triage event is stored with the entries.

    Raises:
        ValidationError: any bad entry (named ``entries[i].<field>``; nothing is stored) or bad triage answers
            (``triage.<path>``).
    """
    now = now or utc_now()
    entries = [{k: v for k, v in e.items() if v is not None} for e in entries]
    if entry_field:
        parse_checkin_entries(entries)
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        custom = custom_map(repo, who.id)
        when = at if isinstance(at, datetime) else parse_when(at, now=now, tz=who.time_zone)
        prepared = []
        for index, item in enumerate(entries):
            try:
                prepared.append(prepare_entry(
                    str(item["trackable"]), item["value"], custom=custom,
                    body_site=item.get("site", item.get("body_site")), detail=item.get("detail"),
                    note=item.get("note"), serving=item.get("serving")))
            except ValidationError as exc:
                if entry_field is None:
                    raise
                raise ValidationError(f"{entry_field}[{index}].{exc.field}", exc.problem) from None
        outcome = evaluate_entries(repo, person_id=who.id, time_zone=who.time_zone, entries=prepared,
                                   extra=triage, at=when)
        stored = tuple(repo.add_observation(person_id=who.id, values=_row_values(e, at=when, tz=who.time_zone),
                                            now=now) for e in prepared)
    return CheckinResult(stored, outcome)


_UNSET: Any = object()


def edit(db: Database, *, person: str, observation_id: int, value: Any = _UNSET, at: str | None = None,
         site: str | None = _UNSET, detail: Mapping[str, Any] | None = None, note: str | None = _UNSET,
         now: datetime | None = None) -> Observation:
    """Change an observation's value, time, site, detail (merged) or note, and return it.

    Raises:
        NotFoundError: no such observation for this person.
        ValidationError: the changed observation would be invalid.
    """
    now = now or utc_now()
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        old = repo.get_observation(who.id, observation_id)
        merged_detail = {**old.detail, **(detail or {})}
        entry = prepare_entry(
            old.trackable, old.value if value is _UNSET else value, custom=custom_map(repo, who.id),
            body_site=old.body_site if site is _UNSET else site, detail=merged_detail,
            note=old.note if note is _UNSET else note,
        )
        changes: dict[str, Any] = {"value": entry.value, "body_site": entry.body_site, "detail": dict(entry.detail),
                                   "note": entry.note}
        if at is not None:
            when = parse_when(at, now=now, tz=who.time_zone)
            changes.update(at=when, local_date=local_date(when, who.time_zone))
        return repo.update_observation(who.id, observation_id, changes, now=now)


def delete(db: Database, *, person: str, observation_id: int, now: datetime | None = None) -> Observation:
    """Soft-delete an observation (kept for audit, hidden everywhere) and return it.

    Raises:
        NotFoundError: no such live observation for this person.
    """
    now = now or utc_now()
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        return repo.soft_delete_observation(who.id, observation_id, now=now)


def list_observations(db: Database, *, person: str, since: date | None = None, until: date | None = None,
                      trackable: str | None = None, limit: int | None = None) -> list[Observation]:
    """Return the person's observations in time order, filtered by local date range and trackable.

    Raises:
        ValidationError: ``since`` after ``until``.
    """
    if since and until and since > until:
        raise ValidationError("since", f"{since} is after until {until}")
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=utc_now())
        codes = [canonical_code(trackable)] if trackable else None
        return repo.list_observations(who.id, since=since, until=until, trackables=codes, limit=limit)



def get_observation(db: Database, *, person: str, observation_id: int) -> Observation:
    """Return one live observation of the person.

    Raises:
        NotFoundError: no such observation for this person.
    """
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=utc_now())
        return repo.get_observation(who.id, observation_id)
