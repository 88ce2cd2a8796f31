"""What the clinician report shows, as frozen plain data, and helpers that build it from observations.

The report service gathers :class:`ReportData` (from storage, the instruments, triage and the insights
engine) and hands it to :func:`~fibrotrack.report.pdf.render_pdf` or to the web page; nothing here reads
a database or the clock. Treatment effects, trigger suspicions and experiment results arrive as plain
dicts from the insights engine:

* treatment effect: ``{"name", "change", "ci", "sentence"}`` — ``change`` in the symptom's own points,
  ``ci`` a ``[low, high]`` interval (or None);
* trigger suspicion: ``{"sentence", "effect", "ci", "label"}`` — ``label`` such as "suspected";
* experiment result: ``{"verdict"}`` or ``{"sentence"}`` — the verdict sentence.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..catalog import builtin_trackable
from ..diary.observation import Observation
from ..errors import ValidationError

__all__ = [
    "COURSE_TRACKABLES",
    "AssessmentPoint",
    "RedFlag",
    "ReportData",
    "ReportPerson",
    "ReportTreatment",
    "SiteCount",
    "SymptomSeries",
    "daily_series",
    "days_logged",
    "site_counts",
]

#: The symptoms whose course the report draws, in this order.
COURSE_TRACKABLES = ("twitching", "weakness", "pain")


@dataclass(frozen=True, slots=True)
class ReportPerson:
    """Who the report is about (as the person entered it)."""

    name: str
    birth_year: int | None = None
    sex: str | None = None


@dataclass(frozen=True, slots=True)
class SymptomSeries:
    """One symptom's daily values (``points`` = ``(local date, value)``, days without a value left out)."""

    trackable: str
    label: str
    points: tuple[tuple[date, float], ...]


@dataclass(frozen=True, slots=True)
class SiteCount:
    """On how many days ``trackable`` was logged at ``body_site``."""

    trackable: str
    body_site: str
    days: int


@dataclass(frozen=True, slots=True)
class AssessmentPoint:
    """One scored assessment: the instrument code, when, and the result dict (``reasons`` included)."""

    instrument: str
    answered_at: datetime
    result: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A triage event: when, its urgency (``emergency``/``urgent``/``routine``/…) and the rules that fired."""

    at: datetime
    urgency: str
    rules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReportTreatment:
    """A treatment with its measured effects (dicts from the insights engine) and EULAR 2016 strength text."""

    name: str
    kind: str
    started_on: date
    stopped_on: date | None = None
    dose: str | None = None
    eular: str | None = None
    effects: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything the report shows. ``generated_at`` (aware) is printed and stamped into the PDF."""

    person: ReportPerson
    period_from: date
    period_to: date
    days_logged: int
    generated_at: datetime
    series: tuple[SymptomSeries, ...] = ()
    body_sites: tuple[SiteCount, ...] = ()
    assessments: tuple[AssessmentPoint, ...] = ()
    red_flags: tuple[RedFlag, ...] = ()
    treatments: tuple[ReportTreatment, ...] = ()
    triggers: tuple[Mapping[str, Any], ...] = ()
    experiments: tuple[Mapping[str, Any], ...] = ()
    sources: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.period_to < self.period_from:
            raise ValidationError("period_to", f"{self.period_to} is before {self.period_from}")
        if not 0 <= self.days_logged <= self.days_in_period:
            raise ValidationError("days_logged", f"{self.days_logged} is not between 0 and {self.days_in_period}")
        if self.generated_at.tzinfo is None:
            raise ValidationError("generated_at", "must be timezone-aware")

    @property
    def days_in_period(self) -> int:
        """Calendar days from ``period_from`` to ``period_to``, both included."""
        return (self.period_to - self.period_from).days + 1


def _in_period(obs: Observation, period_from: date | None, period_to: date | None) -> bool:
    return (period_from is None or obs.local_date >= period_from) and (period_to is None or obs.local_date <= period_to)


def daily_series(observations: Iterable[Observation], *, trackables: Iterable[str] = COURSE_TRACKABLES,
                 period_from: date | None = None, period_to: date | None = None) -> tuple[SymptomSeries, ...]:
    """Return one daily series per trackable, each day's entries combined by the catalog's rule.

    Twitching and weakness take the day's maximum, pain the mean (``Trackable.aggregate``); days
    without an entry are left out (never filled).
    """
    wanted = tuple(trackables)
    by_day: dict[str, dict[date, list[float]]] = {code: defaultdict(list) for code in wanted}
    for obs in observations:
        if obs.trackable in by_day and _in_period(obs, period_from, period_to):
            by_day[obs.trackable][obs.local_date].append(float(obs.value))
    out = []
    for code in wanted:
        spec = builtin_trackable(code)
        how = spec.aggregate if spec else "mean"
        combine = {"max": max, "sum": sum}.get(how, lambda v: sum(v) / len(v))
        points = tuple((on, float(combine(values))) for on, values in sorted(by_day[code].items()))
        out.append(SymptomSeries(code, spec.label if spec else code, points))
    return tuple(out)


def site_counts(observations: Iterable[Observation], *, period_from: date | None = None,
                period_to: date | None = None) -> tuple[SiteCount, ...]:
    """Return, per (trackable, body site), the number of days it was logged with a value above 0."""
    days: dict[tuple[str, str], set[date]] = defaultdict(set)
    for obs in observations:
        if obs.body_site and obs.value > 0 and _in_period(obs, period_from, period_to):
            days[(obs.trackable, obs.body_site)].add(obs.local_date)
    counts = Counter({key: len(value) for key, value in days.items()})
    return tuple(SiteCount(t, s, n) for (t, s), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def days_logged(observations: Iterable[Observation], *, period_from: date, period_to: date) -> int:
    """Return the number of distinct local days in the period with at least one observation."""
    return len({o.local_date for o in observations if _in_period(o, period_from, period_to)})
