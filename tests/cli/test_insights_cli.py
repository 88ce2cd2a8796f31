"""`fibrotrack demo` then `fibrotrack insights`: the built-in true triggers are found; none on a null diary."""

from __future__ import annotations


def test_demo_then_insights_finds_the_built_in_triggers(cli):
    demo = cli("demo", "--days", "365", "--seed", "1", "--json").json()
    truth = {(t["symptom"], t["exposure"], t["lag_days"]): t["effect"] for t in demo["truth"]["triggers"]}
    result = cli("insights", "--json")
    assert result.code == 0, result.err
    out = result.json()
    assert out["person"] == "me" and out["days_logged"] > 250
    found = {(t["symptom"], t["exposure"], t["lag_days"]): t for t in out["triggers"] if t["label"] == "likely"}
    for key, effect in truth.items():
        assert key in found, f"true trigger {key} not found"
        assert (found[key]["effect"] > 0) == (effect > 0), key
        assert found[key]["ci_low"] <= found[key]["effect"] <= found[key]["ci_high"]
    for trigger in out["triggers"]:
        assert {"symptom", "exposure", "lag_days", "effect", "ci_low", "ci_high", "q_value", "label", "n_exposed",
                "n_unexposed", "sentence"} <= set(trigger)


def test_no_trigger_on_a_diary_simulated_without_effects(cli):
    cli("demo", "--days", "365", "--seed", "1", "--scenario", "none")
    out = cli("insights", "--json").json()
    assert [t for t in out["triggers"] if t["label"] == "likely"] == []


def test_few_days_is_not_enough_data(cli):
    cli("demo", "--days", "10", "--seed", "3")
    out = cli("insights", "--json").json()
    assert out["triggers"] == [] and out["not_enough_data"]
    assert all("sentence" in item for item in out["not_enough_data"])


def test_empty_diary_and_bad_symptom(cli):
    out = cli("insights", "--json").json()
    assert out["days_logged"] == 0 and out["triggers"] == []
    assert cli("insights", "--symptom", "itching").code == 2


def test_treatment_effect_of_the_demo_supplement(cli):
    cli("demo", "--days", "365", "--seed", "1")
    [twitching] = cli("treatment", "effect", "magnesium", "--symptom", "twitching", "--json").json()
    assert twitching["enough_data"] is True
    assert twitching["ci_low"] <= twitching["level_change"] <= twitching["ci_high"]
    assert "self-experiment" in twitching["sentence"]
    assert cli("treatment", "effect", "nothing").code == 2
