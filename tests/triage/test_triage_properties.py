"""Property tests: adding a red-flag sign never lowers the urgency, and advice never says "stop"."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from fibrotrack.triage import SIGN_NAMES, evaluate, parse_case, urgency_rank

STOP = re.compile(r"\bstop (taking|your)\b", re.IGNORECASE)
SITES = ["hand_left", "hand_right", "lower_arm_left", "lower_leg_right", "calf_left", "eyelid_left", "tongue", "neck"]
MEDICINES = ["atorvastatin 20mg", "prednisolone", "furosemide", "ciprofloxacin", "adderall", "estradiol",
             "colchicine", "hydroxychloroquine", "salbutamol", "sertraline", "vitamin d"]


def _maybe(strategy):
    return st.none() | strategy


scores = _maybe(st.integers(0, 10) | st.floats(0, 10, allow_nan=False))
cases = st.fixed_dictionaries(
    {},
    optional={
        "symptoms": st.fixed_dictionaries({}, optional={"twitching": scores, "weakness": scores}),
        "weakness": st.fixed_dictionaries({}, optional={
            "kind": _maybe(st.sampled_from(["true_weakness", "tiredness"])),
            "onset": _maybe(st.sampled_from(["sudden", "gradual"])),
            "side": _maybe(st.sampled_from(["left", "right", "both"])),
            "sites": st.lists(st.sampled_from(SITES), max_size=3),
            "progression": _maybe(st.sampled_from(["hours_days", "weeks", "months", "stable"])),
        }),
        "twitching": st.fixed_dictionaries({}, optional={
            "sites": st.lists(st.sampled_from(SITES), max_size=3),
            "duration_days": _maybe(st.integers(0, 400)),
        }),
        "signs": st.dictionaries(st.sampled_from(SIGN_NAMES), _maybe(st.booleans()), max_size=8),
        "medications": st.lists(st.sampled_from(MEDICINES), max_size=3),
    },
)


@settings(max_examples=150, deadline=None)
@given(cases, st.sampled_from(SIGN_NAMES))
def test_adding_a_red_flag_sign_never_lowers_the_urgency(data, sign):
    before = evaluate(parse_case(data)).urgency
    raised = dict(data, signs=dict(data.get("signs", {}), **{sign: True}))
    after = evaluate(parse_case(raised)).urgency
    assert urgency_rank(after) >= urgency_rank(before)


@settings(max_examples=100, deadline=None)
@given(cases)
def test_advice_never_says_stop_except_in_emergencies(data):
    for flag in evaluate(parse_case(data)).flags:
        if flag.urgency != "emergency":
            assert not STOP.search(flag.advice), flag.rule


@settings(max_examples=100, deadline=None)
@given(cases)
def test_result_is_consistent_and_round_trips(data):
    case = parse_case(data)
    assert parse_case(case.to_dict()) == case
    result = evaluate(case)
    ranks = [urgency_rank(f.urgency) for f in result.flags]
    assert ranks == sorted(ranks, reverse=True)
    assert urgency_rank(result.urgency) == (ranks[0] if ranks else 0)
    if case.twitching_reported or case.weakness_reported:
        assert result.urgency != "none"
