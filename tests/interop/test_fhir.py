"""FHIR export and import: resources, codes, references, the round trip and bad Bundles."""

from __future__ import annotations

import base64
import copy
import json
import uuid
from dataclasses import replace
from datetime import timezone

import pytest

from fibrotrack.diary import Observation
from fibrotrack.errors import ValidationError
from fibrotrack.interop.fhir import FhirExport, build_bundle, parse_bundle
from fibrotrack.interop.fhir_codes import BODY_SITE_SYSTEM, LOINC, SNOMED, TRACKABLE_SYSTEM


def _resources(bundle, kind=None):
    return [e["resource"] for e in bundle["entry"] if kind is None or e["resource"]["resourceType"] == kind]


def _diary_observation(bundle, trackable):
    return next(r for r in _resources(bundle, "Observation")
                if any(c.get("code") == trackable for c in r["code"]["coding"]))


def test_bundle_is_a_collection_with_urn_uuid_full_urls(fhir_export):
    bundle = build_bundle(fhir_export)
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    assert bundle["timestamp"] == "2024-03-01T12:00:00Z"
    for entry in bundle["entry"]:
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"
        assert uuid.UUID(entry["resource"]["id"]).version == 5
    kinds = [r["resourceType"] for r in _resources(bundle)]
    assert kinds.count("Patient") == 1 and kinds.count("QuestionnaireResponse") == 4
    assert kinds.count("Questionnaire") == 4 and kinds.count("CodeSystem") == 1
    assert kinds.count("MedicationStatement") == 2 and kinds.count("Procedure") == 1
    assert kinds.count("Condition") == 1 and kinds.count("DocumentReference") == 1


def test_every_reference_points_to_an_entry_in_the_bundle(fhir_export):
    bundle = build_bundle(fhir_export)
    urls = {e["fullUrl"] for e in bundle["entry"]}
    references = []

    def walk(node):
        if isinstance(node, dict):
            if "reference" in node:
                references.append(node["reference"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(_resources(bundle))
    assert references and set(references) <= urls


def test_patient(fhir_export):
    [patient] = _resources(build_bundle(fhir_export), "Patient")
    assert patient["name"] == [{"text": "Ann Example"}]
    assert (patient["gender"], patient["birthDate"]) == ("female", "1980")


def test_observations_use_verified_standard_codes_only_where_they_exist(fhir_export):
    bundle = build_bundle(fhir_export)
    pain = _diary_observation(bundle, "pain")
    assert {(c["system"], c["code"]) for c in pain["code"]["coding"]} == {(TRACKABLE_SYSTEM, "pain"),
                                                                          (LOINC, "72514-3")}
    weakness = _diary_observation(bundle, "weakness")
    assert {(c["system"], c["code"]) for c in weakness["code"]["coding"]} == {(TRACKABLE_SYSTEM, "weakness"),
                                                                              (SNOMED, "26544005")}
    for trackable in ("twitching", "caffeine_mg", "stress", "sleep_hours", "med:magnesium"):
        codings = _diary_observation(bundle, trackable)["code"]["coding"]
        assert [c["system"] for c in codings] == [TRACKABLE_SYSTEM], trackable
    all_codes = json.dumps(bundle)
    assert all_codes.count('"http://loinc.org"') == 1  # pain only: no invented LOINC anywhere
    assert sorted(c["code"] for r in _resources(bundle) for c in r.get("code", {}).get("coding", [])
                  if c.get("system") == SNOMED) == ["203082005", "26544005"]


def test_observation_content(fhir_export):
    bundle = build_bundle(fhir_export)
    twitch = _diary_observation(bundle, "twitching")
    assert twitch["status"] == "final" and twitch["category"][0]["coding"][0]["code"] == "survey"
    assert twitch["effectiveDateTime"] == "2024-02-01T08:30:00+01:00"  # in the person's zone
    assert twitch["valueQuantity"] == {"value": 4.0, "unit": "0-10", "system": "http://unitsofmeasure.org",
                                       "code": "{score}"}
    assert twitch["bodySite"]["coding"] == [{"system": BODY_SITE_SYSTEM, "code": "eyelid_left",
                                             "display": "Eyelid, left"}]
    assert json.loads(twitch["extension"][0]["valueString"]) == {"count": 3, "duration_s": 12.5}
    assert {c["code"]["coding"][0]["code"]: {k: v for k, v in c.items() if k != "code"} for c in twitch["component"]} \
        == {"count": {"valueInteger": 3},
            "duration_s": {"valueQuantity": {"value": 12.5, "unit": "s", "system": "http://unitsofmeasure.org",
                                             "code": "s"}}}
    assert twitch["identifier"][0]["value"] == "manual-1-twitching"
    assert _diary_observation(bundle, "caffeine_mg")["valueQuantity"]["code"] == "mg"
    assert _diary_observation(bundle, "sleep_hours")["valueQuantity"]["code"] == "h"
    assert "system" not in _diary_observation(bundle, "med:magnesium")["valueQuantity"]  # no UCUM for "dose"
    assert _diary_observation(bundle, "pain")["note"] == [{"text": "after gardening"}]


def test_user_trackables_are_defined_in_the_persons_code_system(fhir_export):
    bundle = build_bundle(fhir_export)
    [system] = _resources(bundle, "CodeSystem")
    fog = _diary_observation(bundle, "fd_brain_fog")
    assert fog["code"]["coding"][0]["system"] == system["url"]
    assert system["concept"][0]["code"] == "fd_brain_fog" and system["concept"][0]["display"] == "Brain fog"
    with pytest.raises(ValidationError) as caught:
        build_bundle(replace(fhir_export, trackables=()))
    assert caught.value.field == "trackables" and "fd_brain_fog" in caught.value.problem


def test_assessments_have_questionnaire_response_and_derived_scores(fhir_export):
    bundle = build_bundle(fhir_export)
    fiqr = next(r for r in _resources(bundle, "QuestionnaireResponse") if "/fiqr|" in r["questionnaire"])
    assert fiqr["status"] == "completed" and fiqr["authored"] == "2024-02-20T10:15:00+01:00"
    assert len(fiqr["item"]) == 20  # 21 items, one skipped
    scores = [r for r in _resources(bundle, "Observation") if r.get("derivedFrom")
              == [{"reference": f"urn:uuid:{fiqr['id']}"}]]
    assert [s["code"]["coding"][0]["code"] for s in scores] == ["fiqr.total", "fiqr.function", "fiqr.overall",
                                                                 "fiqr.symptoms"]
    assert scores[0]["valueQuantity"]["value"] == pytest.approx(58.75)
    assert "FIQR total" in scores[0]["note"][0]["text"]
    acr = next(r for r in _resources(bundle, "QuestionnaireResponse") if "/acr2016|" in r["questionnaire"])
    areas = next(i for i in acr["item"] if i["linkId"] == "pain_areas")
    assert len(areas["answer"]) == 7 and areas["answer"][0]["valueCoding"]["system"] == BODY_SITE_SYSTEM
    met = next(r for r in _resources(bundle, "Observation")
               if r["code"]["coding"][0]["code"] == "acr2016.meets_criteria")
    assert met["valueBoolean"] is True


def test_questionnaires_carry_the_instrument_items(fhir_export):
    bundle = build_bundle(fhir_export)
    by_url = {q["url"].rsplit("/", 1)[1]: q for q in _resources(bundle, "Questionnaire")}
    assert set(by_url) == {"acr2016", "fiqr", "first", "mrc"}
    assert len(by_url["fiqr"]["item"]) == 21 and by_url["fiqr"]["item"][0]["type"] == "integer"
    assert by_url["acr2016"]["item"][0]["type"] == "choice" and len(by_url["acr2016"]["item"][0]["answerOption"]) == 19
    assert by_url["first"]["item"][0]["type"] == "boolean"
    assert by_url["mrc"]["item"][0]["linkId"] == "grades.shoulder_abduction.left"


def test_treatments(fhir_export):
    bundle = build_bundle(fhir_export)
    meds = {m["medicationCodeableConcept"]["text"]: m for m in _resources(bundle, "MedicationStatement")}
    assert meds["Magnesium"]["status"] == "active" and meds["Magnesium"]["dosage"] == [{"text": "300 mg"}]
    assert meds["Pregabalin"]["status"] == "completed"
    assert meds["Pregabalin"]["effectivePeriod"] == {"start": "2023-06-01", "end": "2023-09-01"}
    [exercise] = _resources(bundle, "Procedure")
    assert exercise["code"] == {"text": "Aerobic exercise"} and exercise["status"] == "in-progress"
    with pytest.raises(ValidationError) as caught:
        build_bundle(replace(fhir_export, treatments=[replace(fhir_export.treatments[0], kind="surgery")]))
    assert caught.value.field == "treatments[0].kind"


def test_condition_only_when_a_clinician_recorded_it(fhir_export):
    [condition] = _resources(build_bundle(fhir_export), "Condition")
    assert [(c["system"], c["code"]) for c in condition["code"]["coding"]] == [
        ("http://snomed.info/sct", "203082005"), ("http://hl7.org/fhir/sid/icd-10", "M79.7")]
    assert condition["recorder"] == {"display": "Dr R. Smith, rheumatology"}
    assert _resources(build_bundle(replace(fhir_export, conditions=())), "Condition") == []
    other = build_bundle(replace(fhir_export, conditions=[replace(fhir_export.conditions[0], name="Hypothyroidism")]))
    assert _resources(other, "Condition")[0]["code"] == {"text": "Hypothyroidism"}  # never an invented code


def test_the_report_is_a_document_reference(fhir_export):
    [document] = _resources(build_bundle(fhir_export), "DocumentReference")
    attachment = document["content"][0]["attachment"]
    assert attachment["contentType"] == "application/pdf"
    assert base64.b64decode(attachment["data"]) == fhir_export.report_pdf
    assert _resources(build_bundle(replace(fhir_export, report_pdf=None)), "DocumentReference") == []


def test_the_same_data_gives_the_same_bundle(fhir_export):
    assert build_bundle(fhir_export) == build_bundle(fhir_export)


def _reimport(export: FhirExport) -> FhirExport:
    """Export, import into an empty diary (as the import service stores rows), and describe it for export again."""
    parsed = parse_bundle(json.dumps(build_bundle(export)))
    assert parsed.errors == []
    stored = [Observation(n, row.at.astimezone(timezone.utc), row.at.date(), row.trackable, row.value, row.unit or "",
                          row.body_site, row.detail, row.note, row.source or "", row.source_id, export.exported_at,
                          export.exported_at)
              for n, row in enumerate(parsed.observations, start=100)]
    return FhirExport(person=parsed.person, observations=stored, trackables=parsed.trackables,
                      assessments=parsed.assessments, treatments=parsed.treatments, conditions=parsed.conditions,
                      report_pdf=parsed.report_pdf, tz=export.tz, exported_at=export.exported_at)


def _without_ids(bundle):
    text = json.dumps(bundle)
    for entry in bundle["entry"]:
        text = text.replace(entry["resource"]["id"], "ID")
    return json.loads(text)


def test_round_trip_export_import_export_gives_the_same_resources(fhir_export):
    first = build_bundle(fhir_export)
    second = build_bundle(_reimport(fhir_export))
    assert _without_ids(second) == _without_ids(first)
    assert second == first  # ids are derived from fibrotrack keys, so they survive the round trip too


def test_parse_gives_plain_data(fhir_export):
    parsed = parse_bundle(build_bundle(fhir_export))
    assert parsed.person.to_dict() == {"name": "Ann Example", "birth_year": 1980, "sex": "female"}
    twitch = next(r for r in parsed.observations if r.trackable == "twitching")
    first_observation = [e["resource"]["resourceType"] for e in build_bundle(fhir_export)["entry"]].index("Observation")
    assert (twitch.source, twitch.source_id, twitch.body_site, twitch.line) == (
        "import:fhir", "manual-1-twitching", "eyelid_left", first_observation + 1)
    assert twitch.at.isoformat() == "2024-02-01T08:30:00+01:00"
    assert len(parsed.observations) == 8  # score observations are not diary rows
    assert [a.instrument for a in parsed.assessments] == ["acr2016", "fiqr", "first", "mrc"]
    assert parsed.assessments[1].result["total"] == pytest.approx(58.75)
    assert [t.kind for t in parsed.treatments] == ["supplement", "medication", "exercise"]
    assert parsed.to_dict()["report_pdf"] is True


def test_rows_pass_the_catalog_check(fhir_export, catalog_errors):
    parsed = parse_bundle(build_bundle(fhir_export))
    assert catalog_errors(parsed.observations, parsed.trackables) == []


def test_an_unknown_resource_type_is_named(fhir_export):
    bundle = build_bundle(fhir_export)
    encounter = {"resourceType": "Encounter", "status": "finished"}
    bundle["entry"].insert(2, {"fullUrl": "urn:uuid:x", "resource": encounter})
    with pytest.raises(ValidationError) as caught:
        parse_bundle(bundle)
    assert caught.value.field == "entry[2].resource" and "'Encounter'" in caught.value.problem
    parsed = parse_bundle(bundle, skip_invalid=True)
    assert [(e.line, e.field) for e in parsed.errors] == [(3, "resource")]
    assert len(parsed.observations) == 8


def test_an_invalid_resource_is_rejected_with_its_entry(fhir_export):
    bundle = build_bundle(fhir_export)
    position = next(i for i, e in enumerate(bundle["entry"]) if e["resource"]["resourceType"] == "Observation")
    broken = copy.deepcopy(bundle)
    del broken["entry"][position]["resource"]["code"]
    with pytest.raises(ValidationError) as caught:
        parse_bundle(broken)
    assert caught.value.field.startswith(f"entry[{position}].resource")
    broken["entry"][position]["resource"]["code"] = {"text": "mood"}
    with pytest.raises(ValidationError, match="neither a fibrotrack trackable"):
        parse_bundle(broken)
    assert len(parse_bundle(broken, skip_invalid=True).observations) == 7


def test_a_foreign_pain_observation_coded_only_with_loinc_is_read_as_pain():
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {
        "resourceType": "Observation", "id": "ehr-1", "status": "final",
        "code": {"coding": [{"system": LOINC, "code": "72514-3"}]},
        "effectiveDateTime": "2024-05-01T09:00:00+02:00", "valueQuantity": {"value": 5, "unit": "{score}"}}}]}
    [row] = parse_bundle(bundle).observations
    assert (row.trackable, row.value, row.unit, row.source_id) == ("pain", 5.0, None, "fhir:ehr-1")


@pytest.mark.parametrize(("doc", "expected"), [
    ("{not json", "not valid JSON"),
    (b"\xff\xfe", "not valid JSON"),
    ('{"resourceType": "Patient", "id": "x"}', "not a FHIR Bundle"),
    ("[1, 2]", "not a FHIR Bundle"),
])
def test_malformed_json_or_not_a_bundle(doc, expected):
    with pytest.raises(ValidationError) as caught:
        parse_bundle(doc)
    assert caught.value.field == "file" and expected in caught.value.problem


def test_an_answer_the_instrument_rejects_is_an_error(fhir_export):
    bundle = build_bundle(fhir_export)
    response = next(r for r in _resources(bundle, "QuestionnaireResponse") if "/fiqr|" in r["questionnaire"])
    response["item"][0]["answer"] = [{"valueInteger": 11}]
    with pytest.raises(ValidationError) as caught:
        parse_bundle(bundle)
    assert "function[0]" in caught.value.field and "0–10" in caught.value.problem
