"""`/api/triage`, `/api/meds/check` and `/api/learn`: red flags, medicines and cited education."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Body, Query

from ...knowledge import eular_recommendations, search, topic, topics
from ...services import triage as triage_service
from ...triage import next_questions
from ..deps import DbDep, PersonDep
from .schemas import ErrorBody, TriageOut

router = APIRouter(tags=["safety"], responses={400: {"model": ErrorBody}, 422: {"model": ErrorBody}})


@router.post("/triage", response_model=TriageOut)
def triage(db: DbDep, person: PersonDep,
           case: dict[str, Any] = Body(..., examples=[{"weakness": {"kind": "true_weakness", "onset": "sudden"}}]),
           store: bool = Query(True)) -> dict[str, Any]:
    """Evaluate a triage case (see docs/triage.md); every field is optional, unknown fields are an error."""
    return triage_service.triage_case(db, person=person, case=case, store=store).to_dict()


@router.post("/triage/questions")
def triage_questions(partial: dict[str, Any] = Body(default_factory=dict)) -> list[dict[str, Any]]:
    """The red-flag questions still worth asking, given the answers so far."""
    return [q.to_dict() for q in next_questions(partial)]


@router.get("/triage/events")
def triage_events(db: DbDep, person: PersonDep) -> list[dict[str, Any]]:
    """Every stored triage event, oldest first."""
    return [{"id": e.id, "at": e.at.isoformat(), "urgency": e.kind, **e.data}
            for e in triage_service.triage_events(db, person=person)]


@router.get("/meds/check")
def meds_check(db: DbDep, person: PersonDep) -> dict[str, Any]:
    """Review the person's medicines for known twitching/weakness associations (never advice to stop)."""
    return triage_service.medication_check(db, person=person).to_dict()


@router.get("/learn")
def learn(q: Optional[str] = Query(None, max_length=100)) -> dict[str, Any]:
    """Education topics (all, or those matching ``q``) and the EULAR 2016 recommendations, with sources."""
    found = search(q) if q else list(topics())
    return {"topics": [t.to_dict() for t in found], "eular": [r.to_dict() for r in eular_recommendations()]}


@router.get("/learn/{topic_id}")
def learn_topic(topic_id: str) -> dict[str, Any]:
    """One education topic with its sources."""
    return topic(topic_id).to_dict()
