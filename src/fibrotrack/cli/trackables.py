"""`fibrotrack trackables [add]`: what can be logged, and people's own trackables."""

from __future__ import annotations

import typer

from ..catalog import BODY_SITES, SERVINGS
from ..services import trackables as trackable_service
from .context import ctx_of
from .output import emit_json, fmt_number, say, table

app = typer.Typer(help="What you can log (built-in and your own).", invoke_without_command=True)


@app.callback()
def show(
    ctx: typer.Context,
    sites: bool = typer.Option(False, "--sites", help="List body sites instead."),
    servings: bool = typer.Option(False, "--servings", help="List caffeine servings and their sources instead."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """List the trackables (or body sites, or caffeine servings)."""
    if ctx.invoked_subcommand is not None:
        return
    if sites:
        if as_json:
            emit_json([s.to_dict() for s in BODY_SITES])
        else:
            table("Body sites", ["code", "label", "kind", "WPI area"],
                  [[s.code, s.label, s.kind, s.wpi_area] for s in BODY_SITES])
        return
    if servings:
        if as_json:
            emit_json([s.to_dict() for s in SERVINGS])
        else:
            table("Caffeine servings", ["code", "serving", "mg", "source"],
                  [[s.code, s.label, fmt_number(s.mg), s.source] for s in SERVINGS])
        return
    app_ctx = ctx_of(ctx)
    items = trackable_service.list_trackables(app_ctx.db(), person=app_ctx.person)
    if as_json:
        emit_json([t.to_dict() for t in items])
        return
    table("Trackables (medicines: med:<name>)", ["code", "label", "unit", "range", "kind"],
          [[t.code, t.label, t.unit, f"{fmt_number(t.low)}–{fmt_number(t.high)}", t.kind] for t in items])


@app.command("add")
def add(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Code, lower case with underscores, e.g. brain_fog."),
    label: str = typer.Option(..., "--label", help="A label shown to you."),
    unit: str = typer.Option("0-10", "--unit", help="Unit, e.g. 0-10, min, mg."),
    low: float = typer.Option(0.0, "--low", help="Lowest valid value."),
    high: float = typer.Option(10.0, "--high", help="Highest valid value."),
    as_json: bool = typer.Option(False, "--json", help="Print the new trackable as JSON."),
) -> None:
    """Add your own trackable."""
    app_ctx = ctx_of(ctx)
    spec = trackable_service.add_trackable(app_ctx.db(), person=app_ctx.person, code=code, label=label, unit=unit,
                                           low=low, high=high)
    if as_json:
        emit_json(spec.to_dict())
    else:
        say(f"Added trackable {spec.code} ({spec.label}, {fmt_number(spec.low)}–{fmt_number(spec.high)} {spec.unit}).")
