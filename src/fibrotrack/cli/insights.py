"""`fibrotrack insights` and `fibrotrack treatment effect`: honest statistics on your own diary."""

from __future__ import annotations

from typing import Optional

import typer

from .context import ctx_of
from .lazy import lazy_module
from .output import emit_json, say, table


insights_service = lazy_module("fibrotrack.services.insights")


def insights(
    ctx: typer.Context,
    symptom: Optional[str] = typer.Option(None, "--symptom", help="Only this symptom: twitching, weakness, pain, fatigue."),
    show_all: bool = typer.Option(False, "--all", help="With --json: include every pair tested, labelled or not."),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON."),
) -> None:
    """What seems to go with worse symptoms: suspicions with their size and how sure we are.

    Every exposure × symptom × lag tried is counted when controlling false discoveries. A finding is a
    suspicion, not proof: a self-experiment (fibrotrack experiment new) can confirm it.
    """
    app = ctx_of(ctx)
    report = insights_service.insights(app.db(), person=app.person, symptom=symptom)
    if as_json:
        data = report.to_dict()
        if show_all:
            data["tested"] = [t.to_dict() for t in report.result.tested]
        emit_json(data)
        return
    data = report.to_dict()
    say(f"{data['days_logged']} days logged; {data['n_tested']} symptom × exposure × lag pairs tested.")
    if data["triggers"]:
        table("Suspected triggers (likely = passes the false-discovery check; possible = worth testing)",
              ["label", "finding"], [[t["label"], t["sentence"]] for t in data["triggers"]])
    else:
        say("No suspected triggers yet.")
    for item in data["not_enough_data"][:10]:
        say(f"• {item['sentence']}")
    for suggestion in data["suggestions"][:3]:
        say(f"Test it: {suggestion['question']} `fibrotrack experiment new --exposure {suggestion['exposure']} "
            f"--outcome {suggestion['outcome']}`")


def treatment_effect(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The treatment's name or id."),
    symptom: Optional[str] = typer.Option(None, "--symptom", help="Only this symptom (default: every logged one)."),
    onset_lag_days: int = typer.Option(7, "--onset-lag-days", min=0, max=180,
                                       help="Days before the treatment could start to work."),
    as_json: bool = typer.Option(False, "--json", help="Print the effects as JSON."),
) -> None:
    """Did a treatment help? Symptom level before vs after it started, with an interval and warnings."""
    app = ctx_of(ctx)
    effects = insights_service.treatment_effects(app.db(), person=app.person, name=name, symptom=symptom,
                                                 onset_lag_days=onset_lag_days)
    if as_json:
        emit_json([e.to_dict() for e in effects])
        return
    for effect in effects:
        say(effect.sentence)
        for warning in effect.warnings:
            say(f"  ! {warning}")
