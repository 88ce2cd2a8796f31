"""`/api/experiments`: create (with power preview), today's assignment, adherence, status, report."""

from __future__ import annotations

from typing import Any, Literal, Optional

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from ...services import experiments as experiment_service
from ..deps import DbDep, PersonDep
from .schemas import ErrorBody, IdPath

router = APIRouter(tags=["experiments"], responses={400: {"model": ErrorBody}, 404: {"model": ErrorBody},
                                                    409: {"model": ErrorBody}, 422: {"model": ErrorBody}})


class ExperimentIn(BaseModel):
    """A self-experiment to plan (``dry_run`` previews the calendar and power without saving)."""

    model_config = ConfigDict(extra="forbid")

    exposure: str = Field(..., max_length=80, examples=["caffeine"])
    outcome: str = Field(..., max_length=40, examples=["twitching"])
    period_days: Optional[int] = Field(None, ge=1, le=60)
    pairs: int = Field(4, ge=1, le=20)
    washout_days: Optional[int] = Field(None, ge=0, le=30)
    seed: Optional[int] = Field(None, ge=0, le=2**31 - 1)
    start_on: Optional[str] = Field(None, max_length=10)
    medicine_kind: Optional[Literal["prescribed", "supplement", "otc"]] = None
    dry_run: bool = Field(False, strict=True)


class AdherenceIn(BaseModel):
    """Whether the day's assignment was followed."""

    model_config = ConfigDict(extra="forbid")

    followed: bool = Field(..., strict=True)
    on: Optional[str] = Field(None, max_length=10, description="YYYY-MM-DD; default today.")


@router.post("/experiments", status_code=201)
def create(body: ExperimentIn, db: DbDep, person: PersonDep) -> dict[str, Any]:
    """Design a randomized block-pair experiment, preview its power, and start it."""
    return experiment_service.new_experiment(db, person=person, **body.model_dump()).to_dict()


@router.get("/experiments")
def list_all(db: DbDep, person: PersonDep) -> list[dict[str, Any]]:
    """The person's experiments."""
    return [e.to_dict() for e in experiment_service.list_experiments(db, person=person)]


@router.get("/experiments/today")
def today(db: DbDep, person: PersonDep) -> list[dict[str, Any]]:
    """Today's assignment for each running experiment."""
    return experiment_service.today_assignments(db, person=person)


@router.post("/experiments/{experiment_id}/adherence")
def adherence(experiment_id: IdPath, body: AdherenceIn, db: DbDep, person: PersonDep) -> dict[str, Any]:
    """Record whether a day's assignment was followed."""
    return experiment_service.record_adherence(db, person=person, experiment_id=experiment_id,
                                               followed=body.followed, on=body.on).to_dict()


def _change(experiment_id: int, action: str, db: Any, person: str) -> dict[str, Any]:
    return experiment_service.change_status(db, person=person, experiment_id=experiment_id, action=action).to_dict()


@router.post("/experiments/{experiment_id}/pause")
def pause(experiment_id: IdPath, db: DbDep, person: PersonDep) -> dict[str, Any]:
    """Pause an experiment (paused days count as not followed)."""
    return _change(experiment_id, "pause", db, person)


@router.post("/experiments/{experiment_id}/resume")
def resume(experiment_id: IdPath, db: DbDep, person: PersonDep) -> dict[str, Any]:
    """Resume a paused experiment."""
    return _change(experiment_id, "resume", db, person)


@router.post("/experiments/{experiment_id}/stop")
def stop(experiment_id: IdPath, db: DbDep, person: PersonDep) -> dict[str, Any]:
    """Stop an experiment early (the report says so)."""
    return _change(experiment_id, "stop", db, person)


@router.get("/experiments/{experiment_id}/report")
def report(experiment_id: IdPath, db: DbDep, person: PersonDep) -> dict[str, Any]:
    """The analysis as of today: effect, interval, verdict, adherence and CENT items."""
    return experiment_service.report(db, person=person, experiment_id=experiment_id).to_dict()
