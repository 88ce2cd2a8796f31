"""Reading a FHIR Bundle back into plain data (see :func:`.fhir.parse_bundle`)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError as PydanticValidationError

from ..catalog import Trackable, custom_trackable
from ..errors import RowError, ValidationError
from ..instruments import get_instrument
from . import fhir_codes as c
from .csv_io import ParsedRow, content_id, parse_at, parse_value
from .fhir_build import questionnaire_items_to_answers
from .fhir_types import (
    SOURCE,
    TREATMENT_KINDS,
    FhirAssessment,
    FhirCondition,
    FhirPerson,
    FhirTreatment,
    ParsedBundle,
)

__all__ = ["READABLE_TYPES", "parse_bundle"]

#: Resource types fibrotrack reads; any other type in a Bundle is an error (or skipped with ``skip_invalid``).
READABLE_TYPES = ("Patient", "CodeSystem", "Observation", "Questionnaire", "QuestionnaireResponse",
                  "MedicationStatement", "Procedure", "Condition", "DocumentReference")
_SEX = {"female": "female", "male": "male", "other": "other", "unknown": "unknown"}


def _load(doc: Mapping[str, Any] | str | bytes) -> Mapping[str, Any]:
    if isinstance(doc, (str, bytes, bytearray)):
        try:
            doc = json.loads(doc)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            where = f" (line {exc.lineno}: {exc.msg})" if isinstance(exc, json.JSONDecodeError) else ""
            raise ValidationError("file", f"is not valid JSON{where}") from None
    if not isinstance(doc, Mapping) or doc.get("resourceType") != "Bundle":
        kind = doc.get("resourceType") if isinstance(doc, Mapping) else type(doc).__name__
        raise ValidationError("file", f"is not a FHIR Bundle (resourceType {kind!r})")
    return doc


def parse_bundle(doc: Mapping[str, Any] | str | bytes, *, skip_invalid: bool = False) -> ParsedBundle:
    """Read a Bundle written by :func:`~.fhir_build.build_bundle` (or a compatible one) back into plain data.

    Observations become :class:`ParsedRow` s with source ``import:fhir`` and the ``source_id`` from their
    fibrotrack identifier (else ``fhir:<resource id>``); an Observation coded only with LOINC 72514-3 or
    SNOMED CT 26544005 is read as pain or weakness. Score Observations are skipped: each
    QuestionnaireResponse becomes an assessment whose answers are validated and re-scored by the
    instrument. Every resource is checked against its ``fhir.resources`` model.

    Raises:
        ValidationError: not JSON or not a Bundle (field ``file``); without ``skip_invalid``, the first
            entry that is invalid or of a type not in :data:`READABLE_TYPES` (field ``entry[i]…``, ``i``
            0-based as in the JSON). With ``skip_invalid`` those entries are left out and listed in
            ``errors`` (``RowError.line`` = 1-based entry position).
    """
    bundle = _load(doc)
    entries = bundle.get("entry") or []
    if not isinstance(entries, list):
        raise ValidationError("entry", "must be a list")
    reader = _Reader()
    for index, entry in enumerate(entries):
        try:
            reader.entry(index, entry)
        except ValidationError as exc:
            if not skip_invalid:
                raise ValidationError(f"entry[{index}].{exc.field}", exc.problem) from None
            reader.errors.append(RowError(index + 1, exc.field, exc.problem))
    return ParsedBundle(person=reader.person, observations=reader.rows, trackables=reader.trackables,
                        assessments=reader.assessments, treatments=reader.treatments, conditions=reader.conditions,
                        report_pdf=reader.report_pdf, errors=reader.errors)


def _first_text(items: Any) -> str | None:
    if isinstance(items, list) and items and isinstance(items[0], Mapping):
        text = items[0].get("text")
        return str(text) if text else None
    return None


def _day(raw: Any, field: str) -> date:
    try:
        return date.fromisoformat(str(raw)[:10])
    except ValueError:
        raise ValidationError(field, f"{raw!r} is not a date") from None


def _extension(resource: Mapping[str, Any], url: str) -> Mapping[str, Any] | None:
    return next((e for e in resource.get("extension") or [] if e.get("url") == url), None)


class _Reader:
    def __init__(self) -> None:
        self.person: FhirPerson | None = None
        self.rows: list[ParsedRow] = []
        self.trackables: list[Trackable] = []
        self.assessments: list[FhirAssessment] = []
        self.treatments: list[FhirTreatment] = []
        self.conditions: list[FhirCondition] = []
        self.report_pdf: bytes | None = None
        self.errors: list[RowError] = []
        self.handlers: dict[str, Callable[[int, Mapping[str, Any]], None]] = {
            "Patient": self.patient, "CodeSystem": self.code_system, "Observation": self.observation,
            "Questionnaire": lambda index, resource: None,  # definitions: the instrument is the source of truth
            "QuestionnaireResponse": self.response, "MedicationStatement": self.medication,
            "Procedure": self.procedure, "Condition": self.condition, "DocumentReference": self.document,
        }

    def entry(self, index: int, entry: Any) -> None:
        resource = entry.get("resource") if isinstance(entry, Mapping) else None
        if not isinstance(resource, Mapping):
            raise ValidationError("resource", "is missing")
        kind = resource.get("resourceType")
        if kind not in self.handlers:
            raise ValidationError("resource", f"resource type {kind!r} is not one fibrotrack reads "
                                              f"({', '.join(READABLE_TYPES)})")
        try:
            get_fhir_model_class(kind).model_validate(resource)
        except PydanticValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(p) for p in error["loc"]) or kind
            raise ValidationError(f"resource.{where}", f"invalid {kind}: {error['msg']}") from None
        self.handlers[kind](index, resource)

    def patient(self, index: int, resource: Mapping[str, Any]) -> None:
        if self.person is not None:
            raise ValidationError("resource", "a second Patient: a fibrotrack Bundle holds one person")
        names = resource.get("name") or [{}]
        name = names[0].get("text") or " ".join([*names[0].get("given", []), names[0].get("family", "")]).strip()
        if not name:
            raise ValidationError("name", "the Patient has no name")
        birth = resource.get("birthDate")
        self.person = FhirPerson(name=name, birth_year=int(str(birth)[:4]) if birth else None,
                                 sex=_SEX.get(str(resource.get("gender") or "")) or None)

    def code_system(self, index: int, resource: Mapping[str, Any]) -> None:
        if not str(resource.get("url", "")).startswith(c.USER_TRACKABLE_SYSTEM + "/"):
            return  # another system's code system: not needed to read observations
        for concept in resource.get("concept") or []:
            props = {p.get("code"): next((v for k, v in p.items() if k.startswith("value")), None)
                     for p in concept.get("property") or []}
            self.trackables.append(custom_trackable(concept.get("code", ""), concept.get("display") or concept.get(
                "code", ""), str(props.get("unit") or ""), props.get("low"), props.get("high")))

    def observation(self, index: int, resource: Mapping[str, Any]) -> None:
        codings = (resource.get("code") or {}).get("coding") or []
        if resource.get("derivedFrom") or any(x.get("system") == c.SCORE_SYSTEM for x in codings):
            return  # a questionnaire score: recomputed from the QuestionnaireResponse
        ours = next((x for x in codings if x.get("system") == c.TRACKABLE_SYSTEM
                     or str(x.get("system", "")).startswith(c.USER_TRACKABLE_SYSTEM + "/")), None)
        trackable = ours.get("code") if ours else next(
            (c.STANDARD_TO_TRACKABLE[(x.get("system"), x.get("code"))] for x in codings
             if (x.get("system"), x.get("code")) in c.STANDARD_TO_TRACKABLE), None)
        if not trackable:
            raise ValidationError("code", "is neither a fibrotrack trackable nor LOINC 72514-3 / SNOMED CT 26544005")
        if "effectiveDateTime" not in resource:
            raise ValidationError("effectiveDateTime", "is required")
        at = parse_at(str(resource["effectiveDateTime"]), field="effectiveDateTime")
        quantity = resource.get("valueQuantity") or {}
        value = parse_value(quantity.get("value"), field="valueQuantity.value")
        site_codings = (resource.get("bodySite") or {}).get("coding") or []
        site = next((x.get("code") for x in site_codings if x.get("system") == c.BODY_SITE_SYSTEM), None)
        detail: dict[str, Any] = {}
        extension = _extension(resource, c.DETAIL_EXTENSION)
        if extension is not None:
            try:
                detail = json.loads(extension.get("valueString") or "{}")
            except json.JSONDecodeError:
                raise ValidationError("extension", "the observation-detail extension is not JSON") from None
            if not isinstance(detail, dict):
                raise ValidationError("extension", "the observation-detail extension must hold a JSON object")
        notes = [n.get("text") for n in resource.get("note") or [] if n.get("text")]
        identifier = next((i.get("value") for i in resource.get("identifier") or []
                           if i.get("system") == c.OBSERVATION_ID_SYSTEM and i.get("value")), None)
        source_id = identifier or (f"fhir:{resource['id']}" if resource.get("id") else
                                   content_id(at, trackable, value, site))
        self.rows.append(ParsedRow(line=index + 1, at=at, trackable=trackable, value=value,
                                   unit=quantity.get("unit") if ours else None, body_site=site, detail=detail,
                                   note="\n".join(notes) or None, source_id=source_id, source=SOURCE))

    def response(self, index: int, resource: Mapping[str, Any]) -> None:
        canonical = str(resource.get("questionnaire") or "")
        if not canonical.startswith(c.QUESTIONNAIRE_BASE + "/"):
            raise ValidationError("questionnaire", f"{canonical!r} is not a fibrotrack questionnaire")
        code, _, version = canonical.removeprefix(c.QUESTIONNAIRE_BASE + "/").partition("|")
        instrument = get_instrument(code)
        kinds = {item.id: item.kind for item in instrument.items}
        values: dict[str, Any] = {}
        for item in resource.get("item") or []:
            link = item.get("linkId")
            if link not in kinds:
                raise ValidationError(f"item.{link}", f"is not an item of {code}")
            answers = item.get("answer") or []
            if kinds[link] == "area_list":
                values[link] = [a["valueCoding"]["code"] for a in answers if "valueCoding" in a]
            elif answers:
                values[link] = next(iter(v for k, v in answers[0].items() if k.startswith("value")), None)
        if "authored" not in resource:
            raise ValidationError("authored", "is required")
        try:
            answers = instrument.validate(questionnaire_items_to_answers(instrument, values))
        except ValidationError as exc:
            raise ValidationError(f"item.{exc.field}", exc.problem) from None
        self.assessments.append(FhirAssessment(
            instrument=instrument.code, version=version or instrument.version,
            answered_at=parse_at(str(resource["authored"]), field="authored"), answers=answers,
            result=instrument.score(answers).to_dict()))

    def _treatment(self, resource: Mapping[str, Any], name: str | None, period: Mapping[str, Any], *,
                   default_kind: str, dose: str | None) -> None:
        if not name:
            raise ValidationError("name", "the treatment has no name (text)")
        kind_ext = _extension(resource, c.TREATMENT_KIND_EXTENSION)
        kind = kind_ext.get("valueCode") if kind_ext else default_kind
        if kind not in TREATMENT_KINDS:
            raise ValidationError("extension", f"treatment kind {kind!r} is not one of {', '.join(TREATMENT_KINDS)}")
        if not period.get("start"):
            raise ValidationError("period.start", "is required (when the treatment started)")
        self.treatments.append(FhirTreatment(
            name=name, kind=kind, started_on=_day(period["start"], "period.start"), dose=dose,
            stopped_on=_day(period["end"], "period.end") if period.get("end") else None,
            reason=_first_text(resource.get("reasonCode"))))

    def medication(self, index: int, resource: Mapping[str, Any]) -> None:
        concept = resource.get("medicationCodeableConcept") or {}
        name = concept.get("text") or next((x.get("display") for x in concept.get("coding") or []), None)
        self._treatment(resource, name, resource.get("effectivePeriod") or {}, default_kind="medication",
                        dose=_first_text(resource.get("dosage")))

    def procedure(self, index: int, resource: Mapping[str, Any]) -> None:
        concept = resource.get("code") or {}
        name = concept.get("text") or next((x.get("display") for x in concept.get("coding") or []), None)
        dose = _extension(resource, c.TREATMENT_DOSE_EXTENSION)
        self._treatment(resource, name, resource.get("performedPeriod") or {}, default_kind="therapy",
                        dose=dose.get("valueString") if dose else None)

    def condition(self, index: int, resource: Mapping[str, Any]) -> None:
        concept = resource.get("code") or {}
        name = concept.get("text") or next((x.get("display") for x in concept.get("coding") or []), None)
        if not name or not resource.get("recordedDate"):
            raise ValidationError("code", "a Condition needs a name and a recordedDate")
        self.conditions.append(FhirCondition(
            name=name, recorded_on=_day(resource["recordedDate"], "recordedDate"),
            recorder=(resource.get("recorder") or {}).get("display"), note=_first_text(resource.get("note"))))

    def document(self, index: int, resource: Mapping[str, Any]) -> None:
        for content in resource.get("content") or []:
            attachment = content.get("attachment") or {}
            if attachment.get("contentType") == "application/pdf" and attachment.get("data"):
                try:
                    self.report_pdf = base64.b64decode(attachment["data"], validate=True)
                except (binascii.Error, ValueError):
                    raise ValidationError("content.attachment.data", "is not base64") from None
                return
