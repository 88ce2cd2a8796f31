"""Every import and export format end to end through `fibrotrack import` / `export` / `report`."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from jsonschema import Draft6Validator

from fibrotrack.catalog import WPI_AREA_CODES

SCHEMA = Path(__file__).with_name("data") / "fhir.schema.json"

EXPORT = """Date,Fibromyalgia,Eye twitch,Muscle weakness,Fatigue,Pregabalin,Magnesium,Tags,Foods
2017-04-26,3,1,3,2,75.0 mg,Taken,tired; stressed,"Coffee, brewed"
2017-04-27,2,0,2,3,75.0 mg,Not Taken,,
"""
RESEARCH = """user_id,age,sex,country,checkin_date,trackable_id,trackable_type,trackable_name,trackable_value
u1,0,female,CA,2017-04-28,3170,Condition,pain in hand joints,4
u1,0,female,CA,2017-04-28,9363,Weather,icon,rain
u2,34,female,US,2015-05-26,152,Symptom,Muscle twitching,1
u2,34,female,US,2015-05-26,9890,Treatment,Zofran,8.0 mg
u2,34,female,US,2015-06-14,152,Symptom,Muscle twitching,3
"""


def _fill(cli, tmp_path) -> None:
    cli("demo", "--days", "40", "--seed", "2")
    cli("log", "weakness", "5", "--detail", "kind=true_weakness", "--detail", "onset=gradual")
    cli("treatment", "add", "duloxetine", "--dose", "60 mg")
    answers = tmp_path / "acr.json"
    answers.write_text(json.dumps({"pain_areas": list(WPI_AREA_CODES)[:9], "fatigue": 2, "waking_unrefreshed": 2,
                                   "cognitive": 1, "headaches": True, "lower_abdominal_pain": False,
                                   "depression": True, "symptoms_3_months": True}))
    assert cli("assess", "acr2016", "--answers", str(answers)).code == 0


def _resources(bundle: dict) -> list[dict]:
    """The bundle's resources without ids and references that depend on them, in a stable order."""
    def scrub(value):
        if isinstance(value, dict):
            return {k: scrub(v) for k, v in value.items() if k not in ("id", "fullUrl", "reference", "lastUpdated")}
        if isinstance(value, list):
            return [scrub(v) for v in value]
        return value
    return sorted((scrub(e["resource"]) for e in bundle["entry"]), key=lambda r: json.dumps(r, sort_keys=True))


def test_fhir_export_validates_and_round_trips(cli, tmp_path):
    _fill(cli, tmp_path)
    out = tmp_path / "bundle.json"
    assert cli("export", "--format", "fhir", "--with-report", "--out", str(out)).code == 0
    bundle = json.loads(out.read_text())
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"Patient", "Observation", "QuestionnaireResponse", "Questionnaire", "MedicationStatement",
            "DocumentReference"} <= kinds
    assert "Condition" not in kinds  # only a clinician-recorded diagnosis becomes a Condition
    schema = json.loads(SCHEMA.read_text())
    errors = [e.message for e in Draft6Validator(schema).iter_errors(bundle)]
    assert errors == []
    other = str(tmp_path / "other.db")
    summary = cli("import", str(out), "--json", db=other).json()  # format detected from the content
    assert summary["format"] == "fhir" and summary["added"] > 0 and summary["assessments_added"] == 1
    again = tmp_path / "again.json"
    assert cli("export", "--format", "fhir", "--out", str(again), db=other).code == 0
    first = _resources({"entry": [e for e in bundle["entry"] if e["resource"]["resourceType"] != "DocumentReference"]})
    assert _resources(json.loads(again.read_text())) == first
    assert cli("import", str(out), "--json", db=other).json()["added"] == 0  # idempotent


def test_fhir_bundle_with_unknown_resources_is_refused_whole(cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Observation", "status": "final", "code": {"text": "x"}}},
        {"resource": {"resourceType": "Claim", "status": "active"}}]}))
    result = cli("import", str(bad))
    assert result.code == 2 and result.err.startswith("error: entry[")
    assert cli("list", "--json").json() == []


def test_flaredown_per_user_export(cli, tmp_path):
    path = tmp_path / "flaredown.csv"
    path.write_text(EXPORT)
    summary = cli("import", str(path), "--json").json()
    assert summary["format"] == "flaredown" and summary["added"] > 0 and summary["trackables_created"] >= 1
    assert summary["mapped"]["Muscle weakness"] == "weakness"
    rows = cli("list", "--json").json()
    weakness = [r for r in rows if r["trackable"] == "weakness"]
    assert weakness[0]["value"] == 7.5 and weakness[0]["detail"]["original_value"] == 3  # 0–4 rescaled to 0–10
    assert any(r["trackable"].startswith("med:pregabalin") for r in rows)
    assert cli("import", str(path), "--json").json()["added"] == 0


def test_flaredown_research_file_needs_a_user(cli, tmp_path):
    path = tmp_path / "research.csv"
    path.write_text(RESEARCH)
    missing = cli("import", str(path))
    assert missing.code == 2 and "u1" in missing.err and "u2" in missing.err
    one = cli("import", str(path), "--user", "u2", "--json").json()
    assert one["person"] == "me" and one["added"] >= 2
    every = cli("import", str(path), "--all-users", "--json", db=str(tmp_path / "all.db")).json()
    assert sorted(s["person"] for s in every) == ["flaredown-u1", "flaredown-u2"]
    assert cli("import", str(path), "--user", "nobody").code == 2


def test_apple_health_zip_and_xml(cli, tmp_path, apple_gen):
    xml = apple_gen.write_export(tmp_path / "export.xml", days=3)
    archive = apple_gen.zip_export(xml, tmp_path / "export.zip")
    summary = cli("import", str(archive), "--json").json()
    assert summary["format"] == "apple-health" and summary["added"] > 0
    codes = {r["trackable"] for r in cli("list", "--json").json()}
    assert {"sleep_hours", "caffeine_mg", "exertion_min"} <= codes
    assert cli("import", str(xml), "--json").json()["added"] == 0  # same records through the bare XML


def test_hostile_and_broken_files_are_refused_without_importing(cli, tmp_path):
    bomb = tmp_path / "export.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
                    '<HealthData>&lol2;</HealthData>')
    result = cli("import", str(bomb))
    assert result.code == 2 and result.err.startswith("error: file: ")
    broken = tmp_path / "broken.xml"
    broken.write_text('<?xml version="1.0"?><HealthData><Record type="x"')
    assert cli("import", str(broken)).code == 2
    other_app = tmp_path / "other.csv"
    other_app.write_text("Timestamp,Mood,Energy\n2024-01-01,3,2\n")
    assert cli("import", str(other_app)).err.startswith("error: format: ")
    assert cli("list", "--json").json() == []


def test_report_pdf_renders_in_two_pages_within_five_seconds(cli, tmp_path):
    cli("demo", "--days", "365", "--seed", "1")
    out = tmp_path / "report.pdf"
    started = time.perf_counter()
    summary = cli("report", "--out", str(out), "--from", "2025-11-26", "--json").json()
    elapsed = time.perf_counter() - started
    assert out.read_bytes()[:5] == b"%PDF-" and summary["days_logged"] > 250
    assert elapsed < 5.0
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(out), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert 1 <= len(pages) <= 2 and all(p.stat().st_size > 5_000 for p in pages)
    assert cli("report", "--out", str(out), "--from", "2026-12-01", "--to", "2026-01-01").code == 2
