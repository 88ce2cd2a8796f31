"""Today: the daily check-in, the quick twitch log and the adaptive red-flag questions.

Thin adapter over :func:`fibrotrack.services.diary.checkin` (the same call as ``fibrotrack checkin``
and ``POST /api/checkins``): the form becomes entries plus red-flag answers, the service validates and
triages, and an urgent result is shown before the confirmation that the entry was saved.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ...catalog import SERVINGS, resolve_trackable
from ...diary import local_date
from ...diary.checkin_form import CHECKIN_FORM, WEAKNESS_KIND_HELP
from ...errors import NotFoundError, ValidationError
from ...services import diary as diary_service
from ...services import experiments as experiment_service
from ...services import treatments as treatment_service
from ...services import triage as triage_service
from ...services.people import get_person, utc_now
from ...triage import QUESTIONS, next_questions
from ..bodymap import body_map
from ..deps import DbDep, PersonDep
from ..forms import FORM_QUESTIONS, CheckinForm, form_from_observations
from .rendering import error_page, render, render_partial, wants_json

router = APIRouter(include_in_schema=False)

QUICK_SITES = ("eyelid_left", "eyelid_right", "calf_left", "calf_right", "thigh_left", "thigh_right",
               "hand_left", "hand_right")
QUICK_LEVELS = (("2", "Mild"), ("5", "Moderate"), ("8", "Strong"))
YESTERDAY_WINDOW_DAYS = 7
# Consecutive check-in questions shown on one card (others get a card of their own, titled by the trackable).
CARD_GROUPS = {"sleep_hours": "Sleep", "sleep_quality": "Sleep", "stress": "Stress and anxiety",
               "anxiety": "Stress and anxiety"}
_ANCHORS = re.compile(r"0 \(([^)]+)\) - 10 \(([^)]+)\)")


def _today(db: Any, person: str) -> date:
    return local_date(utc_now(), get_person(db, person).time_zone)


def _medicines(db: Any, person: str) -> dict[str, str | None]:
    """The person's active medicines and supplements: name → dose."""
    return {t.name: t.dose for t in treatment_service.list_treatments(db, person=person, active_only=True)
            if t.kind in ("medication", "supplement")}


def form_items() -> list[dict[str, Any]]:
    """The check-in questions in CHECKIN_FORM order, with what the page needs to draw each one."""
    items = []
    for item in CHECKIN_FORM:
        spec = resolve_trackable(item.trackable)
        label = item.prompt.partition(",")[0]
        anchors = _ANCHORS.search(item.prompt)
        items.append({
            "code": item.trackable, "label": label.strip(), "prompt": item.prompt, "help": spec.help,
            "unit": spec.unit, "low": spec.low, "high": spec.high, "sites": item.sites, "count": item.count,
            "weakness_detail": item.weakness_detail,
            "widget": "scale" if spec.unit == "0-10" else ("servings" if item.trackable == "caffeine_mg" else "number"),
            "anchors": list(anchors.groups()) if anchors else ["none", "worst"],
            "card": CARD_GROUPS.get(item.trackable, spec.label),
        })
    return items


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(value, Mapping) and isinstance(out.get(key), dict) else value
    return out


def red_flags(db: Any, person: str, form: CheckinForm) -> dict[str, Any]:
    """The red-flag box: questions answered so far, questions still worth asking, and a preview.

    The case is the one the check-in implies (:func:`case_from_raw_entries`) plus the answers so far;
    :func:`fibrotrack.triage.next_questions` decides what is still worth asking. Questions the main form
    asks (weakness onset, side, …) are listed as ``ask_above`` instead of being asked twice.
    """
    try:
        entries, _ = form.entries()
    except ValidationError:
        entries = []
    implied = triage_service.case_from_raw_entries(entries)
    case = _merge(implied, form.triage_answers(strict=False))
    try:
        pending = next_questions(case)
    except ValidationError:
        case = implied
        pending = next_questions(case)
    symptoms = implied.get("symptoms", {})
    active = any((symptoms.get(k) or 0) > 0 for k in ("twitching", "weakness")) or bool(form.triage)
    if not active:
        return {"active": False, "questions": [], "ask_above": [], "preview": None}
    pending_ids = {q.id for q in pending}
    shown = [q for q in QUESTIONS if q.id not in FORM_QUESTIONS and q.kind != "sites"
             and (q.id in form.triage or q.id in pending_ids)]
    ask_above = [{"id": q.id, "text": q.text, "field": FORM_QUESTIONS[q.id]} for q in pending if q.id in FORM_QUESTIONS]
    try:
        preview = triage_service.triage_case(db, person=person, case=case, store=False).to_dict()
    except ValidationError:
        preview = None
    questions = [{**q.to_dict(), "options": [(c.value, c.label) for c in q.choices]} for q in shown]
    return {"active": True, "questions": questions, "ask_above": ask_above,
            "preview": preview, "answers": dict(form.triage)}


def _yesterday(db: Any, person: str, today: date, medicines: Mapping[str, str | None]) -> dict[str, Any] | None:
    since = today - timedelta(days=YESTERDAY_WINDOW_DAYS)
    recent = diary_service.list_observations(db, person=person, since=since, until=today - timedelta(days=1))
    if not recent:
        return None
    last_day = max(o.local_date for o in recent)
    form = form_from_observations([o for o in recent if o.local_date == last_day], medicines=medicines)
    return {"on": last_day, "is_yesterday": last_day == today - timedelta(days=1), "form": form}


def _page(request: Request, db: Any, person: str, form: CheckinForm, *, errors: Mapping[str, str] | None = None,
          status_code: int = 200, prefilled: bool = False, quick: dict[str, Any] | None = None) -> Response:
    today = _today(db, person)
    medicines = _medicines(db, person)
    yesterday = _yesterday(db, person, today, medicines)
    logged = diary_service.list_observations(db, person=person, since=today, until=today)
    data = {
        "person": person, "today": today, "form": form.to_dict(), "errors": dict(errors or {}),
        "questions": form_items(), "medicines": [{"name": n, "dose": d} for n, d in medicines.items()],
        "servings": [s.to_dict() for s in SERVINGS],
        "yesterday": None if yesterday is None else {"on": yesterday["on"], "form": yesterday["form"].to_dict()},
        "logged_today": [o.to_dict() for o in logged], "red_flags": red_flags(db, person, form),
        "assignments": experiment_service.today_assignments(db, person=person),
    }
    return render(request, "today/page.html", data, person=person, status_code=status_code, title="Today",
                  api="/api/observations", values=form, yesterday_info=yesterday, prefilled=prefilled,
                  weakness_help=WEAKNESS_KIND_HELP, quick_sites=QUICK_SITES, quick_levels=QUICK_LEVELS,
                  quick=quick, logged=logged, label_of=_label, all_sites_map=body_map(), tz=get_person(db, person).time_zone)


@router.get("/")
@router.get("/today")
def today_page(request: Request, db: DbDep, person: PersonDep) -> Response:
    """The check-in form (``?from=yesterday`` starts from the last day's answers)."""
    if request.query_params.get("from") == "yesterday":
        today = _today(db, person)
        found = _yesterday(db, person, today, _medicines(db, person))
        if found is not None:
            return _page(request, db, person, found["form"], prefilled=True)
    return _page(request, db, person, CheckinForm())


@router.post("/checkin")
async def save_checkin(request: Request, db: DbDep, person: PersonDep) -> Response:
    """Save the check-in: advice first (emergency and urgent results replace the page), then the confirmation."""
    form = CheckinForm.from_form(await request.form())
    today = _today(db, person)
    origins: list[dict[str, str]] = []
    try:
        entries, origins = form.entries(_medicines(db, person))
        result = diary_service.checkin(db, person=person, entries=entries, at=form.at(today),
                                       triage=form.triage_answers(strict=True) or None)
    except ValidationError as exc:
        where = form.field_for(exc.field, origins)
        problem = exc.problem
        if exc.field == "entries":
            problem = "Nothing to save yet: answer at least one question (a note is saved with your answers)."
        return _page(request, db, person, form, errors={where: problem}, status_code=422, prefilled=True)
    data = {"person": person, **result.to_dict()}
    return render(request, "today/saved.html", data, person=person, status_code=201 if wants_json(request) else 200,
                  title=_saved_title(data["triage"]), api="/api/checkins")


def _saved_title(triage: Mapping[str, Any]) -> str:
    return {"emergency": "Call emergency services now", "urgent": "See a doctor soon"}.get(triage["urgency"],
                                                                                         "Check-in saved")


@router.post("/checkin/questions")
async def checkin_questions(request: Request, db: DbDep, person: PersonDep) -> Response:
    """The red-flag box for the form as it stands (an HTMX fragment, or JSON)."""
    form = CheckinForm.from_form(await request.form())
    state = red_flags(db, person, form)
    if wants_json(request):
        return render(request, "today/_questions.html", state, person=person, title="Red-flag questions")
    return render_partial(request, "today/_questions.html", {"red_flags": state, "values": form, "errors": {}},
                          person=person)


@router.post("/checkin/quick")
async def quick_twitch(request: Request, db: DbDep, person: PersonDep) -> Response:
    """Log one twitch episode now (intensity and, optionally, where) with a single tap."""
    raw = await request.form()
    value = str(raw.get("value", "")).strip()
    site = str(raw.get("site", "")).strip() or None
    entry = {"trackable": "twitching", "value": value, "site": site, "detail": {"count": 1}}
    try:
        result = diary_service.checkin(db, person=person, entries=[entry])
    except ValidationError as exc:
        quick = {"error": f"Not saved: {exc.problem}"}
    else:
        quick = {"observation": result.observations[0].to_dict(), "triage": result.triage.to_dict()}
    if wants_json(request):
        return render(request, "today/_quick_result.html", quick, person=person, title="Quick log",
                      status_code=422 if "error" in quick else 201)
    if request.headers.get("hx-request"):
        return render_partial(request, "today/_quick_result.html", {"quick": quick},
                              person=person, status_code=200)
    return _page(request, db, person, CheckinForm(), quick=quick, status_code=422 if "error" in quick else 200)


@router.post("/checkin/quick/{observation_id}/undo")
def undo_quick(request: Request, observation_id: int, db: DbDep, person: PersonDep) -> Response:
    """Remove a quick-logged twitch (soft delete, like ``fibrotrack delete``)."""
    try:
        removed = diary_service.delete(db, person=person, observation_id=observation_id)
    except NotFoundError:
        return error_page(request, person=person, status_code=404, title="Not found",
                          message="That entry does not exist or was already removed.")
    quick = {"undone": removed.to_dict()}
    if request.headers.get("hx-request") and not wants_json(request):
        return render_partial(request, "today/_quick_result.html", {"quick": quick}, person=person)
    return _page(request, db, person, CheckinForm(), quick=quick)


def _label(code: str) -> str:
    try:
        return resolve_trackable(code).label
    except ValidationError:
        return code.split(":", 1)[-1].replace("_", " ")
