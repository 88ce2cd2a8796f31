"""`fibrotrack assess` end to end: answers files, interactive WPI pre-filled from the pain log, history."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fibrotrack.catalog import WPI_AREA_CODES

REGIONS_2016 = {  # REFERENCE.md §1.1 / §1.5: jaw, chest and abdomen never count toward a region
    "LU": {"shoulder_girdle_left", "upper_arm_left", "lower_arm_left"},
    "RU": {"shoulder_girdle_right", "upper_arm_right", "lower_arm_right"},
    "LL": {"hip_left", "upper_leg_left", "lower_leg_left"},
    "RL": {"hip_right", "upper_leg_right", "lower_leg_right"},
    "AX": {"neck", "upper_back", "lower_back"},
}


def published_2016(a: dict) -> bool:
    """REFERENCE.md §1.5 pseudocode for dx2016, written out independently of the package."""
    wpi = len(set(a["pain_areas"]))
    regions = sum(1 for areas in REGIONS_2016.values() if areas & set(a["pain_areas"]))
    sss = a["fatigue"] + a["waking_unrefreshed"] + a["cognitive"] + a["headaches"] + a["lower_abdominal_pain"] + \
        a["depression"]
    score_rule = (wpi >= 7 and sss >= 5) or (4 <= wpi <= 6 and sss >= 9)
    return score_rule and regions >= 4 and a["symptoms_3_months"]


answers_2016 = st.fixed_dictionaries({
    "pain_areas": st.lists(st.sampled_from(WPI_AREA_CODES), max_size=19, unique=True),
    "fatigue": st.integers(0, 3), "waking_unrefreshed": st.integers(0, 3), "cognitive": st.integers(0, 3),
    "headaches": st.booleans(), "lower_abdominal_pain": st.booleans(), "depression": st.booleans(),
    "symptoms_3_months": st.booleans(),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=answers_2016)
def test_cli_agrees_with_the_published_2016_rule_on_any_answer_set(cli, tmp_path, answers):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(answers))
    result = cli("assess", "acr2016", "--answers", str(path), "--json", "--no-save")
    assert result.code == 0, result.err
    out = result.json()
    assert out["meets_criteria"] == published_2016(answers)
    assert out["wpi"] == len(answers["pain_areas"])


def _case(tmp_path, **answers) -> str:
    base = {"pain_areas": [], "fatigue": 0, "waking_unrefreshed": 0, "cognitive": 0, "headaches": False,
            "lower_abdominal_pain": False, "depression": False, "symptoms_3_months": True,
            "other_disorder_explains_pain": False}
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**base, **answers}))
    return str(path)


def test_edge_cases_of_reference_1_7_and_10(cli, tmp_path):
    run = lambda code, path: cli("assess", code, "--answers", path, "--json", "--no-save").json()
    # Example B: WPI 3 + SSS 9 passes 2011 (3–6 rule) but can never pass 2016.
    b = _case(tmp_path, pain_areas=["neck", "shoulder_girdle_left", "hip_right"], fatigue=3, waking_unrefreshed=3,
              cognitive=2, headaches=True)
    assert run("acr2011", b)["meets_criteria"] is True and run("acr2016", b)["meets_criteria"] is False
    # Example E: jaws, chest, abdomen count in the WPI but not toward regions.
    e = _case(tmp_path, pain_areas=["jaw_left", "jaw_right", "neck", "upper_back", "lower_back", "chest", "abdomen"],
              fatigue=2, waking_unrefreshed=2, cognitive=1)
    out = run("acr2016", e)
    assert (out["wpi"], out["generalized_pain_regions"], out["meets_criteria"]) == (7, 1, False)
    # Thresholds are ≥, not >: WPI 7 and SSS 5 with 4 regions is positive (example N).
    n = _case(tmp_path, pain_areas=["shoulder_girdle_left", "upper_arm_left", "shoulder_girdle_right", "hip_left",
                                    "upper_leg_left", "lower_leg_left", "hip_right"],
              fatigue=2, waking_unrefreshed=1, cognitive=1, depression=True)
    out = run("acr2016", n)
    assert (out["wpi"], out["sss"], out["fs"], out["fs_band"], out["meets_criteria"]) == (7, 5, 12, "severe", True)
    # 2016 is valid irrespective of other diagnoses; 2011 keeps the exclusion (example I).
    i_case = json.loads(open(_case(tmp_path, pain_areas=list(WPI_AREA_CODES), fatigue=3, waking_unrefreshed=2,
                                   cognitive=2, headaches=True, depression=True)).read())
    (tmp_path / "i.json").write_text(json.dumps({**i_case, "other_disorder_explains_pain": True}))
    assert run("acr2016", str(tmp_path / "i.json"))["meets_criteria"] is True
    assert run("acr2011", str(tmp_path / "i.json"))["meets_criteria"] is False


def test_bad_answers_exit_2_naming_the_item(cli, tmp_path):
    for answers, field in [({"pain_areas": ["elbow"]}, "pain_areas[0]"), ({"fatigue": 4}, "fatigue"),
                           ({"colour": 1}, "colour")]:
        path = tmp_path / "bad.json"
        base = json.loads(open(_case(tmp_path)).read())
        path.write_text(json.dumps({**base, **answers}))
        result = cli("assess", "acr2016", "--answers", str(path))
        assert result.code == 2 and result.err.startswith(f"error: {field}: "), result.err
    missing = tmp_path / "missing.json"
    missing.write_text(json.dumps({"pain_areas": []}))
    assert cli("assess", "acr2016", "--answers", str(missing)).err.startswith("error: fatigue: ")
    assert cli("assess", "acr2099", "--answers", str(missing)).err.startswith("error: instrument: ")


def test_wpi_is_prefilled_from_the_pain_log(cli):
    cli("log", "pain", "4", "--site", "calf_left")
    cli("log", "pain", "3", "--site", "neck")
    cli("log", "pain", "0", "--site", "chest")  # no pain there: not pre-filled
    cli("log", "twitching", "5", "--site", "eyelid_left")  # twitching is not pain
    # Enter keeps the pre-filled areas; then fatigue, unrefreshed, cognitive, three yes/no, duration, exclusion.
    result = cli("assess", "acr2016", input="\n3\n3\n2\ny\nn\nn\ny\n\n")
    assert result.code == 0, result.err
    [history] = cli("assess", "history", "acr2016", "--json").json()
    stored = history["assessments"][0]["result"]
    assert stored["painful_areas"] == ["lower_leg_left", "neck"] and stored["wpi"] == 2


def test_history_trend_and_schedule(cli, tmp_path):
    first = _case(tmp_path, pain_areas=list(WPI_AREA_CODES)[:8], fatigue=2, waking_unrefreshed=2, cognitive=2)
    assert cli("assess", "fs", "--answers", first).code == 0
    second = _case(tmp_path, pain_areas=list(WPI_AREA_CODES)[:4], fatigue=1, waking_unrefreshed=1, cognitive=1)
    assert cli("assess", "fs", "--answers", second).code == 0
    [fs] = cli("assess", "history", "fs", "--json").json()
    assert [a["result"]["fs"] for a in fs["assessments"]] == [14, 7]
    assert fs["trend"]["change"] == -7 and fs["trend"]["direction"] == "better"
    due = {d["instrument"]: d for d in cli("assess", "list", "--json").json()}
    assert due["fiqr"]["is_due"] is True and due["acr2016"]["is_due"] is True


def test_instruments_listing(cli):
    codes = [i["code"] for i in cli("instruments", "--json").json()]
    assert {"acr2010", "acr2011", "acr2016", "fs", "first", "fiqr", "mrc"} <= set(codes)
