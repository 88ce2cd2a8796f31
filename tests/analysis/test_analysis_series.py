"""Daily series: aggregation per the catalog, missing days stay missing, ranges and validation."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pytest

from fibrotrack.analysis.series import daily_series
from fibrotrack.errors import ValidationError

D0 = date(2024, 3, 4)  # a Monday


@dataclass(frozen=True)
class Rec:
    on: date
    trackable: str
    value: float


def day(i: int) -> date:
    return D0 + timedelta(days=i)


def test_one_row_per_day_and_unlogged_days_are_nan():
    s = daily_series([Rec(day(0), "pain", 4), Rec(day(3), "pain", 6)])
    assert s.n_days == 4 and s.dates[0] == D0 and s.dates[-1] == day(3)
    np.testing.assert_array_equal(np.isnan(s.column("pain")), [False, True, True, False])
    assert s.days_logged == 2
    assert list(s.logged) == [True, False, False, True]


def test_aggregation_follows_the_catalog():
    recs = [
        Rec(day(0), "twitching", 3), Rec(day(0), "twitching", 7),  # max
        Rec(day(0), "pain", 2), Rec(day(0), "pain", 5),  # mean
        Rec(day(0), "caffeine_mg", 96), Rec(day(0), "caffeine_mg", 64),  # sum
        Rec(day(0), "sleep_hours", 6.5),
        Rec(day(0), "med:magnesium", 1), Rec(day(0), "med:magnesium", 1),  # sum of doses
        Rec(day(0), "exertion", 2), Rec(day(0), "exertion", 6),  # max
        Rec(day(0), "my_custom", 1), Rec(day(0), "my_custom", 2),  # custom: mean
    ]
    s = daily_series(recs)
    assert s.column("twitching")[0] == 7
    assert s.column("pain")[0] == 3.5
    assert s.column("caffeine_mg")[0] == 160
    assert s.column("sleep_hours")[0] == 6.5
    assert s.column("med:magnesium")[0] == 2
    assert s.column("exertion")[0] == 6
    assert s.column("my_custom")[0] == 1.5
    assert s.kinds["my_custom"] == "custom" and s.kinds["twitching"] == "symptom"
    assert s.kinds["med:magnesium"] == "medication" and s.kinds["caffeine_mg"] == "exposure"


def test_sum_exposure_is_missing_not_zero_without_an_entry():
    s = daily_series([Rec(day(0), "twitching", 2), Rec(day(0), "caffeine_mg", 0),
                      Rec(day(1), "twitching", 3)])
    caffeine = s.column("caffeine_mg")
    assert caffeine[0] == 0.0  # an explicit zero is a zero
    assert math.isnan(caffeine[1])  # no entry: missing, never zero
    assert list(s.observed("caffeine_mg")) == [True, False]


def test_aliases_resolve_and_unknown_codes_give_nan_columns():
    s = daily_series([Rec(day(0), "caffeine", 50)])
    assert s.column("caffeine_mg")[0] == 50 and s.column("caffeine")[0] == 50
    assert np.isnan(s.column("alcohol_units")).all()


def test_explicit_range_clips_records_and_pads_days():
    s = daily_series([Rec(day(0), "pain", 1), Rec(day(10), "pain", 9)], start_on=day(2), end_on=day(4))
    assert s.n_days == 3 and s.days_logged == 0
    assert np.isnan(s.column("pain")).all()


def test_empty_input_gives_an_empty_series():
    s = daily_series([])
    assert s.n_days == 0 and s.days_logged == 0 and s.codes() == ()
    assert json.dumps(s.to_dict(), allow_nan=False)


def test_weekday_and_to_dict():
    s = daily_series([Rec(day(0), "pain", 1), Rec(day(8), "pain", 2)])
    assert list(s.weekday[:3]) == [0, 1, 2]
    out = s.to_dict()
    assert out["columns"]["pain"][1] is None and out["days_logged"] == 2
    json.dumps(out, allow_nan=False)


def test_arrays_are_read_only():
    s = daily_series([Rec(day(0), "pain", 1)])
    with pytest.raises(ValueError):
        s.column("pain")[0] = 3


@pytest.mark.parametrize("bad", [Rec(day(0), "pain", float("nan")), Rec(day(0), "pain", "x"),
                                 Rec("2024-01-01", "pain", 1)])  # type: ignore[arg-type]
def test_bad_records_raise_validation_error(bad):
    with pytest.raises(ValidationError):
        daily_series([bad])


def test_end_before_start_raises():
    with pytest.raises(ValidationError) as err:
        daily_series([], start_on=day(3), end_on=day(1))
    assert err.value.field == "end_on"
