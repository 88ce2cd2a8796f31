"""Every exported resource validates against the official FHIR R4 JSON Schema and loads with fhir.resources.

The schema (draft-06) is vendored in ``tests/interop/data/fhir.schema.json`` (source and licence in the README
there). Each resource is checked against its own definition (``#/definitions/<resourceType>``), which gives
readable errors, and the whole Bundle against the root schema.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from jsonschema import Draft6Validator

from fibrotrack.interop.fhir import build_bundle

SCHEMA = Path(__file__).with_name("data") / "fhir.schema.json"


@cache
def _schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


@cache
def _validator(resource_type: str) -> Draft6Validator:
    schema = _schema()
    return Draft6Validator({"$schema": schema["$schema"], "definitions": schema["definitions"],
                            "$ref": f"#/definitions/{resource_type}"})


def _messages(validator: Draft6Validator, instance: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def test_the_vendored_schema_is_fhir_r4():
    schema = _schema()
    assert schema["id"] == "http://hl7.org/fhir/json-schema/4.0"
    assert schema["$schema"] == "http://json-schema.org/draft-06/schema#"
    Draft6Validator.check_schema(schema)


def test_every_resource_validates_against_the_r4_schema(fhir_export):
    bundle = build_bundle(fhir_export)
    failures = {}
    for entry in bundle["entry"]:
        resource = entry["resource"]
        errors = _messages(_validator(resource["resourceType"]), resource)
        if errors:
            failures[f"{resource['resourceType']}/{resource['id']}"] = errors
    assert failures == {}
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert kinds == {"Patient", "CodeSystem", "Observation", "Questionnaire", "QuestionnaireResponse",
                     "MedicationStatement", "Procedure", "Condition", "DocumentReference"}


def test_the_bundle_validates_against_the_root_schema(fhir_export):
    assert _messages(Draft6Validator(_schema()), build_bundle(fhir_export)) == []


def test_the_schema_catches_a_broken_resource(fhir_export):
    patient = next(e["resource"] for e in build_bundle(fhir_export)["entry"]
                   if e["resource"]["resourceType"] == "Patient")
    assert _messages(_validator("Patient"), {**patient, "gender": "f"})
    assert _messages(_validator("Patient"), {**patient, "nickname": "Annie"})


def test_every_resource_loads_with_fhir_resources(fhir_export):
    bundle = build_bundle(fhir_export)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        model = get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        assert json.loads(model.model_dump_json(exclude_none=True)) == resource
    assert len(Bundle.model_validate(bundle).entry) == len(bundle["entry"])


@pytest.mark.parametrize("field", ["observations", "assessments", "treatments", "conditions"])
def test_partial_exports_validate_too(fhir_export, field):
    from dataclasses import replace

    bundle = build_bundle(replace(fhir_export, **{field: ()}, report_pdf=None))
    for entry in bundle["entry"]:
        assert _messages(_validator(entry["resource"]["resourceType"]), entry["resource"]) == []
