"""Daily series: one row per local calendar day, one column per trackable, NaN where nothing was logged.

Rules (also in ``docs/insights.md``):

* **One row per local day** from ``start_on`` to ``end_on`` inclusive (default: the first and last day
  with a record). Records outside the range are ignored.
* **Aggregation within a day** follows the catalog's ``aggregate``: symptoms ``mean`` (pain, fatigue) or
  ``max`` (twitching, weakness); ``sum`` for caffeine, alcohol, sleep hours, exercise minutes and
  medications (``med:<name>``, doses); ``max`` for exertion (0–10). Custom trackables are averaged.
* **A day without an entry for a trackable is missing (NaN), never zero** — for every trackable,
  sum-type exposures included. A day on which the person logged twitching but no caffeine is *missing*
  for caffeine unless they logged ``0`` mg: we cannot tell "none" from "forgot", so we do not guess.
  The app lets people log an explicit zero; the analysis counts only what was logged.
* **Sleep** is attributed to the morning it ends: a ``sleep_hours`` record on day *d* is the night from
  *d − 1* to *d*. The storage layer stores the wake-up date as the record's ``on``; this module takes
  ``on`` as given, so "lag 0" for sleep means "the night before this day".
* ``days_logged`` counts days with at least one record of any trackable.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any, Protocol

import numpy as np

from ..catalog import builtin_trackable, canonical_code
from ..errors import ValidationError

__all__ = ["DailySeries", "RecordLike", "daily_series", "trackable_kind", "trailing_mean"]

_MAX_DAYS = 366 * 30


class RecordLike(Protocol):
    """Anything with a local date ``on``, a ``trackable`` code and a numeric ``value``."""

    on: date
    trackable: str
    value: float


def trackable_kind(code: str) -> str:
    """Return the catalog kind of ``code`` ("symptom", "exposure", "medication") or "custom"."""
    found = builtin_trackable(code)
    return "custom" if found is None else found.kind


def _aggregate(code: str) -> str:
    found = builtin_trackable(code)
    return "mean" if found is None else found.aggregate


@dataclass(frozen=True, slots=True)
class DailySeries:
    """Daily values per trackable on a gap-free calendar (frozen; arrays are read-only).

    Attributes:
        start_on: the first day (row 0). ``dates[i] == start_on + i days``.
        dates: every day in the range, in order.
        columns: trackable code → float array of length ``len(dates)``; NaN = nothing logged that day.
        logged: bool array, True on days with at least one record of any trackable.
        kinds: trackable code → catalog kind ("symptom", "exposure", "medication", "custom").
    """

    start_on: date | None
    dates: tuple[date, ...]
    columns: Mapping[str, np.ndarray]
    logged: np.ndarray
    kinds: Mapping[str, str] = field(default_factory=dict)

    @property
    def n_days(self) -> int:
        """Number of calendar days in the range (logged or not)."""
        return len(self.dates)

    @property
    def days_logged(self) -> int:
        """Number of days with at least one record."""
        return int(self.logged.sum())

    @property
    def weekday(self) -> np.ndarray:
        """Weekday of each row (Monday = 0 … Sunday = 6)."""
        if self.start_on is None:
            return np.zeros(0, dtype=np.int64)
        return (self.start_on.weekday() + np.arange(self.n_days)) % 7

    def column(self, code: str) -> np.ndarray:
        """Return the column for ``code`` (all NaN when the trackable was never logged)."""
        found = self.columns.get(canonical_code(code))
        if found is None:
            return np.full(self.n_days, np.nan)
        return found

    def observed(self, code: str) -> np.ndarray:
        """Return the missing mask's complement: True where ``code`` has a value that day."""
        return ~np.isnan(self.column(code))

    def codes(self, *kinds: str) -> tuple[str, ...]:
        """Return the logged trackable codes, sorted, optionally only those of the given kinds."""
        return tuple(sorted(c for c in self.columns if not kinds or self.kinds.get(c) in kinds))

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: dates as ISO strings, missing values as None."""
        return {
            "start_on": None if self.start_on is None else self.start_on.isoformat(),
            "days": self.n_days,
            "days_logged": self.days_logged,
            "dates": [d.isoformat() for d in self.dates],
            "columns": {
                code: [None if math.isnan(v) else float(v) for v in values] for code, values in self.columns.items()
            },
        }


def _readonly(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def daily_series(
    records: Iterable[RecordLike],
    *,
    start_on: date | None = None,
    end_on: date | None = None,
) -> DailySeries:
    """Aggregate observation records into one row per local day.

    Args:
        records: objects with ``on`` (local :class:`datetime.date`), ``trackable`` (catalog or custom
            code; aliases such as ``caffeine`` are resolved) and a finite numeric ``value``.
        start_on: first day of the range (default: earliest record).
        end_on: last day of the range (default: latest record).

    Returns:
        A :class:`DailySeries`; empty (no days) when there are no records and no range was given.

    Missing-data policy: a day without an entry for a trackable is NaN for it — never zero. See the
    module docstring for the aggregation and sleep-attribution rules.

    Raises:
        ValidationError: ``end_on`` before ``start_on``, a range longer than 30 years, a record whose
            ``on`` is not a date or whose ``value`` is not a finite number.
    """
    items: list[tuple[date, str, float]] = []
    for i, rec in enumerate(records):
        on = getattr(rec, "on", None)
        if not isinstance(on, date):
            raise ValidationError(f"records[{i}].on", "must be a date")
        try:
            value = float(rec.value)
        except (TypeError, ValueError):
            raise ValidationError(f"records[{i}].value", f"{rec.value!r} is not a number") from None
        if not math.isfinite(value):
            raise ValidationError(f"records[{i}].value", "must be a finite number")
        code = canonical_code(str(rec.trackable))
        if not code:
            raise ValidationError(f"records[{i}].trackable", "must not be empty")
        items.append((on, code, value))

    if start_on is None and items:
        start_on = min(on for on, _, _ in items)
    if end_on is None and items:
        end_on = max(on for on, _, _ in items)
    if start_on is not None and end_on is None:
        end_on = start_on
    if end_on is not None and start_on is None:
        start_on = end_on
    if start_on is None or end_on is None:
        return DailySeries(None, (), MappingProxyType({}), _readonly(np.zeros(0, dtype=bool)), MappingProxyType({}))
    if end_on < start_on:
        raise ValidationError("end_on", f"{end_on.isoformat()} is before start_on {start_on.isoformat()}")
    n_days = (end_on - start_on).days + 1
    if n_days > _MAX_DAYS:
        raise ValidationError("end_on", "the range is longer than 30 years")

    sums: dict[str, np.ndarray] = {}
    counts: dict[str, np.ndarray] = {}
    maxima: dict[str, np.ndarray] = {}
    logged = np.zeros(n_days, dtype=bool)
    for on, code, value in items:
        row = (on - start_on).days
        if not 0 <= row < n_days:
            continue
        logged[row] = True
        if code not in counts:
            sums[code] = np.zeros(n_days)
            counts[code] = np.zeros(n_days, dtype=np.int64)
            maxima[code] = np.full(n_days, -np.inf)
        sums[code][row] += value
        counts[code][row] += 1
        maxima[code][row] = max(maxima[code][row], value)

    columns: dict[str, np.ndarray] = {}
    kinds: dict[str, str] = {}
    for code in sorted(counts):
        has = counts[code] > 0
        how = _aggregate(code)
        out = np.full(n_days, np.nan)
        if how == "sum":
            out[has] = sums[code][has]
        elif how == "max":
            out[has] = maxima[code][has]
        else:
            out[has] = sums[code][has] / counts[code][has]
        columns[code] = _readonly(out)
        kinds[code] = trackable_kind(code)
    dates = tuple(start_on + timedelta(days=i) for i in range(n_days))
    return DailySeries(start_on, dates, MappingProxyType(columns), _readonly(logged), MappingProxyType(kinds))


def trailing_mean(points: Iterable[tuple[date, float | None]], *, window_days: int = 7,
                  min_values: int = 3) -> list[tuple[date, float]]:
    """Return the trailing ``window_days`` mean at each logged day of ``points`` (sorted by date).

    Days without a value (None) are skipped, never counted as zero; a day whose window holds fewer than
    ``min_values`` values is left out. The web charts and the clinician report draw this same line.
    """
    logged = [(on, float(v)) for on, v in points if v is not None]
    out: list[tuple[date, float]] = []
    start = 0
    for end, (on, _) in enumerate(logged):
        while logged[start][0] <= on - timedelta(days=window_days):
            start += 1
        window = [v for _, v in logged[start:end + 1]]
        if len(window) >= min_values:
            out.append((on, sum(window) / len(window)))
    return out
