"""Self-experiments: plan one (with the power preview), follow today's assignment, record adherence,
pause or stop, and read the report.

Thin adapter over :mod:`fibrotrack.services.experiments` (the same calls as ``/api/experiments``). The
preview is a dry run of :func:`~fibrotrack.services.experiments.new_experiment`; its random seed is
carried into the real start, so the calendar started is the calendar previewed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from ...analysis.experiments_conditions import MEDICINE_KINDS, OUTCOMES
from ...catalog import medication_code, resolve_trackable
from ...errors import ConflictError, NotFoundError, ValidationError
from ...services import experiments as experiment_service
from ...services import treatments as treatment_service
from ..deps import DbDep, PersonDep
from .insights import graphic
from .rendering import error_page, href_for, render, wants_json

router = APIRouter(include_in_schema=False)

EXPOSURES = (("caffeine_mg", "Caffeine"), ("alcohol_units", "Alcohol"), ("exertion", "Physical exertion"),
             ("sleep_hours", "An extra hour of sleep"))
FIELDS = ("exposure", "habit", "outcome", "period_days", "pairs", "washout_days", "start_on", "medicine_kind", "seed")
_SLUG = re.compile(r"[^a-z0-9]+")


def _exposure_choices(db: Any, person: str) -> list[tuple[str, str]]:
    meds = []
    for t in treatment_service.list_treatments(db, person=person, active_only=True):
        if t.kind in ("medication", "supplement"):
            try:
                meds.append((medication_code(t.name), t.name))
            except ValidationError:
                continue
    return [*EXPOSURES, *meds]


def _number(raw: str) -> int | str | None:
    raw = raw.strip()
    if not raw:
        return None
    return int(raw) if raw.isdigit() else raw


def _arguments(values: dict[str, str]) -> dict[str, Any]:
    """Service arguments from the form as typed (the service checks them and names the bad field)."""
    exposure = values.get("exposure", "")
    if exposure == "habit":
        exposure = "behaviour:" + _SLUG.sub("_", values.get("habit", "").strip().lower()).strip("_")
    args: dict[str, Any] = {"exposure": exposure, "outcome": values.get("outcome", "")}
    for key in ("period_days", "washout_days", "seed"):
        args[key] = _number(values.get(key, ""))
    args["pairs"] = _number(values.get("pairs", "")) or 4
    args["start_on"] = values.get("start_on") or None
    args["medicine_kind"] = values.get("medicine_kind") or None if exposure.startswith("med:") else None
    for key in ("period_days", "washout_days", "pairs", "seed"):
        if isinstance(args[key], str):
            raise ValidationError(key, f"{args[key]!r} is not a whole number")
    return args


def _label(code: str) -> str:
    try:
        return resolve_trackable(code).label
    except ValidationError:
        return code.split(":", 1)[-1].replace("_", " ")


def _new_page(request: Request, db: Any, person: str, values: dict[str, str], *, preview: dict[str, Any] | None = None,
              errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    data = {"person": person, "values": values, "errors": errors or {}, "preview": preview}
    return render(request, "experiments/new.html", data, person=person, title="Plan a self-experiment",
                  status_code=status_code, api="/api/experiments", exposures=_exposure_choices(db, person),
                  outcomes=[(c, _label(c)) for c in OUTCOMES], medicine_kinds=MEDICINE_KINDS)


@router.get("/experiments")
def experiments_page(request: Request, db: DbDep, person: PersonDep) -> Response:
    """Running and past experiments and today's assignments."""
    items = [e.to_dict() for e in experiment_service.list_experiments(db, person=person)]
    data = {"person": person, "experiments": items,
            "today": experiment_service.today_assignments(db, person=person)}
    return render(request, "experiments/index.html", data, person=person, title="Self-experiments",
                  api="/api/experiments", label_of=_label)


@router.get("/experiments/new")
def new_experiment_form(request: Request, db: DbDep, person: PersonDep) -> Response:
    """The plan form, pre-filled from ``?exposure=&outcome=`` (the Insights "test this" link)."""
    values = {"exposure": request.query_params.get("exposure", "caffeine_mg"),
              "outcome": request.query_params.get("outcome", "twitching"), "pairs": "4"}
    return _new_page(request, db, person, values)


@router.post("/experiments/new")
async def plan_experiment(request: Request, db: DbDep, person: PersonDep) -> Response:
    """``action=preview``: the calendar and the power preview (nothing saved); ``action=start``: start it."""
    form = await request.form()
    values = {k: str(form.get(k, "")).strip() for k in FIELDS}
    start = form.get("action") == "start"
    try:
        args = _arguments(values)
        created = experiment_service.new_experiment(db, person=person, dry_run=not start, **args)
    except ValidationError as exc:
        field = exc.field if exc.field in FIELDS else "exposure"
        if field == "exposure" and values.get("exposure") == "habit":
            field = "habit"
        return _new_page(request, db, person, values, errors={field: exc.problem}, status_code=422)
    except ConflictError as exc:
        return _new_page(request, db, person, values, errors={"_form": str(exc)}, status_code=409)
    result = created.to_dict()
    if not start:
        values["seed"] = str(result["design"]["seed"])
        return _new_page(request, db, person, values, preview=result)
    if wants_json(request):
        return render(request, "experiments/new.html", result, person=person, title="Started", status_code=201)
    return RedirectResponse(href_for(request, person)(f"/experiments/{result['id']}"), status_code=303)


def _find(db: Any, person: str, experiment_id: int) -> dict[str, Any] | None:
    for e in experiment_service.list_experiments(db, person=person):
        if e.id == experiment_id:
            return e.to_dict()
    return None


@router.get("/experiments/{experiment_id}")
def experiment_page(request: Request, experiment_id: int, db: DbDep, person: PersonDep) -> Response:
    """One experiment: the report as of today, the calendar, adherence, and pause/stop."""
    experiment = _find(db, person, experiment_id)
    if experiment is None:
        return error_page(request, person=person, status_code=404, title="No such experiment",
                          message="There is no experiment with that number.")
    report = experiment_service.report(db, person=person, experiment_id=experiment_id).to_dict()
    primary = report.get("primary")
    drawn = None
    if primary and primary.get("effect") is not None:
        limit = float(max(1, int(max(abs(primary["ci_low"]), abs(primary["ci_high"])) + 0.999)))
        drawn = graphic(primary["effect"], primary["ci_low"], primary["ci_high"], limit)
    today = [a for a in experiment_service.today_assignments(db, person=person) if a["experiment_id"] == experiment_id]
    data = {"person": person, "experiment": experiment, "report": report, "today": today}
    return render(request, "experiments/detail.html", data, person=person,
                  title=f"Experiment: {report['cent']['title']['text'].removeprefix('N-of-1 trial: ')}",
                  api=f"/api/experiments/{experiment_id}/report", drawn=drawn, label_of=_label)


def _back(request: Request, person: str, experiment_id: int, form: Any) -> str:
    target = "/" if form.get("next") == "today" else f"/experiments/{experiment_id}"
    return href_for(request, person)(target)


@router.post("/experiments/{experiment_id}/adherence")
async def adherence(request: Request, experiment_id: int, db: DbDep, person: PersonDep) -> Response:
    """Record whether today's (or a given day's) assignment was followed."""
    form = await request.form()
    followed = str(form.get("followed", ""))

    def record() -> Any:
        if followed not in ("yes", "no"):
            raise ValidationError("followed", "answer yes or no")
        return experiment_service.record_adherence(db, person=person, experiment_id=experiment_id,
                                                   followed=followed == "yes", on=str(form.get("on", "")) or None)

    return _act(request, person, experiment_id, form, record, failed="Not recorded", done="Recorded")


@router.post("/experiments/{experiment_id}/status")
async def change_status(request: Request, experiment_id: int, db: DbDep, person: PersonDep) -> Response:
    """Pause, resume or stop."""
    form = await request.form()
    return _act(request, person, experiment_id, form,
                lambda: experiment_service.change_status(db, person=person, experiment_id=experiment_id,
                                                         action=str(form.get("action", ""))),
                failed="Not changed", done="Changed")


def _act(request: Request, person: str, experiment_id: int, form: Any, action: Callable[[], Any], *,
         failed: str, done: str) -> Response:
    """Run a change to an experiment; back to where the form was, or a page saying why not."""
    try:
        saved = action()
    except NotFoundError:
        return error_page(request, person=person, status_code=404, title="No such experiment",
                          message="There is no experiment with that number.")
    except ValidationError as exc:
        return error_page(request, person=person, status_code=422, title=failed, message=exc.problem)
    if wants_json(request):
        return render(request, "error.html", saved.to_dict(), person=person, title=done)
    return RedirectResponse(_back(request, person, experiment_id, form), status_code=303)
