"""`/api/observations` and `/api/checkins`."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Query

from ...diary import parse_date
from ...services import diary as diary_service
from ..deps import DbDep, PersonDep
from .schemas import IdPath, LoggedOut, CheckinIn, CheckinOut, ErrorBody, ObservationIn, ObservationOut, ObservationPatch

router = APIRouter(tags=["diary"], responses={400: {"model": ErrorBody}, 422: {"model": ErrorBody}})


@router.get("/observations", response_model=list[ObservationOut])
def list_observations(db: DbDep, person: PersonDep, since: Optional[str] = Query(None, max_length=10),
                      until: Optional[str] = Query(None, max_length=10),
                      trackable: Optional[str] = Query(None, max_length=80),
                      limit: Optional[int] = Query(None, ge=1, le=100_000)) -> list[dict[str, Any]]:
    """List observations, oldest first, filtered by local date and trackable."""
    items = diary_service.list_observations(
        db, person=person, since=parse_date(since, field="since") if since else None,
        until=parse_date(until, field="until") if until else None, trackable=trackable, limit=limit)
    return [o.to_dict() for o in items]


@router.post("/observations", response_model=LoggedOut, status_code=201)
def create_observation(body: ObservationIn, db: DbDep, person: PersonDep) -> dict[str, Any]:
    """Record one observation; red-flag triage runs on it like on any check-in."""
    entry = {"trackable": body.trackable, "value": body.value, "site": body.body_site, "detail": body.detail,
             "note": body.note, "serving": body.serving}
    result = diary_service.checkin(db, person=person, entries=[entry], at=body.at, entry_field=None)
    return {**result.observations[0].to_dict(), "triage": result.triage.to_dict()}


@router.get("/observations/{observation_id}", response_model=ObservationOut, responses={404: {"model": ErrorBody}})
def get_observation(observation_id: IdPath, db: DbDep, person: PersonDep) -> dict[str, Any]:
    """Return one observation."""
    items = diary_service.get_observation(db, person=person, observation_id=observation_id)
    return items.to_dict()


@router.patch("/observations/{observation_id}", response_model=ObservationOut, responses={404: {"model": ErrorBody}})
def patch_observation(observation_id: IdPath, body: ObservationPatch, db: DbDep, person: PersonDep) -> dict[str, Any]:
    """Change an observation."""
    changes: dict[str, Any] = {}
    fields = body.model_fields_set
    if "value" in fields and body.value is not None:
        changes["value"] = body.value
    if "body_site" in fields:
        changes["site"] = body.body_site
    if "note" in fields:
        changes["note"] = body.note
    obs = diary_service.edit(db, person=person, observation_id=observation_id, at=body.at, detail=body.detail,
                             **changes)
    return obs.to_dict()


@router.delete("/observations/{observation_id}", response_model=ObservationOut, responses={404: {"model": ErrorBody}})
def delete_observation(observation_id: IdPath, db: DbDep, person: PersonDep) -> dict[str, Any]:
    """Delete an observation (soft delete) and return it."""
    return diary_service.delete(db, person=person, observation_id=observation_id).to_dict()


@router.post("/checkins", response_model=CheckinOut, status_code=201)
def create_checkin(body: CheckinIn, db: DbDep, person: PersonDep) -> dict[str, Any]:
    """Record a whole check-in; nothing is stored unless every entry is valid."""
    entries = [e.model_dump(exclude_none=True) for e in body.entries]
    return diary_service.checkin(db, person=person, entries=entries, at=body.at, triage=body.triage).to_dict()
