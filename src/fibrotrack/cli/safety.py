"""`fibrotrack triage`, `fibrotrack meds check` and `fibrotrack learn`, plus the triage printout every check-in uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from ..errors import ValidationError
from ..knowledge import eular_recommendations, search, topic, topics
from ..services import triage as triage_service
from ..triage import Question, next_questions, set_answer
from .context import ctx_of
from .files import load_json_file
from .output import console, emit_json, say, table

meds_app = typer.Typer(help="Your medicines and what is known about them and muscles.", no_args_is_help=True)

_STYLE = {"emergency": "bold white on red", "urgent": "bold black on yellow", "routine": "bold", "self_care": ""}


def print_triage(result: dict[str, Any], *, quiet_below: str = "self_care") -> None:
    """Print a triage result for people: the headline first, then each fired rule's advice and source.

    Nothing is printed for ``none``; with ``quiet_below="routine"`` self-care notes are left out too.
    """
    urgency = result["urgency"]
    order = ["none", "self_care", "routine", "urgent", "emergency"]
    if order.index(urgency) < order.index(quiet_below) or urgency == "none":
        return
    style = _STYLE.get(urgency, "")
    console.print(f" {result['headline']} ", style=style, markup=False)
    for flag in result["flags"]:
        say(f"• {flag['advice']}")
        source = flag["source"]
        cite = source.get("citation") or source.get("text") or ""
        links = ", ".join(p["url"] for p in source.get("pages", [])[:2]) if source.get("pages") else source.get("url", "")
        say(f"  Source: {cite} {links}".rstrip())
    say(result.get("notice", ""))



def ask_question(question: Question) -> Any:
    """Ask one red-flag question at the prompt; returns the answer in the case's JSON form (None to skip)."""
    if question.help:
        say(f"  ({question.help})")
    while True:
        if question.kind == "bool":
            raw = typer.prompt(f"{question.text} [y/n]", default="", show_default=False).strip().lower()
            if raw in ("y", "yes", "n", "no"):
                return raw.startswith("y")
            if not raw:
                return None
        elif question.kind == "choice":
            for number, choice in enumerate(question.choices, start=1):
                say(f"  {number}. {choice.label}")
            raw = typer.prompt(question.text, default="", show_default=False).strip()
            if not raw:
                return None
            if raw.isdigit() and 1 <= int(raw) <= len(question.choices):
                return question.choices[int(raw) - 1].value
        elif question.kind == "number":
            raw = typer.prompt(question.text, default="", show_default=False).strip()
            if not raw:
                return None
            try:
                number = float(raw)
            except ValueError:
                number = float("nan")
            low = question.minimum if question.minimum is not None else float("-inf")
            high = question.maximum if question.maximum is not None else float("inf")
            if low <= number <= high:
                return number
        else:
            raw = typer.prompt(f"{question.text} (site codes separated by spaces)", default="",
                               show_default=False).strip()
            if not raw:
                return None
            codes = raw.replace(",", " ").split()
            known = {c.value for c in question.choices}
            if all(code in known for code in codes):
                return codes
        say("  Please answer as shown, or press Enter to skip.")


def ask_red_flags(case: dict[str, Any]) -> dict[str, Any]:
    """Ask the red-flag questions still worth asking for ``case`` and return the completed case."""
    asked: set[str] = set()
    while True:
        pending = [q for q in next_questions(case) if q.id not in asked]
        if not pending:
            return case
        question = pending[0]
        asked.add(question.id)
        answer = ask_question(question)
        if answer is not None:
            set_answer(case, question.id, answer)


def triage(
    ctx: typer.Context,
    case_file: Optional[Path] = typer.Option(None, "--case", help="Read the case from a JSON file (see docs/triage.md)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Check symptoms for red flags and say how urgently to seek care.

    Without --case it starts from your latest check-in and asks only the questions that can matter.
    """
    app = ctx_of(ctx)
    if case_file is not None:
        case = load_json_file(case_file, field="--case")
        if not isinstance(case, dict):
            raise ValidationError("--case", "the file must hold a JSON object")
    else:
        case = ask_red_flags(triage_service.latest_checkin_case(app.db(), person=app.person))
    outcome = triage_service.triage_case(app.db(), person=app.person, case=case)
    if as_json:
        emit_json(outcome.to_dict())
        return
    result = outcome.to_dict()
    if result["urgency"] == "none":
        say("No red flags in what you reported. " + result.get("notice", ""))
    else:
        print_triage(result)


@meds_app.command("check")
def meds_check(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Review your medicines and supplements for known links to twitching or weakness."""
    app = ctx_of(ctx)
    review = triage_service.medication_check(app.db(), person=app.person).to_dict()
    if as_json:
        emit_json(review)
        return
    if not review["medications"]:
        say("No medicines recorded. Add them with `fibrotrack treatment add NAME`.")
        return
    for item in review["medications"]:
        classes = ", ".join(c["label"] for c in item["classes"]) or "not in fibrotrack's list"
        say(f"{item['name']}: {classes}")
        for cls in item["classes"]:
            for assoc in cls["associations"]:
                say(f"  • {assoc['symptom']}: {assoc['text']}")
        say(f"  {item['advice']}")
    say(review["policy"])


def learn(
    topic_id: Optional[str] = typer.Argument(None, help="A topic id (omit to list topics)."),
    find: Optional[str] = typer.Option(None, "--search", help="Find topics mentioning this text."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Plain-language education on twitching, weakness and fibromyalgia treatment, with sources."""
    if topic_id == "eular":
        rows = eular_recommendations()
        if as_json:
            emit_json([r.to_dict() for r in rows])
            return
        table("EULAR 2016 fibromyalgia recommendations", ["therapy", "strength", "level", "grade", "verified"],
              [[r.therapy, r.strength, r.level, r.grade, "yes" if r.verified else "UNVERIFIED"] for r in rows])
        return
    if topic_id:
        item = topic(topic_id).to_dict()
        if as_json:
            emit_json(item)
            return
        say(item["title"])
        say(item["body"])
        for src in item["sources"]:
            say(f"  Source: {src['title']} {src['url']}")
        return
    found = search(find) if find else list(topics())
    if as_json:
        emit_json([t.to_dict() for t in found])
        return
    table("Topics (fibrotrack learn TOPIC; fibrotrack learn eular)", ["topic", "title", "summary"],
          [[t.id, t.title, t.summary] for t in found])
