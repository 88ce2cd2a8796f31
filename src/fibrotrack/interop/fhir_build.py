"""Building the FHIR Bundle (see :mod:`.fhir` for what is written and why)."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError as PydanticValidationError

from ..catalog import Trackable, body_site, builtin_trackable
from ..diary.observation import Observation
from ..errors import ValidationError
from ..instruments import Instrument, get_instrument
from . import fhir_codes as c
from .fhir_types import MEDICATION_KINDS, TREATMENT_KINDS, FhirAssessment, FhirCondition, FhirExport, FhirTreatment

__all__ = ["build_bundle", "questionnaire_items_to_answers", "user_trackable_system"]

_SURVEY = [{"coding": [{"system": c.OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}]
_GENDER = {"female": "female", "f": "female", "woman": "female", "male": "male", "m": "male", "man": "male",
           "unknown": "unknown"}


def user_trackable_system(patient_id: str) -> str:
    """Return the URL of the code system holding one person's own trackables."""
    return f"{c.USER_TRACKABLE_SYSTEM}/{patient_id}"


def _when(at: datetime) -> str:
    """Return an aware datetime as a FHIR dateTime/instant (``Z`` for UTC, as FHIR servers write it)."""
    text = at.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _ref(resource_id: str) -> dict[str, str]:
    return {"reference": f"urn:uuid:{resource_id}"}


def _checked(resource: dict[str, Any]) -> dict[str, Any]:
    """Return ``resource`` after checking it against the FHIR model of its type (a bug here is ours)."""
    try:
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    except PydanticValidationError as exc:  # pragma: no cover - would be a bug in this module
        raise ValueError(f"fibrotrack wrote an invalid {resource['resourceType']}: {exc}") from exc
    return resource


def build_bundle(export: FhirExport) -> dict[str, Any]:
    """Return the FHIR R4 ``collection`` Bundle (a JSON-ready dict) for ``export``.

    Every resource is checked against its ``fhir.resources`` model before it is returned.

    Raises:
        ValidationError: an assessment whose answers the instrument rejects (field ``assessments[i].<item>``),
            an unknown treatment kind (``treatments[i].kind``), or an observation using a user-defined
            trackable missing from ``export.trackables`` (``trackables``).
    """
    patient_id = c.resource_id("patient", export.person.name)
    resources: list[dict[str, Any]] = [_patient(export, patient_id)]
    custom = {t.code: t for t in export.trackables}
    used = sorted({o.trackable for o in export.observations if builtin_trackable(o.trackable) is None})
    missing = [code for code in used if code not in custom]
    if missing:
        raise ValidationError("trackables", f"observations use {', '.join(missing)}, which trackables does not define")
    if used:
        resources.append(_code_system(patient_id, [custom[code] for code in used]))
    for obs in export.observations:
        resources.append(_observation(obs, export, patient_id))
    questionnaires: dict[str, dict[str, Any]] = {}
    for index, assessment in enumerate(export.assessments):
        resources.extend(_assessment(index, assessment, export, patient_id, questionnaires))
    for index, treatment in enumerate(export.treatments):
        resources.append(_treatment(index, treatment, export, patient_id))
    for condition in export.conditions:
        resources.append(_condition(condition, export, patient_id))
    if export.report_pdf is not None:
        resources.append(_document(export, export.report_pdf, patient_id))
    resources[1:1] = questionnaires.values()  # definitions first, after the Patient
    bundle: dict[str, Any] = {"resourceType": "Bundle", "id": c.resource_id("bundle", export.person.name),
                              "type": "collection"}
    if export.exported_at is not None:
        bundle["timestamp"] = _when(export.exported_at)
    bundle["entry"] = [{"fullUrl": f"urn:uuid:{r['id']}", "resource": _checked(r)} for r in resources]
    return bundle


def _patient(export: FhirExport, patient_id: str) -> dict[str, Any]:
    person = export.person
    patient: dict[str, Any] = {"resourceType": "Patient", "id": patient_id,
                               "identifier": [{"system": c.PERSON_ID_SYSTEM, "value": person.name}],
                               "name": [{"text": person.name}]}
    if person.sex:
        patient["gender"] = _GENDER.get(person.sex.strip().lower(), "other")
    if person.birth_year:
        patient["birthDate"] = f"{person.birth_year:04d}"
    return patient


def _code_system(patient_id: str, trackables: list[Trackable]) -> dict[str, Any]:
    return {
        "resourceType": "CodeSystem", "id": c.resource_id("user-trackables", patient_id),
        "url": user_trackable_system(patient_id), "name": "FibrotrackUserTrackables",
        "title": "Trackables this person defined in fibrotrack", "status": "active", "content": "complete",
        "property": [{"code": "unit", "type": "string"}, {"code": "low", "type": "decimal"},
                     {"code": "high", "type": "decimal"}],
        "concept": [{"code": t.code, "display": t.label,
                     "property": [{"code": "unit", "valueString": t.unit}, {"code": "low", "valueDecimal": t.low},
                                  {"code": "high", "valueDecimal": t.high}]} for t in trackables],
    }


def _trackable_coding(code: str, patient_id: str) -> tuple[list[dict[str, str]], str]:
    spec = builtin_trackable(code)
    if spec is None:
        return [{"system": user_trackable_system(patient_id), "code": code}], code
    codings = [{"system": c.TRACKABLE_SYSTEM, "code": spec.code, "display": spec.label}]
    if spec.code in c.STANDARD_CODINGS:
        codings.append(dict(c.STANDARD_CODINGS[spec.code]))
    return codings, spec.label


def _quantity(value: float, unit: str | None) -> dict[str, Any]:
    quantity: dict[str, Any] = {"value": value}
    if unit:
        quantity["unit"] = unit
        if unit in c.UCUM_CODES:
            quantity.update({"system": c.UCUM, "code": c.UCUM_CODES[unit]})
    return quantity


def _component(key: str, value: Any) -> dict[str, Any] | None:
    code = {"coding": [{"system": c.DETAIL_SYSTEM, "code": key}], "text": key.replace("_", " ")}
    if isinstance(value, bool):
        return {"code": code, "valueBoolean": value}
    if isinstance(value, int) and abs(value) < 2**31:
        return {"code": code, "valueInteger": value}
    if isinstance(value, float):
        quantity: dict[str, Any] = {"value": value}
        if key.endswith("_s"):
            quantity.update({"unit": "s", "system": c.UCUM, "code": "s"})
        return {"code": code, "valueQuantity": quantity}
    if isinstance(value, str) and value:
        return {"code": code, "valueString": value}
    return None


def _observation(obs: Observation, export: FhirExport, patient_id: str) -> dict[str, Any]:
    codings, label = _trackable_coding(obs.trackable, patient_id)
    resource: dict[str, Any] = {
        "resourceType": "Observation", "id": c.resource_id("observation", export.person.name, obs.source_id),
    }
    if obs.detail:
        resource["extension"] = [{"url": c.DETAIL_EXTENSION,
                                  "valueString": json.dumps(dict(obs.detail), sort_keys=True, ensure_ascii=False)}]
    resource.update({
        "identifier": [{"system": c.OBSERVATION_ID_SYSTEM, "value": obs.source_id}],
        "status": "final", "category": _SURVEY, "code": {"coding": codings, "text": label},
        "subject": _ref(patient_id), "effectiveDateTime": _when(obs.at.astimezone(export.tz)),
        "valueQuantity": _quantity(obs.value, obs.unit),
    })
    if obs.note:
        resource["note"] = [{"text": obs.note}]
    if obs.body_site:
        site = body_site(obs.body_site)
        resource["bodySite"] = {"coding": [{"system": c.BODY_SITE_SYSTEM, "code": site.code, "display": site.label}],
                                "text": site.label}
    components = [comp for key, value in sorted(obs.detail.items()) if not key.startswith("original_")
                  and (comp := _component(key, value)) is not None]
    if components:
        resource["component"] = components
    return resource


def _answers_to_items(instrument: Instrument, answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return QuestionnaireResponse items for normalised answers (unanswered items are left out)."""
    items = []
    grades = {(g["muscle_group"], g["side"]): g["grade"] for g in answers.get("grades") or []
              if isinstance(g, Mapping)}
    for item in instrument.items:
        if "[" in item.id:
            key, index = item.id[:-1].split("[")
            values = answers.get(key) or []
            value = values[int(index)] if int(index) < len(values) else None
        elif "." in item.id:
            _, group, side = item.id.split(".")
            value = grades.get((group, side))
        else:
            value = answers.get(item.id)
        if value is None:
            continue
        if item.kind == "area_list":
            answer = [{"valueCoding": {"system": c.BODY_SITE_SYSTEM, "code": code, "display": body_site(code).label}}
                      for code in value]
        elif item.kind == "bool":
            answer = [{"valueBoolean": bool(value)}]
        else:
            answer = [{"valueInteger": int(value)}]
        if answer:
            items.append({"linkId": item.id, "text": item.text, "answer": answer})
    return items


def questionnaire_items_to_answers(instrument: Instrument, values: Mapping[str, Any]) -> dict[str, Any]:
    """Return the answers mapping for ``values`` (item id → answer value, area lists as lists of codes).

    The inverse of the item layout: ``key[i]`` items form a list (``None`` where unanswered),
    ``grades.<group>.<side>`` items form the MRC ``grades`` list, other items are top-level keys.
    """
    answers: dict[str, Any] = {}
    for item in instrument.items:
        value = values.get(item.id)
        if "[" in item.id:
            key, index = item.id[:-1].split("[")
            answers.setdefault(key, []).append(value)
        elif "." in item.id:
            key, group, side = item.id.split(".")
            if value is not None:
                answers.setdefault(key, []).append({"muscle_group": group, "side": side, "grade": value})
        elif value is not None or item.required:
            answers[item.id] = value
    return answers


def _questionnaire(instrument: Instrument) -> dict[str, Any]:
    items = []
    for item in instrument.items:
        entry: dict[str, Any] = {"linkId": item.id, "text": item.text, "required": item.required}
        if item.kind == "area_list":
            entry.update({"type": "choice", "repeats": True, "answerOption": [
                {"valueCoding": {"system": c.BODY_SITE_SYSTEM, "code": code, "display": body_site(code).label}}
                for code in item.allowed]})
        elif item.kind == "bool":
            entry["type"] = "boolean"
        else:
            entry["type"] = "integer"
            entry["extension"] = [{"url": c.MIN_VALUE_EXTENSION, "valueInteger": item.min},
                                  {"url": c.MAX_VALUE_EXTENSION, "valueInteger": item.max}]
        items.append(entry)
    return {
        "resourceType": "Questionnaire", "id": c.resource_id("questionnaire", instrument.code, instrument.version),
        "url": f"{c.QUESTIONNAIRE_BASE}/{instrument.code}", "version": instrument.version,
        "name": instrument.code.upper(), "title": instrument.title, "status": "active", "subjectType": ["Patient"],
        "description": f"{instrument.citation.text} Recall: {instrument.recall}.", "item": items,
    }


def _assessment(index: int, assessment: FhirAssessment, export: FhirExport, patient_id: str,
                questionnaires: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    instrument = get_instrument(assessment.instrument)
    try:
        answers = instrument.validate(assessment.answers)
    except ValidationError as exc:
        raise ValidationError(f"assessments[{index}].{exc.field}", exc.problem) from None
    key = f"{instrument.code}|{instrument.version}"
    questionnaires.setdefault(key, _questionnaire(instrument))
    when = _when(assessment.answered_at.astimezone(export.tz))
    response_id = c.resource_id("questionnaire-response", export.person.name, instrument.code,
                                assessment.answered_at.astimezone(timezone.utc).isoformat())
    response = {
        "resourceType": "QuestionnaireResponse", "id": response_id,
        "questionnaire": f"{c.QUESTIONNAIRE_BASE}/{instrument.code}|{assessment.version}", "status": "completed",
        "subject": _ref(patient_id), "authored": when, "item": _answers_to_items(instrument, answers),
    }
    out = [response]
    for position, (field, label) in enumerate(c.SCORE_FIELDS.get(instrument.code, ())):
        value = assessment.result.get(field)
        if value is None:
            continue
        score: dict[str, Any] = {
            "resourceType": "Observation", "id": c.resource_id("score", response_id, field), "status": "final",
            "category": _SURVEY,
            "code": {"coding": [{"system": c.SCORE_SYSTEM, "code": f"{instrument.code}.{field}", "display": label}],
                     "text": f"{instrument.title}: {label}"},
            "subject": _ref(patient_id), "effectiveDateTime": when,
        }
        if isinstance(value, bool):
            score["valueBoolean"] = value
        else:
            score["valueQuantity"] = {"value": float(value), "unit": "score", "system": c.UCUM, "code": "{score}"}
        if position == 0 and assessment.result.get("summary"):
            score["note"] = [{"text": str(assessment.result["summary"])}]
        score["derivedFrom"] = [_ref(response_id)]
        out.append(score)
    return out


def _period(treatment: FhirTreatment) -> dict[str, str]:
    period = {"start": treatment.started_on.isoformat()}
    if treatment.stopped_on:
        period["end"] = treatment.stopped_on.isoformat()
    return period


def _treatment(index: int, treatment: FhirTreatment, export: FhirExport, patient_id: str) -> dict[str, Any]:
    if treatment.kind not in TREATMENT_KINDS:
        raise ValidationError(f"treatments[{index}].kind", f"{treatment.kind!r} is not one of "
                                                           f"{', '.join(TREATMENT_KINDS)}")
    resource_id = c.resource_id("treatment", export.person.name, treatment.name.strip().lower(),
                                treatment.started_on.isoformat())
    extension = [{"url": c.TREATMENT_KIND_EXTENSION, "valueCode": treatment.kind}]
    done = treatment.stopped_on is not None
    if treatment.kind in MEDICATION_KINDS:
        resource: dict[str, Any] = {
            "resourceType": "MedicationStatement", "id": resource_id, "extension": extension,
            "status": "completed" if done else "active", "medicationCodeableConcept": {"text": treatment.name},
            "subject": _ref(patient_id), "effectivePeriod": _period(treatment)}
        if treatment.reason:
            resource["reasonCode"] = [{"text": treatment.reason}]
        if treatment.dose:
            resource["dosage"] = [{"text": treatment.dose}]
        return resource
    if treatment.dose:
        extension.append({"url": c.TREATMENT_DOSE_EXTENSION, "valueString": treatment.dose})
    resource = {"resourceType": "Procedure", "id": resource_id, "extension": extension,
                "status": "completed" if done else "in-progress", "code": {"text": treatment.name},
                "subject": _ref(patient_id), "performedPeriod": _period(treatment)}
    if treatment.reason:
        resource["reasonCode"] = [{"text": treatment.reason}]
    return resource


def _condition(condition: FhirCondition, export: FhirExport, patient_id: str) -> dict[str, Any]:
    name = condition.name.strip()
    code: dict[str, Any] = {"text": name}
    if name.lower() == "fibromyalgia":
        code = {"coding": [dict(x) for x in c.FIBROMYALGIA_CODINGS], "text": name}
    resource: dict[str, Any] = {
        "resourceType": "Condition",
        "id": c.resource_id("condition", export.person.name, name.lower(), condition.recorded_on.isoformat()),
        "clinicalStatus": {"coding": [{"system": c.CONDITION_CLINICAL, "code": "active"}]},
        "verificationStatus": {"coding": [{"system": c.CONDITION_VERIFICATION, "code": "confirmed"}]},
        "code": code, "subject": _ref(patient_id), "recordedDate": condition.recorded_on.isoformat(),
    }
    if condition.recorder:
        resource["recorder"] = {"display": condition.recorder}
    if condition.note:
        resource["note"] = [{"text": condition.note}]
    return resource


def _document(export: FhirExport, pdf: bytes, patient_id: str) -> dict[str, Any]:
    attachment: dict[str, Any] = {"contentType": "application/pdf", "data": base64.b64encode(pdf).decode("ascii"),
                                  "title": export.report_title}
    resource: dict[str, Any] = {
        "resourceType": "DocumentReference",
        "id": c.resource_id("report", export.person.name, export.report_title,
                            export.exported_at.isoformat() if export.exported_at else ""),
        "status": "current", "type": {"text": export.report_title}, "subject": _ref(patient_id),
    }
    if export.exported_at is not None:
        resource["date"] = _when(export.exported_at)
        attachment["creation"] = _when(export.exported_at)
    resource["description"] = export.report_title
    resource["content"] = [{"attachment": attachment}]
    return resource
