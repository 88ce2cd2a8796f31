"""`fibrotrack assess …` and `fibrotrack instruments`: questionnaires, scored exactly and kept over time."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from ..catalog import WPI_AREAS
from ..errors import ValidationError
from ..instruments import Instrument, Item, get_instrument, list_instruments
from ..instruments.forms import assemble_answers
from ..services import assessments as assessment_service
from .context import ctx_of
from .files import load_json_file
from .output import emit_json, fmt_number, say, table


def _ask_item(item: Item, prefill: list[str]) -> Any:
    """Ask one item until the answer has the right shape; the scorer does the full validation."""
    if item.kind == "area_list":
        say(item.text)
        for number, area in enumerate(WPI_AREAS, start=1):
            mark = "x" if area.code in prefill else " "
            say(f"  [{mark}] {number:2d}. {area.label}")
        hint = " (Enter keeps the ticked areas from your pain log)" if prefill else " (Enter for none)"
        while True:
            raw = typer.prompt(f"Painful areas: numbers separated by spaces{hint}", default="", show_default=False)
            if not raw.strip():
                return list(prefill)
            try:
                numbers = [int(part) for part in raw.replace(",", " ").split()]
            except ValueError:
                say("  Please type area numbers, e.g. 2 6 15.")
                continue
            if all(1 <= n <= len(WPI_AREAS) for n in numbers):
                return [WPI_AREAS[n - 1].code for n in numbers]
            say(f"  Numbers go from 1 to {len(WPI_AREAS)}.")
    optional = "" if item.required else " (Enter to skip)"
    if item.help:
        say(f"  {item.help}")
    while True:
        if item.kind == "bool":
            raw = typer.prompt(f"{item.text} [y/n]{optional}", default="", show_default=False).strip().lower()
            if not raw and not item.required:
                return None
            if raw in ("y", "yes", "n", "no"):
                return raw.startswith("y")
            say("  Please answer y or n.")
            continue
        raw = typer.prompt(f"{item.text} ({item.min}-{item.max}){optional}", default="", show_default=False).strip()
        if not raw and not item.required:
            return None
        if raw.isdigit() and item.min is not None and item.max is not None and item.min <= int(raw) <= item.max:
            return int(raw)
        say(f"  Please type a whole number from {item.min} to {item.max}.")


def _interactive(spec: Instrument, prefill: list[str]) -> dict[str, Any]:
    if spec.code == "mrc":
        raise ValidationError("--answers", "MRC grades are entered by a clinician from an examination: "
                                           "give them in a file with --answers")
    say(f"{spec.title} — about the {spec.recall}.")
    values = {item.id: _ask_item(item, prefill) for item in spec.items}
    return assemble_answers(spec, values)


def _print_result(result: dict[str, Any]) -> None:
    say(result.get("summary", ""))
    for reason in result.get("reasons", []):
        say(f"  • {reason}")
    if result.get("caveat"):
        say(f"Note: {result['caveat']}")


def assess(
    ctx: typer.Context,
    target: str = typer.Argument(..., help="An instrument code (see `fibrotrack instruments`), or list, or history."),
    instrument: Optional[str] = typer.Argument(None, help="With `history`: only this instrument."),
    answers_file: Optional[Path] = typer.Option(None, "--answers", help="Read the answers from a JSON file."),
    no_save: bool = typer.Option(False, "--no-save", help="Score without storing the assessment."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Take a questionnaire (asked interactively, or --answers FILE.json), see the result and its reasons.

    `fibrotrack assess list` shows what is due; `fibrotrack assess history [INSTRUMENT]` the course over time.
    """
    app = ctx_of(ctx)
    if target == "list":
        _due(app, as_json)
        return
    if target == "history":
        _history(app, instrument, as_json)
        return
    if instrument is not None:
        raise ValidationError("instrument", "a second argument is only used with `history`")
    spec = get_instrument(target)
    if answers_file is not None:
        answers = load_json_file(answers_file, field="--answers")
    else:
        answers = _interactive(spec, assessment_service.wpi_prefill(app.db(), person=app.person))
    outcome = assessment_service.assess(app.db(), person=app.person, instrument=spec.code, answers=answers,
                                        save=not no_save)
    if as_json:
        emit_json(outcome.result)
        return
    _print_result(dict(outcome.result))
    if outcome.id is not None:
        say(f"Saved as assessment {outcome.id}.")


def _due(app: Any, as_json: bool) -> None:
    due = assessment_service.schedule(app.db(), person=app.person)
    if as_json:
        emit_json([d.to_dict() for d in due])
        return
    table("Scheduled questionnaires", ["instrument", "last", "next due", "status"],
          [[d.instrument, d.last_on, d.due_on or ("done" if d.cadence == "once" else ""),
            "due now" if d.is_due else ""] for d in due])


def _history(app: Any, instrument: str | None, as_json: bool) -> None:
    histories = assessment_service.history(app.db(), person=app.person, instrument=instrument)
    if as_json:
        emit_json([h.to_dict() for h in histories])
        return
    if not histories:
        say("No assessments yet. Try `fibrotrack assess acr2016`.")
        return
    for item in histories:
        headline = item.trend.to_dict()
        rows = [[a.id, a.answered_at.date(), a.result.get("summary", "")] for a in item.assessments]
        table(f"{item.instrument}: {headline.get('direction', '')}", ["id", "date", "result"], rows)


def instruments(as_json: bool = typer.Option(False, "--json", help="Print instruments with their items as JSON.")) -> None:
    """List the questionnaires and clinical scales, who fills them in, and their sources."""
    items = list_instruments()
    if as_json:
        emit_json([i.to_dict() for i in items])
        return
    table("Instruments (details: --json)", ["code", "title", "who", "items"],
          [[i.code, i.title, i.audience.replace("_", "-"), fmt_number(len(i.items))] for i in items])
