"""`/api/trackables` and `/api/treatments`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from ...services import trackables as trackable_service
from ...services import treatments as treatment_service
from ..deps import DbDep, PersonDep
from .schemas import IdPath, ErrorBody, TrackableIn, TrackableOut, TreatmentIn, TreatmentOut, TreatmentStop

router = APIRouter(responses={400: {"model": ErrorBody}, 422: {"model": ErrorBody}})


@router.get("/trackables", response_model=list[TrackableOut], tags=["catalog"])
def list_trackables(db: DbDep, person: PersonDep) -> list[dict[str, Any]]:
    """List built-in trackables and the person's own."""
    return [t.to_dict() for t in trackable_service.list_trackables(db, person=person)]


@router.post("/trackables", response_model=TrackableOut, status_code=201, tags=["catalog"],
             responses={409: {"model": ErrorBody}})
def create_trackable(body: TrackableIn, db: DbDep, person: PersonDep) -> dict[str, Any]:
    """Add one of the person's own trackables."""
    spec = trackable_service.add_trackable(db, person=person, code=body.code, label=body.label, unit=body.unit,
                                           low=body.low, high=body.high)
    return spec.to_dict()


@router.get("/treatments", response_model=list[TreatmentOut], tags=["treatments"])
def list_treatments(db: DbDep, person: PersonDep, active: bool = Query(False)) -> list[dict[str, Any]]:
    """List treatments by start date."""
    return [t.to_dict() for t in treatment_service.list_treatments(db, person=person, active_only=active)]


@router.post("/treatments", response_model=TreatmentOut, status_code=201, tags=["treatments"])
def create_treatment(body: TreatmentIn, db: DbDep, person: PersonDep) -> dict[str, Any]:
    """Record a treatment."""
    return treatment_service.add_treatment(db, person=person, name=body.name, kind=body.kind, dose=body.dose,
                                           started_on=body.started_on, reason=body.reason).to_dict()


@router.post("/treatments/{treatment_id}/stop", response_model=TreatmentOut, tags=["treatments"],
             responses={404: {"model": ErrorBody}})
def stop_treatment(treatment_id: IdPath, body: TreatmentStop, db: DbDep, person: PersonDep) -> dict[str, Any]:
    """Record that a treatment stopped."""
    return treatment_service.stop_treatment(db, person=person, key=treatment_id,
                                            stopped_on=body.stopped_on).to_dict()
