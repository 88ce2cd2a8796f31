"""`/api/insights` and `/api/treatments/{id}/effect`."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Query

from ...services import insights as insights_service
from ..deps import DbDep, PersonDep
from .schemas import ErrorBody, IdPath

router = APIRouter(tags=["insights"], responses={400: {"model": ErrorBody}, 422: {"model": ErrorBody}})


@router.get("/insights")
def insights(db: DbDep, person: PersonDep, symptom: Optional[str] = Query(None, max_length=40)) -> dict[str, Any]:
    """Suspected triggers (FDR-controlled across every symptom × exposure × lag) and not-enough-data states."""
    return insights_service.insights(db, person=person, symptom=symptom).to_dict()


@router.get("/treatments/{treatment_id}/effect", responses={404: {"model": ErrorBody}})
def treatment_effect(treatment_id: IdPath, db: DbDep, person: PersonDep,
                     symptom: Optional[str] = Query(None, max_length=40),
                     onset_lag_days: int = Query(7, ge=0, le=180)) -> list[dict[str, Any]]:
    """The measured change in each symptom after the treatment started (segmented regression)."""
    effects = insights_service.treatment_effects(db, person=person, name=str(treatment_id), symptom=symptom,
                                                 onset_lag_days=onset_lag_days)
    return [e.to_dict() for e in effects]
