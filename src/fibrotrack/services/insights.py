"""Insights as a use case: load a person's diary, find suspected triggers, measure treatment effects.

The statistics live in :mod:`fibrotrack.analysis` (pure); this module only reads the diary and hands
plain records to it. Each "possible" finding carries a self-experiment suggestion, since only a
randomized self-experiment can confirm it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..analysis import InsightsResult, TreatmentEffect, daily_series, discover_triggers
from ..analysis import treatment_effect as estimate_treatment_effect
from ..analysis.experiments_conditions import suggest_experiment
from ..catalog import builtin_trackable, medication_code
from ..diary import local_date
from ..errors import ValidationError
from ..storage import Database
from .people import resolve_person, utc_now
from .treatments import find_treatment

SYMPTOMS = ("twitching", "weakness", "pain", "fatigue")


@dataclass(frozen=True, slots=True)
class InsightsReport:
    """A person's insights: the analysis result plus a self-experiment suggestion per "possible" finding."""

    person: str
    result: InsightsResult
    suggestions: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"person", "days_logged", "triggers": [...], "not_enough_data": [...], …}``."""
        out = {"person": self.person, **self.result.to_dict()}
        out["suggestions"] = list(self.suggestions)
        return out


def _series(db: Database, *, person: str, now: datetime) -> tuple[str, Any]:
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        observations = repo.list_observations(who.id)
        today = local_date(now, who.time_zone)
    start = observations[0].local_date if observations else None
    return who.name, daily_series(observations, start_on=start, end_on=today if observations else None)


def insights(db: Database, *, person: str, symptom: str | None = None, now: datetime | None = None) -> InsightsReport:
    """Return the person's suspected triggers (FDR-controlled) and not-enough-data states.

    Raises:
        ValidationError: ``symptom`` is not one of twitching, weakness, pain, fatigue.
    """
    if symptom is not None and symptom not in SYMPTOMS:
        raise ValidationError("symptom", f"{symptom!r} is not one of {', '.join(SYMPTOMS)}")
    now = now or utc_now()
    name, series = _series(db, person=person, now=now)
    result = discover_triggers(series, symptoms=[symptom] if symptom else None)
    suggestions = []
    for trigger in result.triggers:
        if trigger.label == "possible":
            suggestion = suggest_experiment(trigger.exposure, trigger.symptom)
            if suggestion.get("testable"):
                suggestions.append(suggestion)
    unique = {(s["exposure"], s["outcome"]): s for s in suggestions}
    return InsightsReport(name, result, tuple(unique.values()))


def treatment_effects(db: Database, *, person: str, name: str, symptom: str | None = None,
                      onset_lag_days: int = 7, now: datetime | None = None) -> list[TreatmentEffect]:
    """Return the measured effect of the treatment ``name`` (id or name) on each symptom (or one ``symptom``).

    Raises:
        NotFoundError: no treatment with that id or name.
        ValidationError: an unknown symptom or a negative onset lag.
    """
    if symptom is not None and symptom not in SYMPTOMS:
        raise ValidationError("symptom", f"{symptom!r} is not one of {', '.join(SYMPTOMS)}")
    now = now or utc_now()
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        target = find_treatment(repo.list_treatments(who.id), name)
    _, series = _series(db, person=person, now=now)
    logged = [code for code in SYMPTOMS if code in series.columns]
    wanted = [symptom] if symptom else (logged or ["twitching"])
    label = medication_code(target.name) if target.kind in ("medication", "supplement") else target.name
    return [estimate_treatment_effect(series, symptom=code, started_on=target.started_on,
                                      onset_lag_days=onset_lag_days, treatment=label)
            for code in wanted if builtin_trackable(code) is not None]
