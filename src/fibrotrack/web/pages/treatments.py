"""Medicines and treatments: add and stop them, see what EULAR 2016 says about each, and the medicine review.

Thin adapter over :mod:`fibrotrack.services.treatments`, :func:`fibrotrack.knowledge.eular_recommendation`
and :func:`fibrotrack.services.triage.medication_check` (the same calls as ``fibrotrack treatment`` and
``fibrotrack meds check``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from ...errors import NotFoundError, ValidationError
from ...knowledge import eular_recommendation
from ...services import treatments as treatment_service
from ...services import triage as triage_service
from ..deps import DbDep, PersonDep
from .rendering import href_for, render, wants_json

router = APIRouter(include_in_schema=False)

KIND_LABELS = {"medication": "Medicine", "supplement": "Supplement", "therapy": "Therapy", "exercise": "Exercise",
               "lifestyle": "Lifestyle change"}
ADD_FIELDS = ("name", "kind", "dose", "started_on", "reason")


def _rows(db: Any, person: str) -> list[dict[str, Any]]:
    rows = []
    for t in treatment_service.list_treatments(db, person=person):
        row = eular_recommendation(t.name)
        rows.append({**t.to_dict(), "eular": row.to_dict() if row else None})
    return rows


def _page(request: Request, db: Any, person: str, *, values: dict[str, str] | None = None,
          errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    rows = _rows(db, person)
    message = None
    for key, verb in (("added", "Added"), ("stopped", "Recorded that you stopped")):
        ident = request.query_params.get(key, "")
        found = next((r for r in rows if str(r["id"]) == ident), None)
        if found:
            message = f"{verb} {found['name']}."
    data = {"person": person, "treatments": rows, "review": triage_service.medication_check(db, person=person).to_dict(),
            "errors": errors or {}}
    return render(request, "treatments/page.html", data, person=person, title="Medicines and treatments",
                  status_code=status_code, api="/api/treatments", values=values or {}, kinds=KIND_LABELS,
                  message=message, active=[r for r in rows if r["active"]], stopped=[r for r in rows if not r["active"]])


@router.get("/treatments")
def treatments_page(request: Request, db: DbDep, person: PersonDep) -> Response:
    """Current and past treatments with their EULAR 2016 strength, and the medicine review."""
    return _page(request, db, person)


@router.post("/treatments")
async def add_treatment(request: Request, db: DbDep, person: PersonDep) -> Response:
    """Add a treatment; a bad field re-shows the form with the problem next to it."""
    form = await request.form()
    values = {k: str(form.get(k, "")).strip() for k in ADD_FIELDS}
    try:
        added = treatment_service.add_treatment(
            db, person=person, name=values["name"], kind=values["kind"] or "medication", dose=values["dose"] or None,
            started_on=values["started_on"] or None, reason=values["reason"] or None)
    except ValidationError as exc:
        field = exc.field if exc.field in ADD_FIELDS else "name"
        return _page(request, db, person, values=values, errors={field: exc.problem}, status_code=422)
    if wants_json(request):
        return render(request, "treatments/page.html", added.to_dict(), person=person, title="Added",
                      status_code=201)
    return RedirectResponse(href_for(request, person)("/treatments", added=added.id), status_code=303)


@router.post("/treatments/{treatment_id}/stop")
async def stop_treatment(request: Request, treatment_id: int, db: DbDep, person: PersonDep) -> Response:
    """Record that a treatment stopped (today unless a date is given)."""
    form = await request.form()
    stopped_on = str(form.get("stopped_on", "")).strip() or None
    try:
        stopped = treatment_service.stop_treatment(db, person=person, key=treatment_id, stopped_on=stopped_on)
    except NotFoundError:
        return _page(request, db, person, errors={"_form": "That treatment does not exist."}, status_code=404)
    except ValidationError as exc:
        return _page(request, db, person, errors={f"stop-{treatment_id}": exc.problem},
                     values={f"stop-{treatment_id}": stopped_on or ""}, status_code=422)
    if wants_json(request):
        return render(request, "treatments/page.html", stopped.to_dict(), person=person, title="Stopped")
    return RedirectResponse(href_for(request, person)("/treatments", stopped=stopped.id), status_code=303)
