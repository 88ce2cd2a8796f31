"""Report data: daily series, site counts, completeness and the checks on ReportData."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from fibrotrack.diary import Observation
from fibrotrack.errors import ValidationError
from fibrotrack.report import ReportData, ReportPerson, daily_series, days_logged, site_counts
from fibrotrack.analysis.series import trailing_mean

T0 = datetime(2024, 1, 1, tzinfo=timezone.utc)


def _obs(day: int, trackable: str, value: float, site: str | None = None) -> Observation:
    at = T0 + timedelta(days=day, hours=9)
    return Observation(day, at, at.date(), trackable, value, "0-10", site, {}, None, "manual", f"{day}{trackable}", at,
                       at)


def test_daily_series_takes_the_catalog_aggregate_and_skips_empty_days():
    rows = [_obs(0, "twitching", 2), _obs(0, "twitching", 6), _obs(0, "pain", 2), _obs(0, "pain", 5),
            _obs(2, "weakness", 3), _obs(9, "twitching", 1)]
    twitch, weakness, pain = daily_series(rows, period_from=date(2024, 1, 1), period_to=date(2024, 1, 5))
    assert twitch.points == ((date(2024, 1, 1), 6.0),)  # the day's highest; day 9 is outside the period
    assert weakness.points == ((date(2024, 1, 3), 3.0),)
    assert pain.points == ((date(2024, 1, 1), 3.5),)  # the day's mean
    assert (twitch.label, pain.label) == ("Muscle twitching", "Pain")


def test_site_counts_count_days_with_a_value_above_zero():
    rows = [_obs(0, "pain", 3, "neck"), _obs(0, "pain", 4, "neck"), _obs(1, "pain", 2, "neck"),
            _obs(1, "twitching", 0, "calf_left"), _obs(2, "twitching", 5, "calf_left")]
    assert [(c.trackable, c.body_site, c.days) for c in site_counts(rows)] == [("pain", "neck", 2),
                                                                                ("twitching", "calf_left", 1)]


def test_days_logged_counts_distinct_local_days_in_the_period():
    rows = [_obs(0, "pain", 1), _obs(0, "stress", 2), _obs(3, "pain", 1), _obs(40, "pain", 1)]
    assert days_logged(rows, period_from=date(2024, 1, 1), period_to=date(2024, 1, 31)) == 2


def test_trailing_mean_needs_three_values_in_the_trailing_week():
    points = [(date(2024, 1, d), float(v)) for d, v in [(1, 1), (2, 2), (3, 3), (4, 4), (12, 9), (13, 9), (14, 9)]]
    assert trailing_mean(points) == [(date(2024, 1, 3), 2.0), (date(2024, 1, 4), 2.5), (date(2024, 1, 14), 9.0)]
    # A day without a value is skipped, not counted as 0 (the web charts pass such days).
    gaps = points[:2] + [(date(2024, 1, 3), None)] + points[2:]
    assert trailing_mean(gaps) == trailing_mean(points)


@pytest.mark.parametrize(("changes", "field"), [
    ({"period_to": date(2023, 12, 1)}, "period_to"),
    ({"days_logged": 400}, "days_logged"),
    ({"generated_at": datetime(2025, 1, 2)}, "generated_at"),
])
def test_report_data_rejects_inconsistent_values(changes, field):
    values = {"person": ReportPerson("A"), "period_from": date(2024, 1, 1), "period_to": date(2024, 12, 31),
              "days_logged": 10, "generated_at": T0} | changes
    with pytest.raises(ValidationError) as caught:
        ReportData(**values)
    assert caught.value.field == field


def test_days_in_period_counts_both_ends():
    data = ReportData(person=ReportPerson("A"), period_from=date(2024, 1, 1), period_to=date(2024, 12, 31),
                      days_logged=0, generated_at=T0)
    assert data.days_in_period == 366
