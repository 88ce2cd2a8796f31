"""Insights: suspected triggers in plain language, each with its effect and interval drawn, the
"not enough data yet" states, measured treatment effects, and how to test a suspicion.

Thin adapter over :func:`fibrotrack.services.insights.insights` and
:func:`~fibrotrack.services.insights.treatment_effects` (the same calls as ``/api/insights``); the
suggested self-experiment for a finding comes from
:func:`fibrotrack.analysis.experiments_conditions.suggest_experiment`.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ...analysis.experiments_conditions import suggest_experiment
from ...catalog import resolve_trackable
from ...errors import ValidationError
from ...services import insights as insights_service
from ...services import treatments as treatment_service
from ..deps import DbDep, PersonDep
from .rendering import render

router = APIRouter(include_in_schema=False)


def _label(code: str) -> str:
    try:
        return resolve_trackable(code).label
    except ValidationError:
        return code.removeprefix("med:").replace("_", " ")


def effect_scale(findings: list[dict[str, Any]], *, low_key: str = "ci_low", high_key: str = "ci_high") -> float:
    """A symmetric axis limit covering every interval (at least 1 point), rounded up to a whole point."""
    widest = max([1.0] + [abs(f.get(k) or 0.0) for f in findings for k in (low_key, high_key)])
    return float(math.ceil(widest))


def graphic(effect: float, low: float | None, high: float | None, limit: float) -> dict[str, Any]:
    """Coordinates for the effect graphic: a 0–300 wide axis from −limit to +limit points."""
    def x(v: float) -> float:
        return 10 + 280 * (max(-limit, min(limit, v)) + limit) / (2 * limit)

    ticks = [t for t in range(-int(limit), int(limit) + 1)]
    step = max(1, len(ticks) // 6)
    return {"point": x(effect), "low": x(low if low is not None else effect),
            "high": x(high if high is not None else effect), "zero": x(0),
            "ticks": [{"x": x(t), "label": f"{t:+d}" if t else "0"} for t in ticks[::step]]}


def _suggestion(exposure: str, symptom: str) -> dict[str, Any] | None:
    try:
        found = suggest_experiment(exposure, symptom)
    except ValidationError:
        return None
    return found if found.get("testable") else None


@router.get("/insights")
def insights_page(request: Request, db: DbDep, person: PersonDep) -> Response:
    """What goes with worse symptoms (suspicions, with intervals), and what is still unknown."""
    symptom = request.query_params.get("symptom") or None
    if symptom not in insights_service.SYMPTOMS:
        symptom = None
    report = insights_service.insights(db, person=person, symptom=symptom).to_dict()
    limit = effect_scale(report["triggers"])
    findings = []
    for f in report["triggers"]:
        findings.append({**f, "symptom_label": _label(f["symptom"]), "exposure_label": _label(f["exposure"]),
                         "graphic": graphic(f["effect"], f.get("ci_low"), f.get("ci_high"), limit),
                         "experiment": _suggestion(f["exposure"], f["symptom"])})
    waiting = report["not_enough_data"]
    more = [w["more_days_needed"] for w in waiting if w.get("more_days_needed")]
    effects = []
    for t in treatment_service.list_treatments(db, person=person):
        try:
            measured = insights_service.treatment_effects(db, person=person, name=str(t.id))
        except ValidationError:
            continue
        rows = [e.to_dict() for e in measured]
        t_limit = effect_scale(rows)
        effects.append({"treatment": t.to_dict(), "effects": [
            {**e, "symptom_label": _label(e["symptom"]),
             "graphic": graphic(e["level_change"], e.get("ci_low"), e.get("ci_high"), t_limit)
             if e.get("enough_data") and e.get("level_change") is not None else None}
            for e in rows]})
    data = {**report, "symptom": symptom, "treatment_effects": effects}
    return render(request, "insights/page.html", data, person=person, title="Insights", api="/api/insights",
                  findings=findings, limit=limit, fewest_more_days=min(more) if more else None,
                  symptoms=insights_service.SYMPTOMS, label_of=_label)
