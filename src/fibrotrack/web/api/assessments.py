"""`/api/instruments` and `/api/assessments`."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from ...instruments import get_instrument, list_instruments
from ...services import assessments as assessment_service
from ..deps import DbDep, PersonDep
from .schemas import ErrorBody

router = APIRouter(tags=["assessments"], responses={400: {"model": ErrorBody}, 422: {"model": ErrorBody}})


class AssessmentIn(BaseModel):
    """An instrument's answers (the answer JSON of docs/instruments.md)."""

    model_config = ConfigDict(extra="forbid")

    instrument: str = Field(..., max_length=40, examples=["acr2016"])
    answers: dict[str, Any]
    save: bool = Field(True, strict=True)


class AssessmentOut(BaseModel):
    """A scored (and, unless save was false, stored) assessment."""

    id: Optional[int]
    instrument: str
    version: str
    answered_at: str
    result: dict[str, Any]


@router.get("/instruments")
def instruments() -> list[dict[str, Any]]:
    """List every instrument with its items, recall window and citation."""
    return [i.to_dict() for i in list_instruments()]


@router.get("/instruments/{code}")
def instrument(code: str) -> dict[str, Any]:
    """Describe one instrument."""
    return get_instrument(code).to_dict()


@router.post("/assessments", response_model=AssessmentOut, status_code=201)
def create_assessment(body: AssessmentIn, db: DbDep, person: PersonDep) -> dict[str, Any]:
    """Score an instrument's answers and store the assessment (unless ``save`` is false)."""
    return assessment_service.assess(db, person=person, instrument=body.instrument, answers=body.answers,
                                     save=body.save).to_dict()


@router.get("/assessments")
def assessment_history(db: DbDep, person: PersonDep,
                       instrument: Optional[str] = Query(None, max_length=40)) -> list[dict[str, Any]]:
    """Stored assessments grouped by instrument, each with its trend."""
    return [h.to_dict() for h in assessment_service.history(db, person=person, instrument=instrument)]


@router.get("/assessments/prefill")
def prefill(db: DbDep, person: PersonDep) -> dict[str, list[str]]:
    """WPI areas pre-filled from pain logged with body sites in the past 7 days."""
    return {"pain_areas": assessment_service.wpi_prefill(db, person=person)}


@router.get("/assessments/schedule")
def due(db: DbDep, person: PersonDep) -> list[dict[str, Any]]:
    """When each scheduled instrument is next due."""
    return [d.to_dict() for d in assessment_service.schedule(db, person=person)]
