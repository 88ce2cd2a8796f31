"""Assessments: take the ACR 2016 survey, FIQR, FiRST (or any instrument) in the browser, see the result
with its reasons and caveat, and follow each one over time.

Thin adapter over :mod:`fibrotrack.services.assessments`: the form is turned into the instrument's
answers by :func:`fibrotrack.instruments.forms.assemble_answers` (the same function the CLI uses), and
the WPI body map starts from :func:`~fibrotrack.services.assessments.wpi_prefill`.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ...errors import ValidationError
from ...instruments import Instrument, get_instrument, list_instruments
from ...instruments.forms import assemble_answers
from ...services import assessments as assessment_service
from .. import charts
from ..bodymap import wpi_map
from ..deps import DbDep, PersonDep
from ..forms import FORM_LEVEL, InstrumentForm
from .rendering import error_page, plain, render, wants_json

router = APIRouter(include_in_schema=False)

#: Highest possible headline value per result key (for the chart's scale).
HEADLINE_MAX = {"fs": 31, "total": 100, "score": 6, "sum_score": 60}
HEADLINE_NAMES = {"fs": "Fibromyalgia severity (FS, 0–31)", "total": "FIQR total (0–100)",
                  "score": "FiRST score (0–6)", "sum_score": "MRC sum score (0–60)"}
FEATURED = ("acr2016", "fiqr", "first")


def _instrument(code: str) -> Instrument | None:
    try:
        return get_instrument(code)
    except ValidationError:
        return None


def _history(db: Any, person: str, code: str | None = None) -> list[dict[str, Any]]:
    out = []
    for item in assessment_service.history(db, person=person, instrument=code):
        trend = item.trend.to_dict()
        rows = [{"on": p["on"], "value": p["value"]} for p in trend["points"]]
        spec = None
        if len(rows) >= 1 and trend["headline"] in HEADLINE_MAX:
            spec = charts.spec(charts.score_chart(rows, title=HEADLINE_NAMES[trend["headline"]],
                                                  high=HEADLINE_MAX[trend["headline"]]))
        out.append({**item.to_dict(), "title": get_instrument(item.instrument).title, "chart": spec,
                    "headline_name": HEADLINE_NAMES.get(trend["headline"], trend["headline"])})
    return out


@router.get("/assessments")
def assessments_page(request: Request, db: DbDep, person: PersonDep) -> Response:
    """What is due, the questionnaires, and each one's course."""
    due = [d.to_dict() for d in assessment_service.schedule(db, person=person)]
    instruments = [{"code": i.code, "title": i.title, "audience": i.audience, "recall": i.recall,
                    "items": len(i.items)} for i in list_instruments()]
    history = _history(db, person)
    data = {"person": person, "due": due, "instruments": instruments,
            "history": [{k: v for k, v in h.items() if k != "chart"} for h in history]}
    return render(request, "assessments/index.html", data, person=person, title="Assessments",
                  api="/api/assessments", history_charts=history, featured=FEATURED,
                  titles={i.code: i.title for i in list_instruments()})


_MEANING = re.compile(r"(\d+)\s*=\s*([^;,.]+)")


def option_labels(spec: Instrument) -> dict[str, list[tuple[str, str]]]:
    """Per 0–n item whose help names every answer ("0 = no problem; 1 = …"), the answers with their meaning."""
    out: dict[str, list[tuple[str, str]]] = {}
    for item in spec.items:
        if item.kind != "int_range" or item.min is None or item.max is None:
            continue
        meanings = {int(n): text.strip() for n, text in _MEANING.findall(plain(item.help))}
        if set(meanings) == set(range(item.min, item.max + 1)):
            out[item.id] = [(str(n), f"{n}: {meanings[n]}") for n in range(item.min, item.max + 1)]
    return out


def anchors(spec: Instrument) -> dict[str, tuple[str, str]]:
    """Per scale item whose help names both ends ("0 = never, 10 = always"), those two meanings."""
    out: dict[str, tuple[str, str]] = {}
    for item in spec.items:
        if item.kind == "int_range" and item.min is not None and item.max is not None:
            meanings = {int(n): text.strip() for n, text in _MEANING.findall(plain(item.help))}
            if item.min in meanings and item.max in meanings:
                out[item.id] = (meanings[item.min], meanings[item.max])
    return out


def _form_page(request: Request, db: Any, person: str, spec: Instrument, raw: dict[str, Any], *,
               errors: dict[str, str] | None = None, prefilled: list[str] | None = None,
               status_code: int = 200) -> Response:
    data = {"person": person, "instrument": spec.to_dict(), "values": raw, "errors": errors or {},
            "prefilled_areas": prefilled or []}
    return render(request, "assessments/form.html", data, person=person, title=spec.title, status_code=status_code,
                  api=f"/api/instruments/{spec.code}", spec=spec, wpi=wpi_map(), form_level=FORM_LEVEL,
                  option_labels=option_labels(spec), anchors=anchors(spec))


@router.get("/assessments/{code}")
def take_assessment(request: Request, code: str, db: DbDep, person: PersonDep) -> Response:
    """The instrument as a form; the WPI areas start from the past week's pain log."""
    spec = _instrument(code)
    if spec is None:
        return error_page(request, person=person, status_code=404, title="No such questionnaire",
                          message=f"There is no questionnaire called {code!r}.")
    prefill = assessment_service.wpi_prefill(db, person=person) \
        if any(i.kind == "area_list" for i in spec.items) else []
    raw = {i.id: list(prefill) for i in spec.items if i.kind == "area_list"}
    return _form_page(request, db, person, spec, raw, prefilled=prefill)


@router.post("/assessments/{code}")
async def submit_assessment(request: Request, code: str, db: DbDep, person: PersonDep) -> Response:
    """Score and save; a bad answer re-shows the form with the problem next to the question."""
    spec = _instrument(code)
    if spec is None:
        return error_page(request, person=person, status_code=404, title="No such questionnaire",
                          message=f"There is no questionnaire called {code!r}.")
    form = InstrumentForm.from_form(spec, await request.form())
    try:
        answers = assemble_answers(spec, form.values(spec))
        outcome = assessment_service.assess(db, person=person, instrument=spec.code, answers=answers, save=True)
    except ValidationError as exc:
        where = InstrumentForm.field_for(spec, exc.field)
        problem = exc.problem
        if where != FORM_LEVEL:
            item = next(i for i in spec.items if i.id == where)
            if problem == "is required":
                problem = "Please answer this question." if item.kind != "area_list" else "Please tick the painful areas (or none)."
        return _form_page(request, db, person, spec, form.raw, errors={where: problem}, status_code=422)
    history = _history(db, person, spec.code)
    data = {"person": person, **outcome.to_dict(), "title": spec.title, "notes": list(spec.notes)}
    return render(request, "assessments/result.html", data, person=person, title=f"{spec.title}: result",
                  api="/api/assessments", status_code=201 if wants_json(request) else 200,
                  history_charts=history, spec=spec)
