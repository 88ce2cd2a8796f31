"""Red flags on every check-in, `fibrotrack triage`, `meds check` and `learn`."""

from __future__ import annotations

import json
import time

STROKE_CASE = {"symptoms": {"weakness": 8}, "weakness": {"kind": "true_weakness", "onset": "sudden", "side": "left",
                                                       "sites": ["upper_arm_left"]},
               "signs": {"face_droop": True}}


def test_triage_case_file_json_within_a_second(cli, tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(STROKE_CASE))
    started = time.perf_counter()
    result = cli("triage", "--case", str(path), "--json")
    elapsed = time.perf_counter() - started
    assert result.code == 0, result.err
    out = result.json()
    assert out["urgency"] == "emergency"
    assert all({"rule", "urgency", "advice", "source"} <= set(f) for f in out["flags"])
    assert elapsed < 1.0


def test_triage_bad_case_names_the_field(cli, tmp_path):
    path = tmp_path / "case.json"
    for case, field in [({"signs": {"face_drop": True}}, "signs.face_drop"), ({"colour": 1}, "colour"),
                        ({"symptoms": {"weakness": 11}}, "symptoms.weakness"),
                        ({"weakness": {"onset": "slowly"}}, "weakness.onset")]:
        path.write_text(json.dumps(case))
        result = cli("triage", "--case", str(path))
        assert result.code == 2 and result.err.startswith(f"error: {field}: "), result.err
    path.write_text("[1, 2")
    assert cli("triage", "--case", str(path)).err.startswith("error: --case: ")


def test_sudden_one_sided_weakness_logged_shows_emergency_advice_first(cli):
    result = cli("log", "weakness", "7", "--detail", "kind=true_weakness", "--detail", "onset=sudden",
                 "--detail", "side=left")
    assert result.code == 0
    assert result.out.index("Call emergency services") < result.out.index("Logged weakness")


def test_every_checkin_stores_a_triage_event(cli, tmp_path):
    path = tmp_path / "checkin.json"
    path.write_text(json.dumps({"entries": [{"trackable": "weakness", "value": 6,
                                             "detail": {"kind": "true_weakness", "onset": "gradual"}}],
                                "triage": {"weakness": {"progression": "hours_days", "side": "right"}}}))
    out = cli("checkin", "--from", str(path), "--json").json()
    assert out["triage"]["urgency"] in ("urgent", "emergency")
    assert out["triage"]["event_id"] is not None
    calm = tmp_path / "calm.json"
    calm.write_text(json.dumps({"entries": [{"trackable": "twitching", "value": 3, "site": "eyelid_left"}]}))
    assert cli("checkin", "--from", str(calm), "--json").json()["triage"]["urgency"] == "self_care"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"entries": [{"trackable": "pain", "value": 1}], "triage": {"signs": {"x": True}}}))
    result = cli("checkin", "--from", str(bad))
    assert result.code == 2 and result.err.startswith("error: triage.signs.x: ")
    assert len(cli("list", "--json").json()) == 2  # the bad check-in stored nothing


def test_interactive_checkin_asks_red_flags_and_shows_advice_first(cli):
    # weakness 6 → kind 1 (true weakness) → onset 1 (sudden) → side 1 (left) → no sites;
    # everything else skipped; red-flag questions: answer the first with "y" and skip the rest.
    answers = "\n6\n1\n1\n1\n\n" + "\n" * 20 + "y\n" + "\n" * 40
    result = cli("checkin", input=answers)
    assert result.code == 0, result.err
    assert "Call emergency services" in result.out
    assert result.out.index("Call emergency services") < result.out.index("Saved")


def test_interactive_triage_starts_from_latest_checkin(cli):
    cli("log", "twitching", "4", "--site", "calf_left")
    result = cli("triage", "--json", input="\n" * 60)
    assert result.code == 0, result.err
    assert result.out.strip().startswith("{") or "{" in result.out
    payload = result.out[result.out.index("{\n"):]
    assert json.loads(payload)["urgency"] == "self_care"


def test_meds_check_and_eular_on_treatment_add(cli):
    cli("treatment", "add", "atorvastatin 20 mg")
    added = cli("treatment", "add", "walking", "--kind", "exercise", "--json").json()
    assert added["eular"]["strength"] == "strong for"
    review = cli("meds", "check", "--json").json()
    [statin] = [m for m in review["medications"] if m["name"].startswith("atorvastatin")]
    assert statin["classes"][0]["id"] == "statin"
    assert "stop taking" not in json.dumps(review).lower()


def test_learn_topics_have_sources(cli):
    topics = cli("learn", "--json").json()
    assert {"twitching", "true_weakness"} <= {t["id"] for t in topics}
    assert all(t["sources"] for t in topics)
    one = cli("learn", "true_weakness", "--json").json()
    assert "tired" in json.dumps(one["body"]).lower()
    assert cli("learn", "nope").code == 2
    assert any(r["strength"] == "strong for" for r in cli("learn", "eular", "--json").json())
