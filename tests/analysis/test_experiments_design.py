"""Self-experiment designs: randomisation, calendar, extension, round trip and refused input."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import numpy as np
import pytest

from fibrotrack.analysis.experiments import (
    DesignRevision,
    ExperimentDesign,
    assignment_on,
    conditions_for,
    design_experiment,
    extend,
    suggest_experiment,
)
from fibrotrack.analysis.experiments_design import pair_orders, trial_layout
from fibrotrack.errors import ValidationError

TODAY = date(2025, 3, 1)
START = date(2025, 3, 3)


def make(**changes):
    args = {"exposure": "caffeine", "outcome": "twitching", "seed": 42, "start_on": START, "today": TODAY}
    args.update(changes)
    return design_experiment(**args)


def test_orders_come_from_default_rng_of_the_seed():
    design = make(seed=123, pairs=6)
    # Reference: numpy.random.default_rng(123).random(6); pair i is BA when u[i] < 0.5.
    u = np.random.default_rng(123).random(6)
    assert design.orders == tuple("BA" if x < 0.5 else "AB" for x in u)


def test_same_seed_same_calendar_and_seeds_differ():
    assert make(seed=7).schedule == make(seed=7).schedule
    assert len({make(seed=s, pairs=8).orders for s in range(20)}) > 10


def test_each_pair_has_one_a_and_one_b_period():
    design = make(pairs=5)
    for pair in range(1, 6):
        days = [d for d in design.schedule if d.pair == pair]
        periods = {d.period for d in days}
        assert len(days) == 2 * design.period_days and len(periods) == 2
        by_period = {p: {d.condition for d in days if d.period == p} for p in periods}
        assert sorted(c for cs in by_period.values() for c in cs) == ["A", "B"]


def test_washout_days_are_the_first_days_of_every_period():
    design = make(period_days=8, washout_days=3, pairs=3)
    for day in design.schedule:
        within = (day.day_number - 1) % 8
        assert day.is_washout == (within < 3)
        assert ("not counted" in day.instruction) == day.is_washout
    assert sum(d.is_washout for d in design.schedule) == 2 * 3 * 3


def test_calendar_is_contiguous_from_start_to_end():
    design = make(pairs=4)
    dates = [d.on for d in design.schedule]
    assert dates[0] == START and dates[-1] == design.end_on
    assert all(b - a == timedelta(days=1) for a, b in zip(dates, dates[1:]))
    assert len(dates) == design.n_days == 56 and [d.day_number for d in design.schedule] == list(range(1, 57))


def test_default_lengths_per_exposure():
    expected = {"caffeine_mg": (7, 2), "alcohol_units": (7, 1), "exertion": (7, 2), "sleep_hours": (7, 2),
                "med:magnesium": (10, 3), "behaviour:stretching": (7, 1)}
    for exposure, lengths in expected.items():
        design = make(exposure=exposure)
        assert (design.period_days, design.washout_days) == lengths
        assert design.exposure == exposure


def test_instructions_in_plain_words():
    caffeine = make()
    texts = {d.condition: d.instruction for d in caffeine.schedule if not d.is_washout}
    assert texts == {"A": "No caffeine today (decaf is fine).", "B": "Have your usual caffeine."}
    supplement = make(exposure="med:magnesium", medicine_kind="supplement")
    texts = {d.condition: d.instruction for d in supplement.schedule if not d.is_washout}
    assert texts == {"A": "Don't take magnesium today.", "B": "Take magnesium as usual."}


def test_prescribed_medicine_needs_the_prescriber():
    design = make(exposure="med:sertraline")  # default kind: prescribed
    off = next(d for d in design.schedule if d.condition == "A")
    assert "only with your prescriber's agreement" in off.instruction
    assert "prescriber" in design.conditions.safety_note and design.medicine_kind == "prescribed"
    on = next(d for d in design.schedule if d.condition == "B")
    assert on.instruction.startswith("Take sertraline as prescribed")


def test_behaviour_spelling_is_normalised():
    design = make(exposure="behavior:stretching")
    assert design.exposure == "behaviour:stretching"
    assert design.conditions.b_instruction == "Do stretching today"


def test_extend_keeps_every_existing_day():
    design = make(pairs=4)
    longer = extend(design, pairs=2)
    assert longer.schedule[: design.n_days] == design.schedule
    assert longer.pairs == 6 and longer.pairs_planned == 4
    assert longer.orders == pair_orders(42, 6)
    assert extend(extend(design), pairs=1) == longer
    assert longer.design_hash != design.design_hash


def test_extend_refuses_too_many_pairs():
    with pytest.raises(ValidationError) as error:
        extend(make(pairs=11), pairs=2)
    assert error.value.field == "pairs" and "new experiment" in error.value.problem
    with pytest.raises(ValidationError, match="pairs"):
        extend(make(), pairs=0)


@pytest.mark.parametrize("changes", [{}, {"exposure": "med:magnesium", "medicine_kind": "supplement"},
                                     {"exposure": "med:atorvastatin"}, {"exposure": "behaviour:yoga", "pairs": 3},
                                     {"exposure": "sleep_hours", "period_days": 10, "washout_days": 0}])
def test_from_dict_round_trip_through_json(changes):
    design = extend(make(**changes))
    data = json.loads(json.dumps(design.to_dict()))
    again = ExperimentDesign.from_dict(data)
    assert again == design and again.design_hash == data["design_hash"]
    assert [d.to_dict() for d in again.schedule] == data["schedule"]


def test_from_dict_keeps_stored_orders_and_names_missing_keys():
    data = make().to_dict()
    data["orders"] = ["AB", "AB", "AB", "AB"]
    assert ExperimentDesign.from_dict(data).orders == ("AB",) * 4
    del data["seed"]
    with pytest.raises(ValidationError) as error:
        ExperimentDesign.from_dict(data)
    assert error.value.field == "seed"
    with pytest.raises(ValidationError, match="orders"):
        ExperimentDesign.from_dict({**make().to_dict(), "orders": ["AA", "AB"]})


def test_revision_round_trip():
    revision = DesignRevision(TODAY, make())
    assert DesignRevision.from_dict(json.loads(json.dumps(revision.to_dict()))) == revision


BAD = [
    ({"washout_days": 7}, "washout_days",
     "washout_days must be shorter than period_days (e.g. 7-day periods with 2 washout days)"),
    ({"washout_days": 9}, "washout_days", "e.g. 7-day periods with 2 washout days"),
    ({"washout_days": 6}, "washout_days", "use at most 5"),
    ({"washout_days": -1}, "washout_days", "e.g. 2"),
    ({"pairs": 1}, "pairs", "at least 2"),
    ({"pairs": 13}, "pairs", "2–12"),
    ({"pairs": 2.5}, "pairs", "whole number"),
    ({"exposure": "cafeine"}, "exposure", "use caffeine_mg, alcohol_units"),
    ({"exposure": "stress"}, "exposure", "e.g. behaviour:relaxation"),
    ({"exposure": "twitching"}, "exposure", "is a symptom"),
    ({"exposure": "med:"}, "exposure", "e.g. med:magnesium"),
    ({"outcome": "caffeine_mg"}, "outcome", "use one of twitching, weakness, pain, fatigue"),
    ({"outcome": "headache"}, "outcome", "use one of"),
    ({"start_on": date(2025, 2, 27)}, "start_on", "start today or later"),
    ({"start_on": date(2025, 9, 1)}, "start_on", "within 90 days"),
    ({"start_on": datetime(2025, 3, 3, 9)}, "start_on", "must be a date"),
    ({"today": "2025-03-01"}, "today", "must be a date"),
    ({"period_days": 2}, "period_days", "3–28 days"),
    ({"period_days": 29}, "period_days", "3–28 days"),
    ({"period_days": 5}, "period_days", "caffeine_mg needs periods of at least 7 days"),
    ({"exposure": "behaviour:yoga", "pairs": 12, "period_days": 28}, "pairs", "keep it within 365 days"),
    ({"seed": -1}, "seed", "whole number"),
    ({"seed": True}, "seed", "whole number"),
    ({"medicine_kind": "supplement"}, "medicine_kind", "only applies to medicines"),
    ({"exposure": "med:magnesium", "medicine_kind": "herbal"}, "medicine_kind", "prescribed, supplement, otc"),
    ({"exposure": "med:atorvastatin", "medicine_kind": "supplement"}, "medicine_kind",
     "use medicine_kind='prescribed'"),
]


@pytest.mark.parametrize(("changes", "field", "hint"), BAD)
def test_bad_input_is_refused_with_a_helpful_message(changes, field, hint):
    with pytest.raises(ValidationError) as error:
        make(**changes)
    assert error.value.field == field
    assert hint in error.value.problem


def test_assignment_on_each_phase():
    design = make()
    before = assignment_on(design, START - timedelta(days=1))
    assert before.status == "not_started" and "2025-03-03" in before.instruction and before.condition is None
    after = assignment_on(design, design.end_on + timedelta(days=1))
    assert after.status == "finished" and after.condition is None
    for day in design.schedule:
        today = assignment_on(design, day.on)
        assert (today.status, today.condition, today.instruction, today.is_washout) == \
               ("active", day.condition, day.instruction, day.is_washout)
    assert assignment_on(design, START).to_dict()["day_number"] == 1
    with pytest.raises(ValidationError, match="day"):
        assignment_on(design, "2025-03-03")


def test_layout_matches_schedule():
    design = make(pairs=3)
    lay = trial_layout(design.period_days, design.washout_days, design.orders)
    assert [("B" if b else "A") for b in lay.is_b] == [d.condition for d in design.schedule]
    assert list(lay.is_washout) == [d.is_washout for d in design.schedule]


def test_suggest_experiment_defaults_and_untestable_exposures():
    found = suggest_experiment("caffeine", "twitching")
    assert found["testable"] and (found["period_days"], found["washout_days"], found["pairs"]) == (7, 2, 4)
    assert found["conditions"]["A"]["instruction"] == "No caffeine today (decaf is fine)"
    design = design_experiment(**{k: found[k] for k in ("exposure", "outcome", "period_days", "washout_days",
                                                        "pairs")}, seed=1, start_on=START, today=TODAY)
    assert design.n_days == found["days_total"]
    stress = suggest_experiment("stress", "twitching")
    assert not stress["testable"] and "behaviour:relaxation" in stress["reason"]
    assert suggest_experiment("med:magnesium", "weakness")["needs_prescriber_agreement"]
    with pytest.raises(ValidationError, match="outcome"):
        suggest_experiment("caffeine", "sleep_hours")


def test_conditions_point_b_at_the_exposure():
    assert conditions_for("caffeine_mg").b_label == "Usual caffeine"
    assert conditions_for("exertion_min").a_label == "Light days"
    assert conditions_for("sleep_hours").b_instruction.startswith("Tonight, go to bed an hour earlier")
