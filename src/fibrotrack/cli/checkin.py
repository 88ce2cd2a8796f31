"""`fibrotrack checkin`: the daily check-in, asked interactively or read from a JSON file."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from ..catalog import SERVINGS, body_site, medication_code, resolve_trackable
from ..diary.checkin_form import CHECKIN_FORM, WEAKNESS_KIND_HELP, FormItem
from ..errors import ValidationError
from ..services import diary as diary_service
from ..services import treatments as treatment_service
from ..services import triage as triage_service
from .context import ctx_of
from .files import load_json_file
from .lazy import lazy_module
from .output import emit_json, fmt_number, say
from .safety import ask_red_flags, print_triage

experiment_service = lazy_module("fibrotrack.services.experiments")


def _ask(prompt: str, check: Any = None) -> Any:
    """Ask until the answer passes ``check`` (which raises ValidationError); blank returns None."""
    while True:
        raw = typer.prompt(prompt, default="", show_default=False).strip()
        if not raw:
            return None
        if check is None:
            return raw
        try:
            return check(raw)
        except ValidationError as exc:
            say(f"  {exc.problem}")


def _ask_choice(prompt: str, options: tuple[str, ...]) -> str | None:
    """Ask for one of ``options``, typed as its number or its name."""

    def check(raw: str) -> str:
        if raw.isdigit() and 1 <= int(raw) <= len(options):
            return options[int(raw) - 1]
        if raw not in options:
            raise ValidationError("answer", f"please answer 1-{len(options)} or one of: {', '.join(options)}")
        return raw

    numbered = " ".join(f"{n}={name}" for n, name in enumerate(options, start=1))
    return _ask(f"{prompt} [{numbered}]", check)


def _ask_sites(prompt: str) -> list[str]:
    def check(raw: str) -> list[str]:
        return [body_site(code.strip()).code for code in raw.replace(",", " ").split()]

    return _ask(f"{prompt} (site codes separated by spaces, e.g. calf_left eyelid_right)", check) or []


def _interactive_entries(active_medicines: list[str]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for item in CHECKIN_FORM:
        spec = resolve_trackable(item.trackable)
        value = _ask(f"{item.prompt} (Enter to skip)", spec.check_value)
        if value is None:
            continue
        entries.extend(_follow_ups(item, value))
    for code in SERVINGS:
        count = _ask(f"Servings of {code.label.lower()} (Enter for none)", lambda raw: float(raw))
        if count:
            entries.append({"trackable": "caffeine", "value": count, "serving": code.code})
    for name in active_medicines:
        if _ask_choice(f"Did you take {name} today?", ("y", "n")) == "y":
            entries.append({"trackable": medication_code(name), "value": 1})
    note = _ask("Anything else to note? (Enter to skip)")
    if note and entries:
        entries[-1]["note"] = note
    return entries


def _follow_ups(item: FormItem, value: float) -> list[dict[str, Any]]:
    detail: dict[str, Any] = {}
    if value > 0 and item.count:
        count = _ask("  About how many twitch episodes? (Enter to skip)", lambda raw: int(raw))
        if count is not None:
            detail["count"] = count
    if value > 0 and item.weakness_detail:
        say("  " + WEAKNESS_KIND_HELP)
        for key, options in (("kind", ("true_weakness", "tiredness")), ("onset", ("sudden", "gradual")),
                             ("side", ("left", "right", "both"))):
            answer = _ask_choice(f"  {key.capitalize()}?", options)
            if answer:
                detail[key] = answer
    sites = _ask_sites("  Where?") if value > 0 and item.sites else []
    if not sites:
        return [{"trackable": item.trackable, "value": value, "detail": detail}]
    return [{"trackable": item.trackable, "value": value, "site": site, "detail": detail} for site in sites]


def checkin(
    ctx: typer.Context,
    from_file: Optional[Path] = typer.Option(None, "--from", help="Read the answers from a JSON file instead of asking."),
    at: Optional[str] = typer.Option(None, "--at", help="When the check-in applies (default now)."),
    as_json: bool = typer.Option(False, "--json", help="Print what was stored as JSON."),
) -> None:
    """Record today's check-in: symptoms, sleep, stress, caffeine, exertion and medicines, in one go.

    Red-flag questions follow when twitching or weakness is reported, and urgent advice is shown first.
    The JSON file is {"at": optional time, "entries": [{"trackable", "value", "site", "detail", "note",
    "serving"}, ...], "triage": optional red-flag answers}; nothing is stored unless everything is valid.
    """
    app = ctx_of(ctx)
    db = app.db()
    if from_file is not None:
        doc = load_json_file(from_file, field="--from")
        if not isinstance(doc, dict):
            raise ValidationError("--from", "the file must hold a JSON object with an \"entries\" list")
        unknown = set(doc) - {"at", "entries", "triage"}
        if unknown:
            raise ValidationError(sorted(unknown)[0], "unknown field in the check-in file")
        entries = diary_service.parse_checkin_entries(doc.get("entries"))
        at = at or doc.get("at")
        red_flags = doc.get("triage")
        adherence = {}
    else:
        active = [t.name for t in treatment_service.list_treatments(db, person=app.person, active_only=True)
                  if t.kind in ("medication", "supplement")]
        plans = [p for p in experiment_service.today_assignments(db, person=app.person) if p["status"] == "running"]
        for plan in plans:
            say(f"Experiment {plan['experiment_id']} today: {plan['instruction']}")
        entries = _interactive_entries(active)
        adherence = {plan["experiment_id"]: _ask_choice(f"Did you follow today's plan for experiment "
                                                        f"{plan['experiment_id']}?", ("y", "n"))
                     for plan in plans if plan.get("condition")}
        if not entries:
            say("Nothing entered; nothing saved.")
            raise typer.Exit(0)
        implied = triage_service.case_from_raw_entries(entries)
        red_flags = ask_red_flags(dict(implied)) if implied.get("symptoms") else None
    result = diary_service.checkin(db, person=app.person, entries=entries, at=at, triage=red_flags)
    for experiment_id, answer in adherence.items():
        if answer is not None:
            experiment_service.record_adherence(db, person=app.person, experiment_id=experiment_id,
                                                followed=answer == "y")
    if as_json:
        emit_json(result.to_dict())
        return
    triage = result.triage.to_dict()
    print_triage(triage, quiet_below="urgent")  # emergencies and urgent advice come before anything else
    say(f"Saved {len(result.observations)} entries:")
    for obs in result.observations:
        where = f" ({obs.body_site})" if obs.body_site else ""
        say(f"  {obs.trackable} {fmt_number(obs.value)} {obs.unit}{where}")
    if triage["urgency"] in ("routine", "self_care"):
        print_triage(triage)
