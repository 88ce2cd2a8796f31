"""FHIR R4 export and import: a person's diary, assessments and treatments as one Bundle.

:func:`build_bundle` turns plain data (:class:`FhirExport`) into a ``collection`` Bundle of R4 resources,
each checked with the ``fhir.resources`` R4B models (whose JSON for these resources is R4's);
:func:`parse_bundle` reads such a Bundle back (:class:`ParsedBundle`) so that export → import into an
empty database → export gives the same resources. No database access here: the services call these.

Resources written (mapping and codes in ``docs/interop.md``; codes in :mod:`.fhir_codes`):

* ``Patient`` — name, gender, birth year;
* ``CodeSystem`` — the person's own trackables (code, label, unit, range), when any observation uses one;
* ``Observation`` (category ``survey``) per diary observation — fibrotrack code (+ LOINC 72514-3 for pain,
  SNOMED CT 26544005 for weakness), ``valueQuantity`` with UCUM where one exists, body site, the
  detail as an extension (JSON) and selected detail as components, the note, and an identifier holding
  the observation's ``source_id``;
* per assessment: the ``Questionnaire`` (items from the instrument), a ``QuestionnaireResponse`` and score
  ``Observation`` s ``derivedFrom`` it;
* ``MedicationStatement`` for medication and supplement treatments; ``Procedure`` for therapy, exercise
  and lifestyle treatments;
* ``Condition`` (SNOMED CT 203082005, ICD-10 M79.7) only for a diagnosis a clinician recorded;
* ``DocumentReference`` with the PDF report (base64) when one is given.

Resource ids are UUID v5 from fibrotrack keys (person name, observation ``source_id``, instrument and
time, treatment name and start), so the same data always gives the same ids; ``fullUrl`` is
``urn:uuid:<id>`` and references use it.
"""

from __future__ import annotations

from .fhir_build import build_bundle
from .fhir_parse import parse_bundle
from .fhir_types import (
    SOURCE,
    TREATMENT_KINDS,
    FhirAssessment,
    FhirCondition,
    FhirExport,
    FhirPerson,
    FhirTreatment,
    ParsedBundle,
)

__all__ = [
    "SOURCE",
    "TREATMENT_KINDS",
    "FhirAssessment",
    "FhirCondition",
    "FhirExport",
    "FhirPerson",
    "FhirTreatment",
    "ParsedBundle",
    "build_bundle",
    "parse_bundle",
]
