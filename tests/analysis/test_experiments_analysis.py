"""Analysis of a self-experiment: the estimate, its words, adherence, changes and the awkward cases."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date, timedelta
from typing import NamedTuple

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fibrotrack.analysis.experiments import (
    DesignRevision,
    EffectEstimate,
    analyze_experiment,
    design_experiment,
    extend,
)
from fibrotrack.analysis.experiments_report import verdict_for
from fibrotrack.analysis.experiments_stats import effect_design, fit_trials
from fibrotrack.analysis.fgls import fgls_ar1
from fibrotrack.analysis.processes import ar1
from fibrotrack.analysis.simulate import simulate_person
from fibrotrack.errors import ValidationError

TODAY = date(2025, 3, 1)
START = date(2025, 3, 3)


class Obs(NamedTuple):
    on: date
    value: float


class Rec(NamedTuple):
    on: date
    trackable: str
    value: float


def make(**changes):
    args = {"exposure": "caffeine", "outcome": "twitching", "seed": 11, "start_on": START, "today": TODAY}
    args.update(changes)
    return design_experiment(**args)


def simulate(design, *, effect, phi=0.5, sd=1.2, seed=0, rounded=False):
    y = 4.0 + ar1(np.random.default_rng(seed), phi=phi, sd=sd, shape=(design.n_days,)) + effect * design.layout.is_b
    if rounded:
        y = np.clip(np.round(y), 0, 10)
    return [Obs(design.start_on + timedelta(days=i), float(v)) for i, v in enumerate(y)]


def test_primary_estimate_is_the_documented_model():
    design = make()
    obs = simulate(design, effect=0.7, seed=3)
    report = analyze_experiment(design, obs)
    lay = design.layout
    days = np.nonzero(~lay.is_washout)[0]
    y = np.array([o.value for o in obs])[days]
    X = effect_design(lay.is_b[days], lay.pair[days])
    fit = fit_trials(y[None], X, days)
    assert report.primary.effect == pytest.approx(fit.effect[0], rel=1e-12)
    assert report.primary.se == pytest.approx(fit.se[0], rel=1e-12)
    assert report.primary.p_value == pytest.approx(fit.p_value[0], rel=1e-12)
    conventional = fgls_ar1(y, X, day_index=days)
    assert report.model.fgls_effect == pytest.approx(conventional.params[1])
    assert report.model.fgls_phi == pytest.approx(conventional.phi)
    assert (report.days.analysed, report.days.washout, report.days.analysed_a) == (40, 16, 20)


def test_interval_and_posterior_agree():
    report = analyze_experiment(make(), simulate(make(), effect=1.0, seed=5))
    est = report.primary
    assert est.ci_low < est.effect < est.ci_high
    assert est.prob_worse + est.prob_better == pytest.approx(1.0)
    # The 95 % interval excludes 0 exactly when the posterior probability of one direction is ≥ 0.975.
    assert (est.ci_low > 0 or est.ci_high < 0) == (max(est.prob_worse, est.prob_better) >= 0.975)
    assert est.prob_meaningful_worse < est.prob_worse


def test_recovers_a_simulated_effect_end_to_end():
    design = make(pairs=6)
    diary = simulate_person(days=design.n_days, seed=21, start_on=design.start_on, scenario="none",
                            missing_day_rate=0.05)
    is_b = design.layout.is_b
    records = [Rec(r.on, r.trackable, min(10.0, r.value + 2.5 * is_b[(r.on - START).days]))
               for r in diary.records if r.trackable == "twitching"]
    records += [r for r in diary.records if r.trackable != "twitching"]  # other trackables are ignored
    report = analyze_experiment(design, records)
    assert report.primary.effect > 1.0 and report.primary.ci_low > 0
    assert report.verdict.level == "very_probably" and report.verdict.direction == "worse"
    assert report.verdict.text.startswith("Caffeine very probably worsens your muscle twitching: +")


def test_helpful_effect_reads_as_easing():
    design = make(exposure="behaviour:stretching", pairs=6)
    report = analyze_experiment(design, simulate(design, effect=-2.0, seed=8, phi=0.3))
    assert report.verdict.direction == "better"
    assert report.verdict.text.startswith("Stretching very probably eases your muscle twitching: −")


def test_null_trial_says_no_clear_difference():
    design = make()
    report = analyze_experiment(design, simulate(design, effect=0.0, seed=2))
    assert report.verdict.level == "no_clear_difference"
    assert report.verdict.text.startswith("No clear difference in your muscle twitching between usual caffeine and "
                                          "no caffeine days: ")
    levels = [analyze_experiment(design, simulate(design, effect=0.0, seed=s, rounded=True)).verdict.level
              for s in range(40)]
    assert levels.count("very_probably") <= 5 and levels.count("no_clear_difference") >= 25


def test_verdict_mapping_and_number_format():
    base = EffectEstimate(effect=1.4, se=0.4, ci_low=0.6, ci_high=2.2, df=8, p_value=0.01, phi=0.4,
                          kr_inflation=1.0, prob_worse=0.99, prob_better=0.01, prob_meaningful_worse=0.8,
                          prob_meaningful_better=0.0, days_a=20, days_b=20, pairs_used=4)
    words = {"subject": "Caffeine", "symptom": "muscle twitching", "a_label": "No caffeine",
             "b_label": "Usual caffeine", "meaningful_change": 1.0}
    very = verdict_for(base, **words)
    assert very.text == "Caffeine very probably worsens your muscle twitching: +1.4 points (0.6 to 2.2)."
    assert very.detail == "Chance that it worsens your muscle twitching by at least 1 point: 80%."
    probably = verdict_for(replace(base, prob_worse=0.96, prob_better=0.04), **words)
    assert probably.level == "probably" and "could still be chance" in probably.text
    unclear = verdict_for(replace(base, effect=0.2, ci_low=-0.5, ci_high=0.9, prob_worse=0.7, prob_better=0.3),
                          **words)
    assert unclear.text == ("No clear difference in your muscle twitching between usual caffeine and no caffeine "
                            "days: +0.2 points (−0.5 to 0.9).")
    tiny = verdict_for(replace(base, effect=-0.04, prob_worse=0.4, prob_better=0.6), **words).text
    assert ": 0.0 points" in tiny and "−0.0" not in tiny


def test_daily_value_follows_the_catalog_rule():
    design = make()
    obs = simulate(design, effect=0.5, seed=4)
    extra = [Obs(o.on, o.value - 1.0) for o in obs]  # a lower second entry: twitching takes the daily max
    assert analyze_experiment(design, obs + extra).primary == analyze_experiment(design, obs).primary
    pain = replace(design, outcome="pain")
    averaged = [Obs(o.on, o.value + 1.0) for o in obs] + [Obs(o.on, o.value - 1.0) for o in obs]
    assert analyze_experiment(pain, averaged).primary.effect == pytest.approx(
        analyze_experiment(pain, obs).primary.effect)


def test_adherence_is_reported_and_per_protocol_is_a_sensitivity():
    design = make()
    obs = simulate(design, effect=1.0, seed=6)
    skipped = {START + timedelta(days=d) for d in (3, 4, 11, 30)}
    adherence = {START + timedelta(days=d): START + timedelta(days=d) not in skipped for d in range(50)}
    report = analyze_experiment(design, obs, adherence=adherence)
    adh = report.adherence
    assert adh.recorded and adh.days_answered == 50 and adh.days_followed == 46
    assert adh.rate == pytest.approx(46 / 50) and set(adh.not_followed_on) == skipped
    assert adh.analysed_not_followed == 4  # all four were analysed (non-washout) days
    assert report.primary == analyze_experiment(design, obs).primary  # as assigned: nothing dropped
    assert report.per_protocol is not None and report.per_protocol.days_a + report.per_protocol.days_b == 36
    assert any(n.startswith("Counting only days you followed the plan") for n in report.notes)
    followed = analyze_experiment(design, obs, adherence={d: True for d in adherence})
    assert followed.per_protocol is None and followed.adherence.rate == 1.0
    assert analyze_experiment(design, obs).adherence.rate is None


def test_low_adherence_gets_a_note():
    design = make()
    adherence = {START + timedelta(days=d): d % 2 == 0 for d in range(design.n_days)}
    report = analyze_experiment(design, simulate(design, effect=0.0, seed=1), adherence=adherence)
    assert any("You followed the plan on 50%" in n for n in report.notes)


def test_stopped_early_is_flagged():
    design = make()
    report = analyze_experiment(design, simulate(design, effect=1.0, seed=7), stopped_on=date(2025, 4, 12),
                                today=date(2025, 4, 20))
    assert report.status == "stopped_early" and report.changes.stopped_early
    assert report.days.pairs_complete == 3 and report.days.not_yet == 15
    assert report.cent["why_ended"]["text"].startswith("stopped early on 2025-04-12")
    assert any(n.startswith("Stopped early on 2025-04-12") for n in report.notes)


def test_extension_is_reported_and_is_not_an_edit():
    design = make()
    longer = extend(design)
    history = [DesignRevision(TODAY, design), DesignRevision(date(2025, 4, 20), longer)]
    report = analyze_experiment(longer, simulate(longer, effect=0.5, seed=2), design_history=history)
    assert report.changes.extended and not report.changes.edited_after_start
    assert (report.changes.pairs_planned, report.changes.pairs) == (4, 5)
    assert any(n.startswith("Extended from 4 to 5 pairs") for n in report.notes)


def test_edit_after_start_is_flagged_and_edit_before_start_is_not():
    design = make()
    edited = replace(design, washout_days=3)
    after = [DesignRevision(TODAY, design), DesignRevision(date(2025, 3, 10), edited)]
    report = analyze_experiment(edited, simulate(edited, effect=0.5, seed=2), design_history=after)
    assert report.changes.edited_after_start
    assert report.changes.edits[0].fields == ("washout_days",) and report.changes.edits[0].after_start
    assert report.to_dict()["cent"]["changes_after_start"]["edited_after_start"] is True
    assert any("changed after the experiment started (washout_days)" in n for n in report.notes)
    before = [DesignRevision(TODAY, design), DesignRevision(date(2025, 3, 2), edited)]
    early = analyze_experiment(edited, simulate(edited, effect=0.5, seed=2), design_history=before)
    assert not early.changes.edited_after_start and len(early.changes.edits) == 1
    reordered = replace(design, orders=("BA", "BA", "BA", "BA"))
    unknown = analyze_experiment(reordered, [], design_history=[DesignRevision(TODAY, design)])
    assert unknown.changes.edited_after_start and unknown.changes.edits[0].fields == ("orders",)


def test_not_enough_data_is_an_answer():
    design = make()
    obs = simulate(design, effect=1.0, seed=3)
    early = analyze_experiment(design, obs, today=START + timedelta(days=9))
    assert early.primary is None and early.model is None
    assert early.verdict.level == "not_enough_data" and "first result is possible from 2025-03-16" in early.verdict.text
    assert early.status == "in_progress" and any(n.startswith("Interim look") for n in early.notes)
    unstarted = analyze_experiment(design, obs, today=TODAY)
    assert unstarted.status == "not_started" and "has not started yet" in unstarted.verdict.text
    assert unstarted.analysed_until_on is None and unstarted.days.elapsed == 0
    sparse = analyze_experiment(design, obs[::5])
    assert sparse.verdict.level == "not_enough_data" and sparse.days.incomplete_pair > 0
    json.dumps(sparse.to_dict(), allow_nan=False)


def test_flat_outcome_has_no_variation():
    design = make()
    flat = [Obs(design.start_on + timedelta(days=i), 3.0) for i in range(design.n_days)]
    report = analyze_experiment(design, flat)
    assert report.verdict.level == "no_variation" and report.primary is None


def test_cent_section_covers_the_items():
    design = make()
    report = analyze_experiment(design, simulate(design, effect=0.5, seed=1)).to_dict()
    cent = report["cent"]
    assert cent["guideline"].startswith("CENT 2015")
    for key in ("design", "randomisation", "blinding", "interventions", "outcome", "statistical_methods",
                "interim_and_stopping", "why_ended", "numbers_analysed", "estimate"):
        assert "item" in cent[key]
    assert cent["randomisation"]["seed"] == 11 and cent["design"]["washout_days"] == 2
    assert cent["blinding"]["text"].startswith("none")
    assert cent["interim_and_stopping"]["stopped_early"] is False


def test_bad_analysis_input_names_the_field():
    design = make()
    cases = [({"meaningful_change": 0}, "meaningful_change"), ({"today": "2025-03-03"}, "today"),
             ({"adherence": {"2025-03-03": True}}, "adherence"),
             ({"adherence": {START: "yes"}}, "adherence[2025-03-03]"), ({"design_history": [design]}, "design_history")]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as error:
            analyze_experiment(design, [], **kwargs)
        assert error.value.field == field
    with pytest.raises(ValidationError, match="design"):
        analyze_experiment(design.to_dict(), [])


def _finite(value):
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return not isinstance(value, float) or math.isfinite(value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(st.one_of(st.none(), st.integers(0, 10), st.floats(0, 10)), min_size=56, max_size=56),
       followed=st.lists(st.one_of(st.none(), st.booleans()), min_size=56, max_size=56),
       today_offset=st.integers(-3, 70), stop_offset=st.one_of(st.none(), st.integers(-2, 60)),
       pairs=st.integers(2, 4))
def test_report_never_contains_nan(values, followed, today_offset, stop_offset, pairs):
    design = make(pairs=pairs)
    obs = [Obs(START + timedelta(days=i), float(v)) for i, v in enumerate(values[: design.n_days]) if v is not None]
    adherence = {START + timedelta(days=i): f for i, f in enumerate(followed) if f is not None}
    report = analyze_experiment(design, obs, adherence=adherence, today=START + timedelta(days=today_offset),
                                stopped_on=None if stop_offset is None else START + timedelta(days=stop_offset))
    data = report.to_dict()
    json.dumps(data, allow_nan=False)
    assert _finite(data) and report.verdict.text
