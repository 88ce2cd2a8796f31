"""Scheduling (next due date) and trends of headline scores."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from fibrotrack.errors import ValidationError
from fibrotrack.instruments import next_due, trend


TODAY = date(2025, 3, 31)


def test_acr2016_monthly_every_28_days():
    never = next_due(instrument="acr2016", last_on=None, today=TODAY)
    assert (never.due_on, never.is_due, never.days_overdue) == (TODAY, True, 0)
    recent = next_due(instrument="acr2016", last_on=TODAY - timedelta(days=10), today=TODAY)
    assert (recent.due_on, recent.is_due, recent.days_overdue) == (TODAY + timedelta(days=18), False, 0)
    exact = next_due(instrument="acr2016", last_on=TODAY - timedelta(days=28), today=TODAY)
    assert (exact.is_due, exact.days_overdue) == (True, 0)
    late = next_due(instrument="acr2016", last_on=TODAY - timedelta(days=30), today=TODAY)
    assert (late.interval_days, late.is_due, late.days_overdue) == (28, True, 2)


def test_fiqr_weekly():
    due = next_due(instrument="fiqr", last_on=date(2025, 3, 20), today=TODAY)
    assert (due.cadence, due.due_on, due.days_overdue) == ("interval", date(2025, 3, 27), 4)


def test_first_once():
    assert next_due(instrument="first", last_on=None, today=TODAY).is_due
    done = next_due(instrument="first", last_on=date(2024, 1, 1), today=TODAY)
    assert (done.cadence, done.due_on, done.is_due) == ("once", None, False)


@pytest.mark.parametrize("code", ["mrc", "acr2010", "acr2016_clinician", "acr2011", "fs"])
def test_others_on_demand(code):
    due = next_due(instrument=code, last_on=None, today=TODAY)
    assert (due.cadence, due.due_on, due.is_due, due.days_overdue) == ("on_demand", None, False, 0)


def test_interval_override():
    due = next_due(instrument="mrc", last_on=date(2025, 3, 1), today=TODAY, interval_days=14)
    assert (due.cadence, due.due_on, due.days_overdue) == ("interval", date(2025, 3, 15), 16)
    assert due.to_dict()["due_on"] == "2025-03-15"


@pytest.mark.parametrize("kwargs, field", [
    ({"interval_days": 0}, "interval_days"), ({"interval_days": 2.5}, "interval_days"),
    ({"interval_days": True}, "interval_days"), ({"today": datetime(2025, 3, 31)}, "today"),
    ({"last_on": "2025-03-01"}, "last_on"), ({"instrument": "sf36"}, "instrument"),
])
def test_next_due_validation(kwargs, field):
    args = {"instrument": "fiqr", "last_on": None, "today": TODAY, **kwargs}
    with pytest.raises(ValidationError) as info:
        next_due(**args)
    assert info.value.field == field


def at(day: int) -> datetime:
    return datetime(2025, 3, day, 9, 0, tzinfo=timezone.utc)


def fiqr(level: int) -> dict:
    return {"function": [level] * 9, "overall": [level] * 2, "symptoms": [level] * 10}


def test_fiqr_trend_sorted_with_change_and_direction():
    result = trend([(at(14), fiqr(5)), (at(1), fiqr(2)), (at(7), fiqr(6))], instrument="fiqr")
    assert [p.at.day for p in result.points] == [1, 7, 14]
    assert result.headline == "total"
    assert result.latest == pytest.approx(50.0) and result.previous == pytest.approx(60.0)
    assert result.change == pytest.approx(-10.0)
    assert result.direction == "better"
    assert result.to_dict()["points"][0] == {"at": "2025-03-01T09:00:00+00:00", "on": "2025-03-01", "value": 20.0}


def test_acr_trend_uses_fs_and_higher_is_worse(acr):
    low = acr.answers("acr2016", acr.areas("neck"), (1, 1, 1))
    high = acr.answers("acr2016", acr.areas("neck shL shR"), (2, 2, 2))
    result = trend([(at(1), low), (at(29), high)], instrument="acr2016")
    assert [p.value for p in result.points] == [4, 9]
    assert (result.change, result.direction) == (5, "worse")


def test_mrc_higher_is_better_and_incomplete_points_are_skipped():
    full = {"grades": [{"muscle_group": g, "side": s, "grade": 4}
                       for g in ("shoulder_abduction", "elbow_flexion", "wrist_extension", "hip_flexion",
                                 "knee_extension", "ankle_dorsiflexion") for s in ("left", "right")]}
    better = {"grades": [{**e, "grade": 5} for e in full["grades"]]}
    partial = {"grades": full["grades"][:3]}
    result = trend([(at(1), full), (at(2), partial), (at(3), better)], instrument="mrc")
    assert (result.skipped, result.change, result.direction) == (1, 12, "better")


def test_unchanged_and_not_enough_data():
    assert trend([(at(1), fiqr(3)), (at(2), fiqr(3))], instrument="fiqr").direction == "unchanged"
    single = trend([(at(1), {"answers": [True] * 6})], instrument="first")
    assert (single.latest, single.previous, single.change, single.direction) == (6, None, None, "not enough data")
    assert trend([], instrument="fs").direction == "not enough data"


def test_trend_errors_name_the_entry():
    bad = fiqr(3)
    bad["function"][2] = 12
    with pytest.raises(ValidationError) as info:
        trend([(at(1), fiqr(3)), (at(2), bad)], instrument="fiqr")
    assert info.value.field == "history[1].function[2]"
    with pytest.raises(ValidationError) as info:
        trend([("2025-03-01", fiqr(3))], instrument="fiqr")
    assert info.value.field == "history[0]"
    with pytest.raises(ValidationError) as info:
        trend([(at(1), fiqr(3)), (datetime(2025, 3, 2), fiqr(3))], instrument="fiqr")
    assert info.value.field == "history"
