"""When each questionnaire is next due, and how its headline score has moved over time (pure).

Default cadences (fibrotrack policy, each reason given in :data:`DEFAULT_CADENCE`):

- ``acr2016`` (self-report): every 28 days — monthly, on the same weekday, so the past-week WPI and
  symptom questions (clinical REFERENCE.md §1.1–§1.2) sample a comparable week;
- ``fiqr``: every 7 days, matching its past-7-days recall window (REFERENCE.md §3.1);
- ``first``: once (a screen, REFERENCE.md §2);
- every other instrument (``acr2011``, ``fs``, clinician forms, ``mrc``): on demand.

An explicit ``interval_days`` overrides the default for any instrument. Dates are calendar dates (``_on``);
``today`` is always passed in, never read from a clock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Any, Literal

from ..errors import ValidationError
from .base import FieldsJson
from .registry import get_instrument

Cadence = Literal["interval", "once", "on_demand"]


@dataclass(frozen=True, slots=True)
class DefaultCadence:
    """How often an instrument is offered by default, and why."""

    cadence: Cadence
    interval_days: int | None
    reason: str


DEFAULT_CADENCE: Mapping[str, DefaultCadence] = MappingProxyType({
    "acr2016": DefaultCadence("interval", 28, "monthly (every 4 weeks) self-report of the 2016 survey"),
    "fiqr": DefaultCadence("interval", 7, "weekly, matching the FIQR's past-7-days recall (REFERENCE.md §3.1)"),
    "first": DefaultCadence("once", None, "a one-off screening questionnaire (REFERENCE.md §2)"),
})
_ON_DEMAND = DefaultCadence("on_demand", None, "offered on demand only")

#: The headline value of each instrument's result, and whether a higher value is worse.
HEADLINES: Mapping[str, tuple[str, bool]] = MappingProxyType({
    "acr2016": ("fs", True), "acr2011": ("fs", True), "acr2010": ("fs", True), "acr2016_clinician": ("fs", True),
    "fs": ("fs", True), "fiqr": ("total", True), "first": ("score", True), "mrc": ("sum_score", False),
})


@dataclass(frozen=True, slots=True, kw_only=True)
class Due(FieldsJson):
    """When ``instrument`` is next due. ``due_on`` is None when it is not scheduled (once done, on demand)."""

    instrument: str
    cadence: Cadence
    interval_days: int | None
    last_on: date | None
    due_on: date | None
    is_due: bool
    days_overdue: int


def _check_date(field: str, value: Any, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValidationError(field, f"{value!r} is not a calendar date")


def next_due(*, instrument: str, last_on: date | None, today: date, interval_days: int | None = None) -> Due:
    """Return when ``instrument`` is next due, given the date it was ``last_on`` completed (None: never).

    Interval cadence: due on ``last_on + interval_days`` (today when never done); ``is_due`` when
    ``today`` ≥ due date; ``days_overdue`` counts days past it (0 when not overdue). Once: due today until
    done, then never. On demand: never scheduled.

    Raises:
        ValidationError: unknown instrument, a non-date ``last_on``/``today``, or ``interval_days`` that is
            not a whole number from 1 to 3650.
    """
    code = get_instrument(instrument).code
    _check_date("last_on", last_on, optional=True)
    _check_date("today", today)
    default = DEFAULT_CADENCE.get(code, _ON_DEMAND)
    if interval_days is not None:
        if isinstance(interval_days, bool) or not isinstance(interval_days, int) or not 1 <= interval_days <= 3650:
            raise ValidationError("interval_days", f"{interval_days!r} is not a whole number of days from 1 to 3650")
        default = DefaultCadence("interval", interval_days, "interval chosen by the person")
    due_on: date | None
    if default.cadence == "interval":
        due_on = today if last_on is None else last_on + timedelta(days=default.interval_days or 0)
    elif default.cadence == "once":
        due_on = today if last_on is None else None
    else:
        due_on = None
    is_due = due_on is not None and today >= due_on
    overdue = (today - due_on).days if is_due and due_on is not None else 0
    return Due(instrument=code, cadence=default.cadence, interval_days=default.interval_days, last_on=last_on,
               due_on=due_on, is_due=is_due, days_overdue=overdue)


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One scored assessment: when it was answered and its headline value (unrounded)."""

    at: datetime
    value: float

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"at", "on", "value"}`` (``on`` is the date part of ``at`` as given)."""
        return {"at": self.at.isoformat(), "on": self.at.date().isoformat(), "value": self.value}


@dataclass(frozen=True, slots=True, kw_only=True)
class Trend(FieldsJson):
    """The headline value over time; ``direction`` is "worse", "better", "unchanged" or "not enough data"."""

    instrument: str
    headline: str
    higher_is_worse: bool
    points: tuple[TrendPoint, ...]
    latest: float | None
    previous: float | None
    change: float | None
    direction: str
    skipped: int


def trend(history: Sequence[tuple[datetime, Mapping[str, Any]]], *, instrument: str) -> Trend:
    """Score each ``(answered_at, answers)`` pair of ``history`` and return the headline trend.

    Answers (not stored results) are re-scored so every point uses today's scoring rules. Headlines: FS for
    the ACR forms and ``fs``, total for ``fiqr``, score for ``first``, sum score for ``mrc`` (higher is
    better only for ``mrc``). Points whose headline cannot be computed (an ``acr2010`` form without the
    three symptom items, an incomplete MRC) are skipped and counted. Points are sorted by time; ``change`` =
    latest − previous; any non-zero change is reported, since no minimal important difference is verified
    for these scores (REFERENCE.md §3.3).

    Raises:
        ValidationError: unknown instrument, an entry that is not (datetime, answers) (field ``history[i]``),
            invalid answers (field ``history[i].<item>``) or naive and aware datetimes mixed.
    """
    inst = get_instrument(instrument)
    headline, higher_is_worse = HEADLINES.get(inst.code, ("score", True))
    points: list[TrendPoint] = []
    skipped = 0
    for index, entry in enumerate(history):
        if not (isinstance(entry, (tuple, list)) and len(entry) == 2 and isinstance(entry[0], datetime)):
            raise ValidationError(f"history[{index}]", "must be a pair (answered_at datetime, answers)")
        try:
            value = inst.score(entry[1]).to_dict()[headline]
        except ValidationError as error:
            raise ValidationError(f"history[{index}].{error.field}", error.problem) from error
        if value is None:
            skipped += 1
        else:
            points.append(TrendPoint(entry[0], value))
    try:
        points.sort(key=lambda p: p.at)
    except TypeError:
        raise ValidationError("history", "mixes timezone-aware and naive datetimes") from None
    latest = points[-1].value if points else None
    previous = points[-2].value if len(points) > 1 else None
    change = None if latest is None or previous is None else latest - previous
    if change is None:
        direction = "not enough data"
    elif change == 0:
        direction = "unchanged"
    else:
        direction = "worse" if (change > 0) == higher_is_worse else "better"
    return Trend(instrument=inst.code, headline=headline, higher_is_worse=higher_is_worse, points=tuple(points),
                 latest=latest, previous=previous, change=change, direction=direction, skipped=skipped)
