"""The plain data the FHIR export takes and the import returns (see :mod:`.fhir`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone, tzinfo
from typing import Any

from ..catalog import Trackable
from ..diary.observation import Observation
from ..errors import RowError
from .csv_io import ParsedRow

__all__ = ["MEDICATION_KINDS", "SOURCE", "TREATMENT_KINDS", "FhirAssessment", "FhirCondition", "FhirExport",
           "FhirPerson", "FhirTreatment", "ParsedBundle"]

SOURCE = "import:fhir"
TREATMENT_KINDS = ("medication", "supplement", "therapy", "exercise", "lifestyle")
MEDICATION_KINDS = ("medication", "supplement")


@dataclass(frozen=True, slots=True)
class FhirPerson:
    """The person: display name, birth year and sex as stored (``female``/``male``/``other``/…)."""

    name: str
    birth_year: int | None = None
    sex: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"name": self.name, "birth_year": self.birth_year, "sex": self.sex}


@dataclass(frozen=True, slots=True)
class FhirAssessment:
    """A scored questionnaire: instrument code and version, when, the normalised answers and the result."""

    instrument: str
    version: str
    answered_at: datetime
    answers: Mapping[str, Any]
    result: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"instrument": self.instrument, "version": self.version, "answered_at": self.answered_at.isoformat(),
                "answers": dict(self.answers), "result": dict(self.result)}


@dataclass(frozen=True, slots=True)
class FhirTreatment:
    """A treatment: ``kind`` is one of :data:`TREATMENT_KINDS`; ``dose`` is free text."""

    name: str
    kind: str
    started_on: date
    dose: str | None = None
    stopped_on: date | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (the shape of the JSON export's treatments)."""
        return {"name": self.name, "kind": self.kind, "dose": self.dose, "started_on": self.started_on.isoformat(),
                "stopped_on": self.stopped_on.isoformat() if self.stopped_on else None, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class FhirCondition:
    """A diagnosis a clinician recorded. ``name`` "Fibromyalgia" is coded (SNOMED CT, ICD-10); others are text."""

    name: str
    recorded_on: date
    recorder: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"name": self.name, "recorded_on": self.recorded_on.isoformat(), "recorder": self.recorder,
                "note": self.note}


@dataclass(frozen=True, slots=True)
class FhirExport:
    """Everything one Bundle holds, as plain data.

    ``trackables`` defines every user-defined trackable an observation uses (built-in and ``med:``
    codes need none). ``tz`` is the person's time zone: observation times are written in it, so the
    importing side keeps the same local dates. ``exported_at`` (aware) stamps the Bundle and the report.
    """

    person: FhirPerson
    observations: Sequence[Observation] = ()
    trackables: Sequence[Trackable] = ()
    assessments: Sequence[FhirAssessment] = ()
    treatments: Sequence[FhirTreatment] = ()
    conditions: Sequence[FhirCondition] = ()
    report_pdf: bytes | None = None
    report_title: str = "fibrotrack clinician report"
    tz: tzinfo = timezone.utc
    exported_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ParsedBundle:
    """What :func:`parse_bundle` read. ``errors`` lists rejected entries (line = 1-based entry position)."""

    person: FhirPerson | None
    observations: list[ParsedRow] = field(default_factory=list)
    trackables: list[Trackable] = field(default_factory=list)
    assessments: list[FhirAssessment] = field(default_factory=list)
    treatments: list[FhirTreatment] = field(default_factory=list)
    conditions: list[FhirCondition] = field(default_factory=list)
    report_pdf: bytes | None = None
    errors: list[RowError] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary (counts, person, treatments, conditions and errors)."""
        return {"person": self.person.to_dict() if self.person else None, "observations": len(self.observations),
                "trackables": [t.to_dict() for t in self.trackables], "assessments": len(self.assessments),
                "treatments": [t.to_dict() for t in self.treatments],
                "conditions": [c.to_dict() for c in self.conditions], "report_pdf": self.report_pdf is not None,
                "errors": [e.to_dict() for e in self.errors]}
