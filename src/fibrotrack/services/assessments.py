"""Assessments: score an instrument, store it, and follow each instrument over time."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ..diary import local_date
from ..instruments import DEFAULT_CADENCE, Due, Trend, get_instrument, next_due, prefill_wpi, trend
from ..storage import Database, StoredRecord
from .people import resolve_person, utc_now

PREFILL_DAYS = 7  # the WPI asks about pain "in the past week" (REFERENCE.md §1.1)


@dataclass(frozen=True, slots=True)
class AssessmentOutcome:
    """A scored assessment: the result, and the stored id (None with ``save=False``)."""

    instrument: str
    version: str
    result: Mapping[str, Any]
    id: int | None
    answered_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"id", "instrument", "version", "answered_at", "result"}``."""
        return {"id": self.id, "instrument": self.instrument, "version": self.version,
                "answered_at": self.answered_at.isoformat(), "result": dict(self.result)}


def assess(db: Database, *, person: str, instrument: str, answers: Mapping[str, Any], save: bool = True,
           now: datetime | None = None) -> AssessmentOutcome:
    """Score ``answers`` for ``instrument`` and (unless ``save`` is false) store the assessment.

    Raises:
        ValidationError: unknown instrument, or answers the instrument rejects (naming the item).
    """
    now = now or utc_now()
    spec = get_instrument(instrument)
    normalised = spec.validate(answers)
    result = spec.score(normalised).to_dict()
    if not save:
        return AssessmentOutcome(spec.code, spec.version, result, None, now)
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        stored = repo.add_assessment(person_id=who.id, instrument=spec.code, version=spec.version,
                                     answered_at=now, answers=normalised, result=result, now=now)
    return AssessmentOutcome(spec.code, spec.version, result, stored.id, stored.at)


def _outcome(record: StoredRecord) -> AssessmentOutcome:
    return AssessmentOutcome(record.kind, record.data["version"], record.data["result"], record.id, record.at)


@dataclass(frozen=True, slots=True)
class History:
    """One instrument's stored assessments and their trend."""

    instrument: str
    assessments: tuple[AssessmentOutcome, ...]
    trend: Trend

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"instrument", "assessments": [...], "trend": {...}}``."""
        return {"instrument": self.instrument, "assessments": [a.to_dict() for a in self.assessments],
                "trend": self.trend.to_dict()}


def history(db: Database, *, person: str, instrument: str | None = None) -> list[History]:
    """Return the stored assessments grouped by instrument (one instrument when named), each with its trend.

    Raises:
        ValidationError: an unknown instrument.
    """
    code = get_instrument(instrument).code if instrument else None
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=utc_now())
        records = repo.list_assessments(who.id, instrument=code)
    grouped: dict[str, list[StoredRecord]] = {}
    for record in records:
        grouped.setdefault(record.kind, []).append(record)
    if code and code not in grouped:
        grouped[code] = []
    return [History(name, tuple(_outcome(r) for r in items),
                    trend([(r.at, r.data["answers"]) for r in items], instrument=name))
            for name, items in sorted(grouped.items())]


def wpi_prefill(db: Database, *, person: str, now: datetime | None = None) -> list[str]:
    """Return the WPI areas where the person logged pain in the past 7 days, in form order."""
    now = now or utc_now()
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        today = local_date(now, who.time_zone)
        pain = repo.list_observations(who.id, since=today - timedelta(days=PREFILL_DAYS - 1), until=today,
                                      trackables=["pain"])
    return prefill_wpi(o.body_site for o in pain if o.body_site and o.value > 0)


def schedule(db: Database, *, person: str, today: date | None = None,
             intervals_days: Mapping[str, int] | None = None) -> list[Due]:
    """Return when each scheduled instrument (ACR 2016 monthly, FIQR weekly, FiRST once …) is next due.

    ``intervals_days`` overrides the default interval per instrument code.
    """
    now = utc_now()
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        today = today or local_date(now, who.time_zone)
        records = repo.list_assessments(who.id)
        last: dict[str, date] = {}
        for record in records:
            last[record.kind] = local_date(record.at, who.time_zone)
    overrides = intervals_days or {}
    return [next_due(instrument=code, last_on=last.get(code), today=today, interval_days=overrides.get(code))
            for code in DEFAULT_CADENCE]
