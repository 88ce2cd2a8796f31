"""Request and response bodies of the JSON API (they shape the OpenAPI document)."""

from __future__ import annotations

from typing import Annotated, Any, Optional

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

#: A JSON number (booleans and numeric strings are refused, not coerced).
Number = Annotated[float, Field(strict=True)]
#: Ids are 32-bit integers in the database.
IdPath = Annotated[int, Path(ge=1, le=2**31 - 1)]


class ErrorDetail(BaseModel):
    """A bad-input error: the field and the problem."""

    field: str
    problem: str
    message: str


class ErrorBody(BaseModel):
    """The body of every 4xx/5xx answer fibrotrack itself produces."""

    detail: ErrorDetail | str


class ObservationIn(BaseModel):
    """One observation to record."""

    model_config = ConfigDict(extra="forbid")

    trackable: str = Field(..., max_length=80, examples=["twitching"])
    value: Number = Field(..., examples=[6])
    at: Optional[str] = Field(None, max_length=64, description="ISO 8601, HH:MM, yesterday or a date; default now.")
    body_site: Optional[str] = Field(None, max_length=40, examples=["calf_left"])
    detail: Optional[dict[str, Any]] = None
    note: Optional[str] = Field(None, max_length=4000)
    serving: Optional[str] = Field(None, max_length=40, description="Caffeine only: value is a number of servings.")


class ObservationPatch(BaseModel):
    """Changes to an observation (absent fields stay as they are; detail keys are merged)."""

    model_config = ConfigDict(extra="forbid")

    value: Optional[Number] = None
    at: Optional[str] = Field(None, max_length=64)
    body_site: Optional[str] = Field(None, max_length=40)
    detail: Optional[dict[str, Any]] = None
    note: Optional[str] = Field(None, max_length=4000)


class ObservationOut(BaseModel):
    """A stored observation."""

    id: int
    at: str
    local_date: str
    trackable: str
    value: float
    unit: str
    body_site: Optional[str]
    detail: dict[str, Any]
    note: Optional[str]
    source: str
    source_id: str
    created_at: str
    updated_at: str


class CheckinEntry(BaseModel):
    """One entry of a check-in."""

    model_config = ConfigDict(extra="forbid")

    trackable: str = Field(..., max_length=80)
    value: Number
    site: Optional[str] = Field(None, max_length=40)
    detail: Optional[dict[str, Any]] = None
    note: Optional[str] = Field(None, max_length=4000)
    serving: Optional[str] = Field(None, max_length=40)


class CheckinIn(BaseModel):
    """A whole check-in: stored all or nothing."""

    model_config = ConfigDict(extra="forbid")

    at: Optional[str] = Field(None, max_length=64)
    entries: list[CheckinEntry] = Field(..., min_length=1, max_length=200)
    triage: Optional[dict[str, Any]] = Field(
        None, description="Answers to the red-flag questions: a partial triage case (signs, progression, …).")


class TriageOut(BaseModel):
    """A triage result: the overall urgency and every rule that fired, most urgent first."""

    urgency: str
    headline: str
    flags: list[dict[str, Any]]
    notice: str
    event_id: Optional[int] = None


class CheckinOut(BaseModel):
    """What a check-in stored, with its triage result (shown first)."""

    triage: TriageOut
    observations: list[ObservationOut]


class LoggedOut(ObservationOut):
    """A stored observation with the triage result of logging it."""

    triage: TriageOut


class TrackableOut(BaseModel):
    """Something that can be logged."""

    code: str
    label: str
    unit: str
    low: float
    high: float
    kind: str
    aggregate: str
    help: str
    body_sites: bool
    detail_keys: list[str]


class TrackableIn(BaseModel):
    """A person's own trackable."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(..., max_length=40)
    label: str = Field(..., max_length=120)
    unit: str = Field("0-10", max_length=20)
    low: Number = 0
    high: Number = 10


class TreatmentIn(BaseModel):
    """A treatment to record."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(..., max_length=120)
    kind: str = Field("medication", max_length=20)
    dose: Optional[str] = Field(None, max_length=120)
    started_on: Optional[str] = Field(None, max_length=10, description="YYYY-MM-DD; default today.")
    reason: Optional[str] = Field(None, max_length=2000)


class TreatmentStop(BaseModel):
    """When a treatment stopped."""

    model_config = ConfigDict(extra="forbid")

    stopped_on: Optional[str] = Field(None, max_length=10, description="YYYY-MM-DD; default today.")


class TreatmentOut(BaseModel):
    """A stored treatment."""

    id: int
    name: str
    kind: str
    dose: Optional[str]
    started_on: str
    stopped_on: Optional[str]
    reason: Optional[str]
    active: bool
