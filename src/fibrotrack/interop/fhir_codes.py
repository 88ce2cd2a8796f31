"""Code systems, identifiers and units fibrotrack's FHIR export uses.

Only codes verified in clinical REFERENCE.md §8 are used from standard terminologies:

* LOINC ``72514-3`` (pain severity 0–10) on ``pain`` observations;
* SNOMED CT ``26544005`` (muscle weakness) on ``weakness`` observations, next to the fibrotrack code;
* SNOMED CT ``203082005`` and ICD-10 ``M79.7`` (fibromyalgia) on a Condition a clinician recorded.

Everything else (twitching, caffeine, stress, the questionnaire scores, body sites, …) is coded only in
fibrotrack's own code systems under ``https://fibrotrack.org/fhir/``. No LOINC or SNOMED code is ever
made up: REFERENCE.md §8 lists no verified code for fasciculation or twitching, nor a LOINC panel for
the FIQR or the ACR criteria.
"""

from __future__ import annotations

import uuid

BASE = "https://fibrotrack.org/fhir"
TRACKABLE_SYSTEM = f"{BASE}/CodeSystem/trackable"
USER_TRACKABLE_SYSTEM = f"{BASE}/CodeSystem/user-trackable"  # + "/<patient id>": one code system per person
BODY_SITE_SYSTEM = f"{BASE}/CodeSystem/body-site"
SCORE_SYSTEM = f"{BASE}/CodeSystem/assessment-score"
DETAIL_SYSTEM = f"{BASE}/CodeSystem/observation-detail"
QUESTIONNAIRE_BASE = f"{BASE}/Questionnaire"
OBSERVATION_ID_SYSTEM = f"{BASE}/NamingSystem/observation-source-id"
PERSON_ID_SYSTEM = f"{BASE}/NamingSystem/person"
DETAIL_EXTENSION = f"{BASE}/StructureDefinition/observation-detail"
TREATMENT_KIND_EXTENSION = f"{BASE}/StructureDefinition/treatment-kind"
TREATMENT_DOSE_EXTENSION = f"{BASE}/StructureDefinition/treatment-dose"

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
MIN_VALUE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/maxValue"

#: Verified standard codings added next to the fibrotrack code (REFERENCE.md §8).
STANDARD_CODINGS: dict[str, dict[str, str]] = {
    "pain": {"system": LOINC, "code": "72514-3",
             "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"},
    "weakness": {"system": SNOMED, "code": "26544005", "display": "Muscle weakness"},
}
FIBROMYALGIA_CODINGS: tuple[dict[str, str], ...] = (
    {"system": SNOMED, "code": "203082005", "display": "Fibromyalgia (disorder)"},
    {"system": ICD10, "code": "M79.7", "display": "Fibromyalgia"},
)
#: Standard codes read back on import when an Observation has no fibrotrack code (e.g. from another system).
STANDARD_TO_TRACKABLE: dict[tuple[str, str], str] = {(c["system"], c["code"]): t for t, c in STANDARD_CODINGS.items()}

#: fibrotrack unit → UCUM code, where a UCUM unit exists (0–10 ratings use the annotation ``{score}``).
UCUM_CODES: dict[str, str] = {"0-10": "{score}", "0-4": "{score}", "h": "h", "mg": "mg", "min": "min", "ms": "ms",
                              "bpm": "/min", "kg": "kg", "%": "%", "steps": "{steps}"}

#: The result fields written as score Observations, per instrument (in this order).
SCORE_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    **{code: (("wpi", "Widespread Pain Index (0-19)"), ("sss", "Symptom Severity Scale (0-12)"),
              ("fs", "Fibromyalgia Severity (0-31)"), ("meets_criteria", "Meets the criteria"))
       for code in ("acr2016", "acr2011", "acr2016_clinician", "acr2010")},
    "fs": (("fs", "Fibromyalgia Severity (0-31)"), ("wpi", "Widespread Pain Index (0-19)"),
           ("sss", "Symptom Severity Scale (0-12)")),
    "fiqr": (("total", "FIQR total (0-100)"), ("function", "FIQR function (0-30)"),
             ("overall", "FIQR overall impact (0-20)"), ("symptoms", "FIQR symptoms (0-50)")),
    "first": (("score", "FiRST score (0-6)"), ("screen_positive", "FiRST screen positive")),
    "mrc": (("sum_score", "MRC sum score (0-60)"), ("needs_medical_evaluation", "Weakness on examination")),
}

_NAMESPACE = uuid.UUID("5b0e3a52-8f0c-5d7e-9a43-6a1f0d9c2e11")  # fixed: ids must not change between releases


def resource_id(*parts: object) -> str:
    """Return a stable UUID (version 5) for a resource from the fibrotrack values that identify it."""
    return str(uuid.uuid5(_NAMESPACE, "|".join(str(p) for p in parts)))
