"""Treatments: medications, therapies, exercise and lifestyle changes with start and stop dates."""

from __future__ import annotations

from datetime import date, datetime

from ..diary.when import local_date, parse_date
from ..errors import NotFoundError, ValidationError
from ..storage import Database, Treatment
from .people import resolve_person, utc_now

KINDS = ("medication", "supplement", "therapy", "exercise", "lifestyle")


def _check_name(name: str) -> str:
    clean = (name or "").strip()
    if not clean:
        raise ValidationError("name", "must not be empty")
    if len(clean) > 120:
        raise ValidationError("name", "is longer than 120 characters")
    return clean


def _as_date(value: date | str | None, *, field: str, default: date) -> date:
    if value is None or value == "":
        return default
    return value if isinstance(value, date) else parse_date(value, field=field)


def add_treatment(db: Database, *, person: str, name: str, kind: str = "medication", dose: str | None = None,
                  started_on: date | str | None = None, reason: str | None = None,
                  now: datetime | None = None) -> Treatment:
    """Record a treatment (started today unless ``started_on`` is given) and return it.

    Raises:
        ValidationError: empty name, unknown kind, bad or future start date, over-long dose or reason.
    """
    now = now or utc_now()
    if kind not in KINDS:
        raise ValidationError("kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    if dose is not None and len(dose) > 120:
        raise ValidationError("dose", "is longer than 120 characters")
    if reason is not None and len(reason) > 2000:
        raise ValidationError("reason", "is longer than 2000 characters")
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        today = local_date(now, who.time_zone)
        start = _as_date(started_on, field="started_on", default=today)
        if start > today:
            raise ValidationError("started_on", f"{start} is in the future")
        return repo.add_treatment(person_id=who.id, now=now, values={
            "name": _check_name(name), "kind": kind, "dose": (dose or "").strip() or None, "started_on": start,
            "stopped_on": None, "reason": (reason or "").strip() or None})


def find_treatment(treatments: list[Treatment], key: str | int) -> Treatment:
    """Return the treatment whose id or (case-insensitive) name is ``key``; the newest wins for a name.

    Raises:
        NotFoundError: none matches.
    """
    text = str(key).strip()
    if text.isdigit() and len(text) < 12:
        for item in treatments:
            if item.id == int(text):
                return item
    named = [t for t in treatments if t.name.lower() == text.lower()]
    if named:
        return max(named, key=lambda t: (t.started_on, t.id))
    raise NotFoundError("treatment", key)


def stop_treatment(db: Database, *, person: str, key: str | int, stopped_on: date | str | None = None,
                   now: datetime | None = None) -> Treatment:
    """Mark a treatment stopped (today unless ``stopped_on``) and return it.

    Raises:
        NotFoundError: no treatment with that id or name.
        ValidationError: already stopped, or a stop date before the start or in the future.
    """
    now = now or utc_now()
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        target = find_treatment(repo.list_treatments(who.id), key)
        if target.stopped_on is not None:
            raise ValidationError("treatment", f"{target.name} was already stopped on {target.stopped_on}")
        today = local_date(now, who.time_zone)
        stop = _as_date(stopped_on, field="stopped_on", default=today)
        if stop < target.started_on:
            raise ValidationError("stopped_on", f"{stop} is before the start {target.started_on}")
        if stop > today:
            raise ValidationError("stopped_on", f"{stop} is in the future")
        return repo.update_treatment(who.id, target.id, {"stopped_on": stop}, now=now)


def list_treatments(db: Database, *, person: str, active_only: bool = False) -> list[Treatment]:
    """Return the person's treatments by start date."""
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=utc_now())
        return repo.list_treatments(who.id, active_only=active_only)
