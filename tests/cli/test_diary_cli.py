"""The diary CLI: exit codes, --json documents and one-line errors."""

from __future__ import annotations

import json

import pytest


def test_log_then_list_json_returns_the_observation(cli, tmp_path):
    db = str(tmp_path / "x.db")
    assert cli("log", "twitching", "6", "--site", "calf_left", db=db).code == 0
    result = cli("list", "--json", db=db)
    assert result.code == 0 and result.err == ""
    [obs] = result.json()
    assert (obs["trackable"], obs["value"], obs["body_site"]) == ("twitching", 6.0, "calf_left")


def test_out_of_range_exits_2_naming_the_range(cli):
    result = cli("log", "twitching", "14")
    assert result.code == 2
    assert result.err.strip() == "error: value: 14 is outside the range 0–10 for twitching"
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1
    assert cli("list", "--json").json() == []


@pytest.mark.parametrize("args, field", [
    (["log", "twitchin", "4"], "trackable"),
    (["log", "pain", "3", "--site", "elbow"], "body_site"),
    (["log", "pain", "3", "--at", "next tuesday"], "at"),
    (["log", "pain", "three"], "value"),
    (["log", "weakness", "3", "--detail", "onset=slowly"], "detail.onset"),
    (["log", "weakness", "3", "--detail", "onset"], "detail"),
    (["log", "stress", "3", "--site", "neck"], "body_site"),
    (["log", "pain", "3", "--serving", "coffee"], "serving"),
    (["list", "--since", "yesterday-ish"], "since"),
])
def test_bad_input_gives_one_line_naming_the_field(cli, args, field):
    result = cli(*args)
    assert result.code == 2
    line = result.err.strip()
    assert "\n" not in line and line.startswith(f"error: {field}: ")


def test_usage_errors_exit_2_without_traceback(cli):
    for args in (["log"], ["log", "pain"], ["--bogus"], ["edit", "abc"]):
        result = cli(*args)
        assert result.code == 2 and result.err.startswith("error: ") and "Traceback" not in result.err


def test_caffeine_servings_are_converted_with_the_servings_kept(cli):
    obs = json.loads(cli("log", "caffeine", "2", "--serving", "coffee", "--json").out)
    assert (obs["trackable"], obs["value"], obs["detail"]) == ("caffeine_mg", 192.0,
                                                                {"serving": "coffee", "servings": 2.0})


def test_edit_delete_and_not_found(cli):
    obs = cli("log", "weakness", "4", "--detail", "kind=tiredness", "--json").json()
    edited = cli("edit", str(obs["id"]), "--value", "6", "--detail", "side=left", "--json").json()
    assert edited["value"] == 6 and edited["detail"] == {"kind": "tiredness", "side": "left"}
    assert cli("delete", str(obs["id"])).code == 0
    assert cli("list", "--json").json() == []
    missing = cli("delete", str(obs["id"]))
    assert missing.code == 2 and "not found" in missing.err


def test_checkin_from_file(cli, tmp_path):
    answers = tmp_path / "today.json"
    answers.write_text(json.dumps({"entries": [
        {"trackable": "twitching", "value": 5, "site": "eyelid_left", "detail": {"count": 20}},
        {"trackable": "weakness", "value": 2, "detail": {"kind": "tiredness"}},
        {"trackable": "caffeine", "value": 1, "serving": "espresso"},
        {"trackable": "sleep_hours", "value": 6.5},
    ]}))
    result = cli("checkin", "--from", str(answers), "--json")
    assert result.code == 0, result.err
    assert [o["trackable"] for o in result.json()["observations"]] == [
        "twitching", "weakness", "caffeine_mg", "sleep_hours"]


def test_checkin_file_errors_name_the_entry_and_store_nothing(cli, tmp_path):
    answers = tmp_path / "bad.json"
    answers.write_text(json.dumps({"entries": [{"trackable": "pain", "value": 3},
                                               {"trackable": "pain", "value": 3, "sight": "neck"}]}))
    result = cli("checkin", "--from", str(answers))
    assert result.code == 2 and result.err.startswith("error: entries[1].sight: unknown field")
    answers.write_text("{not json")
    assert cli("checkin", "--from", str(answers)).err.startswith("error: --from: ")
    assert cli("checkin", "--from", str(tmp_path / "missing.json")).code == 2
    assert cli("list", "--json").json() == []


def test_interactive_checkin_asks_and_saves(cli):
    # twitching 4 → count 10 → sites; weakness 0 (no follow-ups); everything else skipped; one coffee;
    # then the red-flag questions twitching brings up, all skipped.
    answers = "4\n10\neyelid_left\n0\n\n\n\n\n\n\n\n\n1\n\n\n\n\n\n" + "\n" * 60
    result = cli("checkin", input=answers)
    assert result.code == 0, result.err
    got = {o["trackable"]: o for o in cli("list", "--json").json()}
    assert got["twitching"]["value"] == 4 and got["twitching"]["body_site"] == "eyelid_left"
    assert got["twitching"]["detail"] == {"count": 10}
    assert got["weakness"]["value"] == 0
    assert got["caffeine_mg"]["value"] == 96.0


def test_treatments(cli):
    added = cli("treatment", "add", "Magnesium", "--kind", "supplement", "--dose", "400 mg", "--json").json()
    assert added["active"] and added["dose"] == "400 mg"
    assert cli("treatment", "stop", "magnesium").code == 0
    listed = cli("treatment", "list", "--json").json()
    assert listed[0]["active"] is False
    assert cli("treatment", "add", "x", "--kind", "potion").code == 2


def test_trackables_list_and_add(cli):
    codes = {t["code"] for t in cli("trackables", "--json").json()}
    assert {"twitching", "weakness", "pain", "caffeine_mg", "sleep_hours"} <= codes
    assert cli("trackables", "add", "brain_fog", "--label", "Brain fog").code == 0
    assert "brain_fog" in {t["code"] for t in cli("trackables", "--json").json()}
    assert len(cli("trackables", "--sites", "--json").json()) >= 19
    assert cli("log", "brain_fog", "3").code == 0


def test_export_import_round_trip_via_files(cli, tmp_path):
    cli("log", "twitching", "6", "--site", "calf_left", "--detail", "count=12", "--note", "after the gym, \"hard\"")
    cli("log", "caffeine", "250")
    out = tmp_path / "diary.csv"
    assert cli("export", "--format", "csv", "--out", str(out)).code == 0
    assert out.read_text().splitlines()[0] == "at,trackable,value,unit,body_site,detail,note,source_id"
    other = str(tmp_path / "other.db")
    first = cli("import", str(out), "--json", db=other).json()
    assert (first["added"], first["duplicates"]) == (2, 0)
    second = cli("import", str(out), "--json", db=other).json()
    assert (second["added"], second["duplicates"]) == (0, 2)
    strip = lambda rows: [{k: r[k] for k in ("at", "trackable", "value", "body_site", "detail", "note", "source_id")}
                          for r in rows]
    assert strip(cli("list", "--json", db=other).json()) == strip(cli("list", "--json").json())


def test_import_errors_list_every_row_and_import_nothing(cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("at,trackable,value,unit,body_site,detail,note,source_id\n"
                   "2026-11-20T08:00:00+00:00,pain,3,0-10,,,,r1\n"
                   "2026-11-20T08:00:00+00:00,pain,30,0-10,,,,r2\n"
                   "2026-11-20T08:00:00,pain,3,0-10,,,,r3\n")
    result = cli("import", str(bad))
    assert result.code == 2
    assert "line 3: value:" in result.err and "line 4: at:" in result.err
    assert cli("list", "--json").json() == []
    partial = cli("import", str(bad), "--skip-invalid", "--json").json()
    assert partial["added"] == 1 and [r["line"] for r in partial["rejected"]] == [3, 4]
    assert cli("import", str(tmp_path / "nope.csv")).code == 2


def test_db_upgrade_and_current(cli, tmp_path):
    db = str(tmp_path / "fresh.db")
    upgraded = cli("db", "upgrade", "--json", db=db).json()
    assert upgraded["from"] is None and upgraded["to"] == upgraded["head"]
    assert cli("db", "current", "--json", db=db).json()["current"] == upgraded["head"]


def test_default_database_lives_in_the_data_folder(capsys, tmp_path, monkeypatch):
    from fibrotrack.cli import main

    monkeypatch.setenv("FIBROTRACK_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("FIBROTRACK_DB", raising=False)
    assert main(["log", "pain", "2"]) == 0
    assert (tmp_path / "data" / "fibrotrack.db").exists()


def test_help_and_version(cli):
    assert cli("--help").code == 0
    assert cli("--version").out.startswith("fibrotrack ")
