"""History: a calendar heat-map and a chart per symptom with an exposure overlaid and treatments as bands,
each with a text summary and a data table, and the recent entries.

Reads :func:`fibrotrack.services.diary.list_observations` and
:func:`fibrotrack.services.treatments.list_treatments`; days are aggregated by
:func:`fibrotrack.analysis.series.daily_series` (the analysis' own rules: a day without an entry is
missing, never zero).
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ...analysis.series import daily_series
from ...catalog import resolve_trackable
from ...diary import local_date
from ...services import diary as diary_service
from ...services import treatments as treatment_service
from ...services.people import get_person, utc_now
from .. import charts
from ..deps import DbDep, PersonDep
from .rendering import render

router = APIRouter(include_in_schema=False)

SYMPTOMS = ("twitching", "weakness", "pain", "fatigue")
EXPOSURES = ("caffeine_mg", "sleep_hours", "sleep_quality", "stress", "anxiety", "exertion", "alcohol_units")
RANGES = (30, 90, 180, 365)
RECENT_DAYS = 14


def _choice(value: str | None, allowed: tuple, default: Any) -> Any:
    if value is None or value == "":
        return default
    for option in allowed:
        if str(option) == value:
            return option
    return default


def _value(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def _summary(code: str, points: list[tuple[date, float | None]]) -> dict[str, Any]:
    logged = [(on, v) for on, v in points if v is not None]
    label = resolve_trackable(code).label
    if not logged:
        return {"trackable": code, "label": label, "days_logged": 0, "sentence": f"No {label.lower()} logged in this period."}
    values = [v for _, v in logged]
    worst = max(logged, key=lambda p: p[1])
    first, last = values[: min(7, len(values))], values[-min(7, len(values)):]
    first_mean, last_mean = sum(first) / len(first), sum(last) / len(last)
    change = last_mean - first_mean
    direction = "about the same as" if abs(change) < 0.5 else ("higher than" if change > 0 else "lower than")
    sentence = (f"{label}: logged on {len(logged)} of {len(points)} days, average {sum(values) / len(values):.1f} "
                f"out of 10, worst {worst[1]:g} on {worst[0]:%a %d %b}. The last 7 days logged averaged "
                f"{last_mean:.1f}, {direction} the first 7 ({first_mean:.1f}).")
    return {"trackable": code, "label": label, "days_logged": len(logged), "mean": sum(values) / len(values),
            "worst": {"on": worst[0], "value": worst[1]}, "first_week_mean": first_mean, "last_week_mean": last_mean,
            "sentence": sentence}


@router.get("/history")
def history_page(request: Request, db: DbDep, person: PersonDep) -> Response:
    """The course of each symptom over the chosen period."""
    params = request.query_params
    days = _choice(params.get("days"), RANGES, 90)
    symptom = _choice(params.get("symptom"), SYMPTOMS, "twitching")
    exposure = _choice(params.get("exposure"), (*EXPOSURES, "none"), "caffeine_mg")
    tz = get_person(db, person).time_zone
    today = local_date(utc_now(), tz)
    start = today - timedelta(days=days - 1)
    observations = diary_service.list_observations(db, person=person, since=start, until=today)
    series = daily_series(observations, start_on=start, end_on=today)
    columns = {code: [(d, _value(v)) for d, v in zip(series.dates, series.column(code))] for code in
               (*SYMPTOMS, *EXPOSURES)}
    treatments = treatment_service.list_treatments(db, person=person)
    bands = [{"name": t.name, "start": max(t.started_on, start).isoformat(),
              "end": (min(t.stopped_on or today, today) + timedelta(days=1)).isoformat()}
             for t in treatments if t.started_on <= today and (t.stopped_on is None or t.stopped_on >= start)]
    shown = [code for code in SYMPTOMS if any(v is not None for _, v in columns[code])]
    exposure_points = columns.get(exposure, []) if exposure != "none" else []
    exposure_label = "" if exposure == "none" else _exposure_label(exposure)
    chart_specs = {}
    if any(v is not None for _, v in columns[symptom]):
        chart_specs["calendar"] = charts.spec(charts.calendar_heatmap(columns[symptom],
                                                                      label=resolve_trackable(symptom).label))
    for code in shown:
        chart_specs[code] = charts.spec(charts.symptom_chart(
            columns[code], code=code, label=resolve_trackable(code).label, period=(start, today),
            exposure=exposure_points, exposure_label=exposure_label, treatments=bands))
    table = [{"on": d, **{code: columns[code][i][1] for code in (*SYMPTOMS, *EXPOSURES)}}
             for i, d in enumerate(series.dates)]
    recent_start = max(start, today - timedelta(days=RECENT_DAYS - 1))
    recent = [o for o in observations if o.local_date >= recent_start][::-1]
    data = {
        "person": person, "from": start, "to": today, "days": days, "symptom": symptom, "exposure": exposure,
        "days_logged": series.days_logged, "summaries": [_summary(code, columns[code]) for code in SYMPTOMS],
        "daily": table, "treatments": bands, "recent": [o.to_dict() for o in recent],
    }
    return render(request, "history/page.html", data, person=person, title="History", api="/api/observations",
                  main_class="page-wide", chart_specs=chart_specs, shown=shown, ranges=RANGES, symptoms=SYMPTOMS,
                  exposures=EXPOSURES, exposure_label=exposure_label, label_of=lambda c: resolve_trackable(c).label,
                  recent_obs=recent, tz=tz)


def _exposure_label(code: str) -> str:
    spec = resolve_trackable(code)
    return f"{spec.label} ({'0–10' if spec.unit == '0-10' else spec.unit})"


__all__ = ["router"]
