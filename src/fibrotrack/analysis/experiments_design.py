"""Randomised N-of-1 designs: block pairs, washout days, the daily calendar and extending by whole pairs.

**Design.** ``pairs`` pairs of two periods of ``period_days`` days each; one period of every pair is
condition A, the other B, in an order drawn at random per pair (AB or BA). The first ``washout_days``
of every period are *settling-in* days: the person follows the new condition but the days are not
analysed, so carry-over from the previous condition (and withdrawal) does not count.

**Randomisation** (reproducible from the stored seed): with ``u = numpy.random.default_rng(seed).random(k)``
pair *i* (0-based) is BA when ``u[i] < 0.5`` and AB otherwise. NumPy draws one double per pair in
sequence, so the first k numbers do not depend on how many are drawn: :func:`extend` appends pairs
whose orders come from the same stream and the existing calendar never changes. The orders are stored
in the design as well (``orders``), so a stored calendar stays fixed even if a future NumPy changed its
stream; :meth:`ExperimentDesign.from_dict` uses the stored orders.

**Checks** (each a :class:`~fibrotrack.errors.ValidationError` naming the field and what would work):
2–12 pairs, 3–28-day periods (caffeine at least 7), ``0 ≤ washout_days ≤ period_days − 2``, at most a
year in total, a start not before ``today`` (it would rewrite logged days) and within 90 days of it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from ..errors import ValidationError
from .experiments_conditions import PERIOD_DAYS_RANGE, Conditions, check_outcome, conditions_for

__all__ = ["MAX_PAIRS", "DayAssignment", "DesignRevision", "ExperimentDesign", "ScheduleDay", "TrialLayout",
           "assignment_on", "check_lengths", "design_experiment", "extend", "pair_orders", "trial_layout"]

SCHEMA = "fibrotrack.experiment/1"
MIN_PAIRS, MAX_PAIRS = 2, 12
MAX_DAYS = 365
MAX_START_AHEAD_DAYS = 90
_PAIRS_HINT = " (at least 2: one pair cannot tell an effect from chance; 4 is the default)"


def pair_orders(seed: int, count: int) -> tuple[str, ...]:
    """Return the orders ("AB"/"BA") of the first ``count`` pairs for ``seed`` (module docstring)."""
    u = np.random.default_rng(seed).random(count)
    return tuple("BA" if x < 0.5 else "AB" for x in u)


@dataclass(frozen=True, slots=True)
class TrialLayout:
    """Per-day arrays of a design (day 0 = start): 0-based ``pair`` and ``period``, 1-based
    ``day_in_period``, ``is_b`` (condition B) and ``is_washout``."""

    pair: np.ndarray
    period: np.ndarray
    day_in_period: np.ndarray
    is_b: np.ndarray
    is_washout: np.ndarray


def trial_layout(period_days: int, washout_days: int, orders: tuple[str, ...]) -> TrialLayout:
    """Return the per-day layout of a design with the given period length, washout and pair orders."""
    n = 2 * len(orders) * period_days
    day = np.arange(n)
    period = day // period_days
    pair = period // 2
    within = day % period_days
    first_b = np.array([o == "BA" for o in orders], dtype=bool)
    is_b = np.where(period % 2 == 0, first_b[pair], ~first_b[pair]) if n else np.zeros(0, dtype=bool)
    return TrialLayout(pair=pair, period=period, day_in_period=within + 1, is_b=is_b, is_washout=within < washout_days)


@dataclass(frozen=True, slots=True)
class ScheduleDay:
    """One calendar day of an experiment (pair, period and day numbers are 1-based)."""

    on: date
    day_number: int
    pair: int
    period: int
    condition: str
    condition_label: str
    is_washout: bool
    instruction: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"on": self.on.isoformat(), "day_number": self.day_number, "pair": self.pair, "period": self.period,
                "condition": self.condition, "condition_label": self.condition_label,
                "is_washout": self.is_washout, "instruction": self.instruction}


@dataclass(frozen=True, slots=True)
class ExperimentDesign:
    """A randomised block-pair N-of-1 design (module docstring). ``orders`` has one "AB"/"BA" per pair;
    ``pairs_planned`` is the number of pairs at creation (more after :func:`extend`)."""

    exposure: str
    outcome: str
    period_days: int
    washout_days: int
    orders: tuple[str, ...]
    pairs_planned: int
    seed: int
    start_on: date
    created_on: date
    medicine_kind: str | None = None

    @property
    def pairs(self) -> int:
        """Number of pairs now."""
        return len(self.orders)

    @property
    def n_days(self) -> int:
        """Number of calendar days."""
        return 2 * self.pairs * self.period_days

    @property
    def end_on(self) -> date:
        """The last day."""
        return self.start_on + timedelta(days=self.n_days - 1)

    @property
    def conditions(self) -> Conditions:
        """The two conditions with their labels and instructions."""
        return conditions_for(self.exposure, medicine_kind=self.medicine_kind)

    @property
    def layout(self) -> TrialLayout:
        """Per-day arrays (pair, period, condition, washout)."""
        return trial_layout(self.period_days, self.washout_days, self.orders)

    @property
    def schedule(self) -> tuple[ScheduleDay, ...]:
        """One entry per day from ``start_on`` to ``end_on``, with the plain-words instruction."""
        lay, cond = self.layout, self.conditions
        days = []
        for i in range(self.n_days):
            label = "B" if lay.is_b[i] else "A"
            text = cond.instruction(label)
            if lay.is_washout[i]:
                text += ". Settling-in day: keep to the plan; it is not counted in the result"
            days.append(ScheduleDay(self.start_on + timedelta(days=i), i + 1, int(lay.pair[i]) + 1,
                                    int(lay.period[i]) + 1, label, cond.label(label), bool(lay.is_washout[i]),
                                    text + "."))
        return tuple(days)

    @property
    def design_hash(self) -> str:
        """SHA-256 of what defines the calendar (exposure, outcome, lengths, orders, seed, start, medicine kind)."""
        core = {"exposure": self.exposure, "outcome": self.outcome, "period_days": self.period_days,
                "washout_days": self.washout_days, "orders": list(self.orders), "seed": self.seed,
                "start_on": self.start_on.isoformat(), "medicine_kind": self.medicine_kind}
        return hashlib.sha256(json.dumps(core, sort_keys=True).encode()).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        """Return everything needed to rebuild the design, plus the derived calendar and conditions."""
        return {"schema": SCHEMA, "exposure": self.exposure, "outcome": self.outcome,
                "period_days": self.period_days, "washout_days": self.washout_days, "pairs": self.pairs,
                "pairs_planned": self.pairs_planned, "orders": list(self.orders), "seed": self.seed,
                "randomization": "numpy.random.default_rng(seed).random(pairs): pair i is BA when u[i] < 0.5",
                "start_on": self.start_on.isoformat(), "end_on": self.end_on.isoformat(),
                "created_on": self.created_on.isoformat(), "medicine_kind": self.medicine_kind,
                "n_days": self.n_days, "design_hash": self.design_hash, "conditions": self.conditions.to_dict(),
                "schedule": [d.to_dict() for d in self.schedule]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExperimentDesign:
        """Rebuild a design from :meth:`to_dict` output (derived keys are ignored).

        Raises:
            ValidationError: a missing or malformed key (named), or parameters outside the allowed ranges.
        """
        if not isinstance(data, Mapping):
            raise ValidationError("design", "must be a mapping from ExperimentDesign.to_dict()")
        if data.get("schema", SCHEMA) != SCHEMA:
            raise ValidationError("schema", f"{data.get('schema')!r} is not {SCHEMA}")
        try:
            orders = tuple(str(o) for o in data["orders"])
            kwargs = {"exposure": data["exposure"], "outcome": data["outcome"],
                      "period_days": data["period_days"], "washout_days": data["washout_days"],
                      "seed": data["seed"], "medicine_kind": data.get("medicine_kind")}
            start_on = _iso(data["start_on"], "start_on")
            created_on = _iso(data.get("created_on", data["start_on"]), "created_on")
            pairs_planned = data.get("pairs_planned", len(orders))
        except KeyError as missing:
            raise ValidationError(str(missing.args[0]), "is missing from the stored design") from None
        if any(o not in ("AB", "BA") for o in orders):
            raise ValidationError("orders", "every pair order must be 'AB' or 'BA'")
        _whole(pairs_planned, "pairs_planned", 1, len(orders) or 1)
        return _build(**kwargs, orders=orders, pairs_planned=int(pairs_planned), start_on=start_on,
                      created_on=created_on)


def _iso(value: Any, field: str) -> date:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(field, f"{value!r} is not a date (YYYY-MM-DD)") from None


def _whole(value: Any, field: str, low: int, high: int, hint: str = "") -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValidationError(field, f"must be a whole number from {low} to {high}{hint}")
    if not low <= value <= high:
        raise ValidationError(field, f"{value} is outside {low}–{high}{hint}")
    return int(value)


def check_lengths(period_days: Any, washout_days: Any, pairs: Any, *, example_period_days: int = 7,
                  example_washout_days: int = 2) -> tuple[int, int]:
    """Return ``(period_days, washout_days)`` after the length checks of the module docstring.

    Raises:
        ValidationError: ``period_days``, ``washout_days`` or ``pairs`` out of range, or over a year in total.
    """
    low, high = PERIOD_DAYS_RANGE
    period = _whole(period_days, "period_days", low, high, f" days (e.g. {example_period_days})")
    if isinstance(washout_days, bool) or not isinstance(washout_days, (int, np.integer)) or washout_days < 0:
        raise ValidationError("washout_days",
                              f"must be a whole number of days, 0 or more (e.g. {example_washout_days})")
    if washout_days >= period:
        raise ValidationError("washout_days", "washout_days must be shorter than period_days (e.g. 7-day periods "
                                              "with 2 washout days)")
    if washout_days > period - 2:
        raise ValidationError("washout_days", f"{washout_days} washout days leave fewer than 2 days per period to "
                                              f"analyse; use at most {period - 2} (e.g. 7-day periods with 2 "
                                              "washout days)")
    count = _whole(pairs, "pairs", MIN_PAIRS, MAX_PAIRS, _PAIRS_HINT)
    if 2 * count * period > MAX_DAYS:
        raise ValidationError("pairs", f"the experiment would last {2 * count * period} days; keep it within "
                                       f"{MAX_DAYS} days (fewer pairs or shorter periods)")
    return period, int(washout_days)


def _seed(seed: Any) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**63:
        raise ValidationError("seed", "must be a whole number from 0 to 2**63 − 1")
    return int(seed)


def _build(*, exposure: str, outcome: str, period_days: Any, washout_days: Any, seed: Any,
           medicine_kind: str | None, orders: tuple[str, ...], pairs_planned: int, start_on: date,
           created_on: date) -> ExperimentDesign:
    """Check the parameters (not the start date against today) and return the design."""
    cond = conditions_for(exposure, medicine_kind=medicine_kind)
    target = check_outcome(outcome)
    period, washout = check_lengths(period_days, washout_days, len(orders), example_period_days=cond.period_days,
                                    example_washout_days=cond.washout_days)
    if period < cond.min_period_days:
        raise ValidationError("period_days", f"{cond.exposure} needs periods of at least {cond.min_period_days} "
                                             f"days: {cond.washout_reason} (e.g. period_days={cond.period_days} "
                                             f"with {cond.washout_days} washout days)")
    return ExperimentDesign(cond.exposure, target, period, washout, orders, pairs_planned, _seed(seed),
                            start_on, created_on, None if not cond.exposure.startswith("med:") else
                            (medicine_kind or "prescribed"))


def design_experiment(
    *,
    exposure: str,
    outcome: str,
    period_days: int | None = None,
    washout_days: int | None = None,
    pairs: int = 4,
    seed: int,
    start_on: date,
    today: date,
    medicine_kind: str | None = None,
) -> ExperimentDesign:
    """Create a randomised block-pair design (module docstring); defaults per exposure in
    :mod:`.experiments_conditions`.

    Args:
        exposure: ``caffeine_mg``, ``alcohol_units``, ``exertion``, ``sleep_hours``, ``med:<name>`` or
            ``behaviour:<name>`` (aliases such as ``caffeine`` are accepted).
        outcome: the symptom measured: ``twitching``, ``weakness``, ``pain`` or ``fatigue``.
        period_days: days per period (default per exposure, e.g. 7 for caffeine).
        washout_days: settling-in days at the start of each period, not analysed (default per exposure).
        pairs: number of AB/BA pairs (2–12).
        seed: the randomisation seed (store it; the service draws it).
        start_on: the first day; not before ``today``.
        today: the person's local date (the core never reads the clock).
        medicine_kind: for ``med:<name>`` only: ``"prescribed"`` (default), ``"supplement"`` or ``"otc"``.

    Raises:
        ValidationError: any check in the module docstring, naming the field.
    """
    for value, field in ((start_on, "start_on"), (today, "today")):
        if not isinstance(value, date) or hasattr(value, "hour"):
            raise ValidationError(field, "must be a date (YYYY-MM-DD)")
    if start_on < today:
        raise ValidationError("start_on", f"{start_on.isoformat()} is before today ({today.isoformat()}): an "
                                          "experiment cannot rewrite days already logged; start today or later")
    if (start_on - today).days > MAX_START_AHEAD_DAYS:
        raise ValidationError("start_on", f"must be within {MAX_START_AHEAD_DAYS} days of today")
    cond = conditions_for(exposure, medicine_kind=medicine_kind)
    period = cond.period_days if period_days is None else period_days
    washout = cond.washout_days if washout_days is None else washout_days
    count = _whole(pairs, "pairs", MIN_PAIRS, MAX_PAIRS, _PAIRS_HINT)
    return _build(exposure=exposure, outcome=outcome, period_days=period, washout_days=washout, seed=seed,
                  medicine_kind=medicine_kind, orders=pair_orders(_seed(seed), count), pairs_planned=count,
                  start_on=start_on, created_on=today)


def extend(design: ExperimentDesign, *, pairs: int = 1) -> ExperimentDesign:
    """Return ``design`` with ``pairs`` more pairs appended; their orders continue the seed's stream.

    Every existing day keeps its date, pair, period and condition.

    Raises:
        ValidationError: ``pairs`` not a whole number ≥ 1, or the result over 12 pairs or a year.
    """
    add = _whole(pairs, "pairs", 1, MAX_PAIRS, " more pairs")
    total = design.pairs + add
    if total > MAX_PAIRS:
        raise ValidationError("pairs", f"{design.pairs} + {add} pairs is more than {MAX_PAIRS}; start a new "
                                       "experiment instead")
    orders = design.orders + pair_orders(design.seed, total)[design.pairs:]
    return _build(exposure=design.exposure, outcome=design.outcome, period_days=design.period_days,
                  washout_days=design.washout_days, seed=design.seed, medicine_kind=design.medicine_kind,
                  orders=orders, pairs_planned=design.pairs_planned, start_on=design.start_on,
                  created_on=design.created_on)


@dataclass(frozen=True, slots=True)
class DayAssignment:
    """What to do on ``on``: ``status`` is "not_started", "active" or "finished"; the day fields are
    None outside the experiment."""

    on: date
    status: str
    instruction: str
    condition: str | None = None
    condition_label: str | None = None
    pair: int | None = None
    period: int | None = None
    day_number: int | None = None
    days_total: int | None = None
    is_washout: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"on": self.on.isoformat(), "status": self.status, "instruction": self.instruction,
                "condition": self.condition, "condition_label": self.condition_label, "pair": self.pair,
                "period": self.period, "day_number": self.day_number, "days_total": self.days_total,
                "is_washout": self.is_washout}


def assignment_on(design: ExperimentDesign, day: date) -> DayAssignment:
    """Return the condition and instruction for ``day`` (or "not started" / "finished").

    Raises:
        ValidationError: ``day`` is not a date.
    """
    if not isinstance(day, date) or hasattr(day, "hour"):
        raise ValidationError("day", "must be a date (YYYY-MM-DD)")
    if day < design.start_on:
        return DayAssignment(day, "not_started", f"The experiment starts on {design.start_on.isoformat()}.",
                             days_total=design.n_days)
    if day > design.end_on:
        return DayAssignment(day, "finished", f"The experiment finished on {design.end_on.isoformat()}; "
                                              "see the results.", days_total=design.n_days)
    entry = design.schedule[(day - design.start_on).days]
    return DayAssignment(day, "active", entry.instruction, entry.condition, entry.condition_label, entry.pair,
                         entry.period, entry.day_number, design.n_days, entry.is_washout)


@dataclass(frozen=True, slots=True)
class DesignRevision:
    """A version of a design as stored on ``recorded_on`` (the service keeps one per save)."""

    recorded_on: date
    design: ExperimentDesign

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"recorded_on", "design_hash", "design"}``."""
        return {"recorded_on": self.recorded_on.isoformat(), "design_hash": self.design.design_hash,
                "design": self.design.to_dict()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DesignRevision:
        """Rebuild from :meth:`to_dict` output.

        Raises:
            ValidationError: a missing or malformed key.
        """
        if "recorded_on" not in data or "design" not in data:
            raise ValidationError("design_history", "each revision needs recorded_on and design")
        return cls(_iso(data["recorded_on"], "recorded_on"), ExperimentDesign.from_dict(data["design"]))
