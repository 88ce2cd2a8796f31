"""`fibrotrack demo`, `fibrotrack serve` and `fibrotrack db …`."""

from __future__ import annotations

import typer

from ..services import demo as demo_service
from ..services.maintenance import database_revision, upgrade_database
from .context import ctx_of
from .output import emit_json, say

db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)


def demo(
    ctx: typer.Context,
    days: int = typer.Option(180, "--days", help="How many days to simulate (ending yesterday)."),
    seed: int = typer.Option(1, "--seed", help="Random seed (the same seed gives the same diary)."),
    scenario: str = typer.Option("demo", "--scenario", help="demo (built-in true triggers) or none (no effects)."),
    as_json: bool = typer.Option(False, "--json", help="Print a summary, with the simulated truth, as JSON."),
) -> None:
    """Fill the diary with realistic simulated data so you can try every feature."""
    app = ctx_of(ctx)
    summary = demo_service.fill_demo(app.db(), person=app.person, days=days, seed=seed, scenario=scenario)
    if as_json:
        emit_json(summary.to_dict())
    else:
        say(f"Added {summary.observations_added} simulated observations over {summary.days} days for "
            f"{summary.person} (seed {summary.seed}). Try `fibrotrack list --since` or `fibrotrack serve`.")


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
) -> None:
    """Start the web app and JSON API (http://127.0.0.1:8000 by default)."""
    import uvicorn

    from ..web.app import create_app

    app = ctx_of(ctx)
    app.db()  # upgrade before the first request, and fail here with a clear message if we cannot
    say(f"fibrotrack is running at http://{host}:{port}/ (Ctrl+C to stop)")
    uvicorn.run(create_app(app.settings), host=host, port=port, log_level="warning")


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print the revision as JSON.")) -> None:
    """Apply database migrations (also done automatically on start)."""
    revision = upgrade_database(ctx_of(ctx).settings.db_url)
    if as_json:
        emit_json(revision.to_dict())
    else:
        changed = f" (was {revision.before})." if revision.before != revision.after else " (already up to date)."
        say(f"Database at revision {revision.after}{changed}")


@db_app.command("current")
def db_current(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Show the database's schema revision without changing anything."""
    revision = database_revision(ctx_of(ctx).settings.db_url)
    if as_json:
        emit_json({"current": revision.after, "head": revision.head})
    else:
        say(f"Revision {revision.after or '(empty)'}; newest is {revision.head}.")
