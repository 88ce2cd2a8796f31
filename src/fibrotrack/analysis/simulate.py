"""The diary simulator: realistic daily records with a known truth (demo, test fixtures, benchmarks).

:func:`simulate_person` makes one person's diary as observation-like records (catalog codes, valid
ranges, values rounded the way people log them). :func:`simulate_cohort` (re-exported from
:mod:`.simulate_cohort`) is the lower-level, fully parametrised generator the benchmarks use; both are
built from the same processes (:mod:`.processes`).

What makes a diary realistic here:

* symptoms follow AR(1) day-to-day noise (φ 0.5–0.6) around a personal level, with a weekly pattern
  (Mondays a little worse) and flares (runs of 2–4 bad days, about 8 % of days);
* whole days go unlogged (default 12 %), with odds 4× higher on flare days; on a logged day each
  trackable is still skipped now and then;
* exposures are clustered in time (AR(1) or on/off runs) and have weekly rhythms (stress on workdays,
  exertion and alcohol at weekends);
* true triggers act with lags; a treatment (``med:magnesium``) starts mid-diary.

Scenario ``"demo"`` — the truth (points on the symptom's 0–10 scale; exposures centred on their mean;
"per SD" is the average over diaries, the SD of symptom noise being about 1):

====================  ===========  ===  ============================  ==========================
exposure              symptom      lag  effect                        about per SD of exposure
====================  ===========  ===  ============================  ==========================
caffeine_mg           twitching    0    +0.6 per 100 mg               +0.9
stress                twitching    0    +0.45 per point               +0.8
sleep_hours           fatigue      0    −0.8 per hour (night before)  −0.9
sleep_hours           twitching    1    −0.8 per hour                 −0.9
exertion              weakness     1    +0.45 per point               +0.8
med:magnesium         twitching    —    −1.0 level change, from 7 days after the start (mid-diary)
====================  ===========  ===  ============================  ==========================

With the built-in prior, a 365-day demo finds all five as "likely" and a 180-day demo usually four or
five (checked on seeds 1–12; the weakest are stress and exertion at 180 days).

Exposures that are correlated with a true trigger (anxiety with stress, sleep quality with sleep
hours, exercise minutes with exertion) will show associations too, although they have no effect of
their own — the reason findings are worded as associations. Scenario ``"none"`` has the same
exposures, flares, missing days and magnesium, but no trigger or treatment effect.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

import numpy as np

from ..errors import ValidationError
from .processes import ar1, flare_missing, onoff
from .simulate_cohort import SimulatedCohort, simulate_cohort
from .units import effect_scale

__all__ = [
    "SCENARIOS",
    "SimRecord",
    "SimTruth",
    "SimulatedCohort",
    "SimulatedDiary",
    "TrueTreatment",
    "TrueTrigger",
    "simulate_cohort",
    "simulate_person",
]

SCENARIOS = ("demo", "none")

# (exposure, symptom, lag_days, effect per raw unit of the exposure) — the demo truth above.
_DEMO_TRIGGERS = (
    ("caffeine_mg", "twitching", 0, 0.6 / 100.0),
    ("stress", "twitching", 0, 0.45),
    ("sleep_hours", "fatigue", 0, -0.8),
    ("sleep_hours", "twitching", 1, -0.8),
    ("exertion", "weakness", 1, 0.45),
)
_TREATMENT = "med:magnesium"
_ONSET_DAYS = 7
_TREATMENT_CHANGE = -1.0
# symptom: (level, AR(1) phi, marginal SD, flare bump, Monday bump, rounding step)
_SYMPTOMS = {
    "twitching": (3.0, 0.5, 0.9, 0.8, 0.3, 1.0),
    "weakness": (2.5, 0.5, 1.0, 1.5, 0.2, 1.0),
    "pain": (4.5, 0.6, 1.0, 2.0, 0.3, 0.5),
    "fatigue": (4.5, 0.55, 1.0, 1.8, 0.3, 0.5),
}
_TWITCH_SITES = ("eyelid_left", "eyelid_right", "calf_left", "calf_right", "thigh_left", "thumb_right",
                 "foot_left", "face_left")
_PAIN_SITES = ("lower_back", "neck", "shoulder_girdle_left", "shoulder_girdle_right", "upper_back", "hip_left")
_SERVINGS = (("coffee", 96.0, 0.6), ("espresso", 64.0, 0.15), ("tea", 47.0, 0.25))


@dataclass(frozen=True, slots=True)
class SimRecord:
    """One simulated observation: local day ``on``, catalog ``trackable`` code, ``value`` in range.

    ``detail`` is a plain dict (JSON-ready, e.g. ``{"count": 4}``); treat it as read-only.
    """

    on: date
    trackable: str
    value: float
    body_site: str | None = None
    detail: Mapping[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"on": self.on.isoformat(), "trackable": self.trackable, "value": self.value,
                "body_site": self.body_site, "detail": None if self.detail is None else dict(self.detail)}


@dataclass(frozen=True, slots=True)
class TrueTrigger:
    """A true effect: ``symptom`` points per reporting unit of ``exposure`` (see :mod:`.units`) at ``lag_days``.

    ``effect_per_sd`` is the same effect per standard deviation of the exposure in this diary.
    """

    symptom: str
    exposure: str
    lag_days: int
    effect: float
    effect_per_sd: float

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"symptom": self.symptom, "exposure": self.exposure, "lag_days": self.lag_days,
                "effect": self.effect, "effect_per_sd": self.effect_per_sd}


@dataclass(frozen=True, slots=True)
class TrueTreatment:
    """A treatment started on ``started_on``; from ``onset_lag_days`` later ``symptom`` shifts by ``level_change``."""

    trackable: str
    symptom: str
    started_on: date
    onset_lag_days: int
    level_change: float

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"trackable": self.trackable, "symptom": self.symptom, "started_on": self.started_on.isoformat(),
                "onset_lag_days": self.onset_lag_days, "level_change": self.level_change}


@dataclass(frozen=True, slots=True)
class SimTruth:
    """What the simulator put in: the triggers, treatments and noise settings."""

    scenario: str
    triggers: tuple[TrueTrigger, ...]
    treatments: tuple[TrueTreatment, ...]
    ar_phi: Mapping[str, float]
    noise_sd: Mapping[str, float]
    missing_day_rate: float

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"scenario": self.scenario, "triggers": [t.to_dict() for t in self.triggers],
                "treatments": [t.to_dict() for t in self.treatments], "ar_phi": dict(self.ar_phi),
                "noise_sd": dict(self.noise_sd), "missing_day_rate": self.missing_day_rate}


@dataclass(frozen=True, slots=True)
class SimulatedDiary:
    """A simulated diary: ``records`` in day order plus the ``truth`` behind them."""

    start_on: date
    days: int
    records: tuple[SimRecord, ...]
    truth: SimTruth
    unlogged_on: tuple[date, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (records, truth and the unlogged days)."""
        return {"start_on": self.start_on.isoformat(), "days": self.days,
                "records": [r.to_dict() for r in self.records], "truth": self.truth.to_dict(),
                "unlogged_on": [d.isoformat() for d in self.unlogged_on]}


def _round(values: np.ndarray, step: float, low: float, high: float) -> np.ndarray:
    return np.clip(np.round(values / step) * step, low, high)


def _exposures(rng: np.random.Generator, n: int, weekday: np.ndarray, flare: np.ndarray) -> dict[str, np.ndarray]:
    """Daily true exposure values on the raw catalog scale (index 0 = two days before the diary)."""
    weekend = (weekday >= 5).astype(float)
    sleep = _round(7.0 + 0.5 * weekend - 0.4 * flare + ar1(rng, phi=0.35, sd=1.1, shape=(n,)), 0.25, 3.0, 11.0)
    quality = _round(5.5 + 1.2 * (sleep - 7.0) - flare + ar1(rng, phi=0.3, sd=1.2, shape=(n,)), 1.0, 0.0, 10.0)
    stress = _round(4.0 + 1.0 * (weekday < 5) + ar1(rng, phi=0.6, sd=1.8, shape=(n,)), 1.0, 0.0, 10.0)
    anxiety = _round(3.5 + 0.6 * (stress - 4.7) + ar1(rng, phi=0.5, sd=1.2, shape=(n,)), 1.0, 0.0, 10.0)
    exertion = _round(3.0 + 1.5 * weekend - 1.5 * flare + ar1(rng, phi=0.4, sd=1.6, shape=(n,)), 1.0, 0.0, 10.0)
    minutes = np.where(exertion <= 1, 0.0, _round(10.0 * exertion + rng.normal(0, 10, n), 5.0, 0.0, 240.0))
    friday_saturday = np.isin(weekday, (4, 5))
    drinks = np.where(friday_saturday, (rng.random(n) < 0.6) * rng.poisson(1.8, n),
                      (rng.random(n) < 0.15) * rng.poisson(0.8, n))
    cups = rng.poisson(np.exp(np.log(2.0) + ar1(rng, phi=0.5, sd=0.45, shape=(n,))))
    return {"sleep_hours": sleep, "sleep_quality": quality, "stress": stress, "anxiety": anxiety,
            "exertion": exertion, "exertion_min": minutes, "alcohol_units": drinks.astype(float),
            "cups": cups.astype(float)}


def _check(days: int, seed: int, scenario: str, missing_day_rate: float) -> None:
    if isinstance(days, bool) or not isinstance(days, (int, np.integer)) or not 0 <= days <= 3650:
        raise ValidationError("days", "must be a whole number from 0 to 3650")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValidationError("seed", "must be a non-negative whole number")
    if scenario not in SCENARIOS:
        raise ValidationError("scenario", f"{scenario!r} is not one of {', '.join(SCENARIOS)}")
    if not 0.0 <= missing_day_rate <= 0.95:
        raise ValidationError("missing_day_rate", "must be between 0 and 0.95")


def simulate_person(
    *,
    days: int,
    seed: int,
    start_on: date,
    scenario: str = "demo",
    missing_day_rate: float = 0.12,
    treatment_start_day: int | None = None,
) -> SimulatedDiary:
    """Simulate one person's diary of ``days`` days from ``start_on`` (see the module docstring for the truth).

    Args:
        days: diary length (0–3650).
        seed: the only source of randomness; the same arguments give the same diary.
        start_on: the first diary day.
        scenario: ``"demo"`` (built-in triggers and a magnesium effect) or ``"none"`` (no effects).
        missing_day_rate: expected share of days with no record at all (more likely on flare days).
        treatment_start_day: day index on which ``med:magnesium`` starts (default: the middle day).

    Raises:
        ValidationError: days, seed, scenario, rate or start day out of range.
    """
    _check(days, seed, scenario, missing_day_rate)
    start_day = days // 2 if treatment_start_day is None else treatment_start_day
    if not 0 <= start_day <= max(days, 0):
        raise ValidationError("treatment_start_day", f"must be between 0 and {days}")
    rng = np.random.default_rng(seed)
    burn = 2
    n = days + burn
    weekday = (start_on.weekday() + np.arange(-burn, days)) % 7
    flare = onoff(rng, prevalence=0.08, mean_run_days=3.0, shape=(n,))
    x = _exposures(rng, n, weekday, flare)
    serving_kind = rng.choice(len(_SERVINGS), size=(n, 12), p=[s[2] for s in _SERVINGS])
    serving_mg = np.array([s[1] for s in _SERVINGS])[serving_kind]
    x["caffeine_mg"] = np.where(np.arange(12)[None, :] < x["cups"][:, None], serving_mg, 0.0).sum(axis=1)
    effects = _DEMO_TRIGGERS if scenario == "demo" else ()
    change = _TREATMENT_CHANGE if scenario == "demo" else 0.0

    day_index = np.arange(-burn, days)
    latent: dict[str, np.ndarray] = {}
    for symptom, (level, phi, sd, flare_bump, monday, _) in _SYMPTOMS.items():
        y = level + flare_bump * flare + monday * (weekday == 0) + ar1(rng, phi=phi, sd=sd, shape=(n,))
        for exposure, target, lag, per_unit in effects:
            if target == symptom:
                xe = x[exposure] - x[exposure][burn:].mean() if days else x[exposure]
                y[lag:] += per_unit * xe[: n - lag]
        if symptom == "twitching":
            y += change * (day_index >= start_day + _ONSET_DAYS)
        latent[symptom] = y

    unlogged = flare_missing(rng, flare=flare, rate=missing_day_rate, flare_odds=4.0)
    take_dose = rng.random(n) < 0.9
    skip = rng.random((n, 12)) < np.array([0.07, 0.07, 0.07, 0.07, 0.05, 0.12, 0.1, 0.1, 0.15, 0.2, 0.08, 0.08])
    person_sites = rng.choice(_TWITCH_SITES, size=3, replace=False, p=None)
    records: list[SimRecord] = []
    unlogged_on: list[date] = []
    for i in range(burn, n):
        on = start_on + timedelta(days=int(day_index[i]))
        if unlogged[i]:
            unlogged_on.append(on)
            continue
        records.extend(_day_records(rng, on, i, x, latent, skip[i], person_sites, serving_kind[i]))
        if day_index[i] >= start_day and take_dose[i]:
            records.append(SimRecord(on, _TREATMENT, 1.0, detail={"dose": "300 mg"}))

    triggers = tuple(
        TrueTrigger(symptom=target, exposure=exposure, lag_days=lag, effect=per_unit * effect_scale(exposure),
                    effect_per_sd=per_unit * float(np.std(x[exposure][burn:])) if days else 0.0)
        for exposure, target, lag, per_unit in effects
    )
    treatments = ()
    if start_day < days:
        treatments = (TrueTreatment(_TREATMENT, "twitching", start_on + timedelta(days=start_day), _ONSET_DAYS,
                                    change),)
    truth = SimTruth(
        scenario=scenario, triggers=triggers, treatments=treatments,
        ar_phi=MappingProxyType({s: v[1] for s, v in _SYMPTOMS.items()}),
        noise_sd=MappingProxyType({s: v[2] for s, v in _SYMPTOMS.items()}),
        missing_day_rate=missing_day_rate,
    )
    return SimulatedDiary(start_on, days, tuple(records), truth, tuple(unlogged_on))


def _day_records(rng: np.random.Generator, on: date, i: int, x: dict[str, np.ndarray],
                 latent: dict[str, np.ndarray], skip: np.ndarray, sites: np.ndarray,
                 kinds: np.ndarray) -> list[SimRecord]:
    """The records a person makes on one logged day (some trackables skipped)."""
    out: list[SimRecord] = []
    for j, (symptom, params) in enumerate(_SYMPTOMS.items()):
        if skip[j]:
            continue
        value = float(_round(latent[symptom][i : i + 1], params[5], 0.0, 10.0)[0])
        if symptom == "twitching":
            out.extend(_twitch_records(rng, on, value, sites))
        elif symptom == "weakness":
            kind = "true_weakness" if rng.random() < 0.02 and value >= 5 else "tiredness"
            out.append(SimRecord(on, "weakness", value, detail={"kind": kind}))
        elif symptom == "pain":
            out.append(SimRecord(on, "pain", value, body_site=str(rng.choice(_PAIN_SITES))))
        else:
            out.append(SimRecord(on, symptom, value))
    for j, code in enumerate(("sleep_hours", "sleep_quality", "stress", "anxiety", "exertion", "exertion_min",
                              "alcohol_units"), start=4):
        if not skip[j]:
            out.append(SimRecord(on, code, float(x[code][i])))
    if not skip[11]:
        cups = int(x["cups"][i])
        if cups == 0:
            out.append(SimRecord(on, "caffeine_mg", 0.0))
        for k in range(min(cups, 12)):
            name, mg, _ = _SERVINGS[int(kinds[k])]
            out.append(SimRecord(on, "caffeine_mg", mg, detail={"serving": name, "servings": 1.0}))
    return out


def _twitch_records(rng: np.random.Generator, on: date, value: float, sites: np.ndarray) -> list[SimRecord]:
    if value <= 0:
        return [SimRecord(on, "twitching", 0.0, detail={"count": 0})]
    first = str(sites[0] if rng.random() < 0.6 else rng.choice(sites))
    count = int(rng.poisson(1.5 * value)) + 1
    out = [SimRecord(on, "twitching", value, body_site=first, detail={"count": count})]
    if rng.random() < 0.3:
        other = str(rng.choice([s for s in sites if s != first]))
        second = float(max(0.0, value - rng.integers(1, 4)))
        out.append(SimRecord(on, "twitching", second, body_site=other,
                             detail={"count": int(rng.poisson(1.5 * second)) + 1}))
    return out
