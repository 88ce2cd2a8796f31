"""`fibrotrack treatment add|stop|list`."""

from __future__ import annotations

from typing import Optional

import typer

from ..knowledge import eular_recommendation
from ..services import treatments as treatment_service
from .context import ctx_of
from .insights import treatment_effect
from .output import emit_json, say, table

app = typer.Typer(help="Medications, therapies, exercise and lifestyle changes.", no_args_is_help=True)


@app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Name, e.g. magnesium, duloxetine, walking."),
    kind: str = typer.Option("medication", "--kind", help="medication, supplement, therapy, exercise or lifestyle."),
    dose: Optional[str] = typer.Option(None, "--dose", help="Dose as text, e.g. '400 mg at night'."),
    started: Optional[str] = typer.Option(None, "--started", help="Start date YYYY-MM-DD (default today)."),
    reason: Optional[str] = typer.Option(None, "--reason", help="Why you started it."),
    as_json: bool = typer.Option(False, "--json", help="Print the treatment as JSON."),
) -> None:
    """Start tracking a treatment."""
    app_ctx = ctx_of(ctx)
    treatment = treatment_service.add_treatment(app_ctx.db(), person=app_ctx.person, name=name, kind=kind, dose=dose,
                                                started_on=started, reason=reason)
    eular = eular_recommendation(treatment.name)
    if as_json:
        emit_json({**treatment.to_dict(), "eular": eular.to_dict() if eular else None})
        return
    say(f"Added {treatment.kind} {treatment.name} from {treatment.started_on} (id {treatment.id}).")
    if eular is not None:
        verified = "" if eular.verified else " (UNVERIFIED grading)"
        say(f"EULAR 2016 fibromyalgia recommendations: {eular.therapy}: {eular.strength}{verified}. "
            f"Source: {eular.sources[0].url if eular.sources else eular.version}")


@app.command("stop")
def stop(
    ctx: typer.Context,
    key: str = typer.Argument(..., help="The treatment's id or name."),
    on: Optional[str] = typer.Option(None, "--on", help="Stop date YYYY-MM-DD (default today)."),
    as_json: bool = typer.Option(False, "--json", help="Print the treatment as JSON."),
) -> None:
    """Record that a treatment stopped."""
    app_ctx = ctx_of(ctx)
    treatment = treatment_service.stop_treatment(app_ctx.db(), person=app_ctx.person, key=key, stopped_on=on)
    if as_json:
        emit_json(treatment.to_dict())
    else:
        say(f"Stopped {treatment.name} on {treatment.stopped_on}.")


app.command("effect")(treatment_effect)


@app.command("list")
def list_cmd(
    ctx: typer.Context,
    active: bool = typer.Option(False, "--active", help="Only treatments not stopped."),
    as_json: bool = typer.Option(False, "--json", help="Print the treatments as a JSON list."),
) -> None:
    """List treatments."""
    app_ctx = ctx_of(ctx)
    treatments = treatment_service.list_treatments(app_ctx.db(), person=app_ctx.person, active_only=active)
    if as_json:
        emit_json([t.to_dict() for t in treatments])
        return
    if not treatments:
        say("No treatments yet. Try `fibrotrack treatment add magnesium --kind supplement`.")
        return
    table(None, ["id", "name", "kind", "dose", "started", "stopped"],
          [[t.id, t.name, t.kind, t.dose, t.started_on, t.stopped_on] for t in treatments])
