"""`fibrotrack experiment …`: randomized self-experiments (N-of-1 trials)."""

from __future__ import annotations

from typing import Optional

import typer

from .context import ctx_of
from .lazy import lazy_module
from .output import emit_json, say, table


experiment_service = lazy_module("fibrotrack.services.experiments")

app = typer.Typer(help="Randomized self-experiments that confirm or clear a suspected trigger or treatment.",
                  no_args_is_help=True)


@app.command("new")
def new(
    ctx: typer.Context,
    exposure: str = typer.Option(..., "--exposure", help="What to test, e.g. caffeine, alcohol, exertion, med:magnesium."),
    outcome: str = typer.Option(..., "--outcome", help="The symptom: twitching, weakness, pain or fatigue."),
    period_days: Optional[int] = typer.Option(None, "--period-days", help="Days per period (default per exposure)."),
    pairs: int = typer.Option(4, "--pairs", help="Number of A/B pairs (at least 2)."),
    washout_days: Optional[int] = typer.Option(None, "--washout-days", help="Settling-in days not analysed."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Random seed (default: drawn at random and stored)."),
    start: Optional[str] = typer.Option(None, "--start", help="First day YYYY-MM-DD (default today; not in the past)."),
    medicine_kind: Optional[str] = typer.Option(None, "--medicine-kind", help="For med:…: prescribed, supplement or otc."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the calendar and power preview without saving."),
    as_json: bool = typer.Option(False, "--json", help="Print the design and power preview as JSON."),
) -> None:
    """Plan a randomized A/B experiment, see its expected power and calendar, and start it."""
    app_ctx = ctx_of(ctx)
    created = experiment_service.new_experiment(
        app_ctx.db(), person=app_ctx.person, exposure=exposure, outcome=outcome, period_days=period_days,
        pairs=pairs, washout_days=washout_days, seed=seed, start_on=start, medicine_kind=medicine_kind,
        dry_run=dry_run)
    if as_json:
        emit_json(created.to_dict())
        return
    design = created.design.to_dict()
    say(f"{design['conditions']['subject']}: {design['pairs']} pairs of {design['period_days']}-day periods "
        f"({design['washout_days']} settling-in days each), {design['start_on']} to {design['end_on']}.")
    say(created.preview.summary)
    table("Calendar", ["date", "day", "pair", "condition", "what to do"],
          [[d["on"], d["day_number"], d["pair"], d["condition"], d["instruction"]] for d in design["schedule"]])
    if created.experiment is None:
        say("Dry run: nothing saved.")
    else:
        say(f"Started experiment {created.experiment.id}. Each day: `fibrotrack experiment today`, then "
            f"`fibrotrack experiment adherence {created.experiment.id} --followed` (or --not-followed).")


@app.command("list")
def list_cmd(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List your experiments."""
    app_ctx = ctx_of(ctx)
    items = experiment_service.list_experiments(app_ctx.db(), person=app_ctx.person)
    if as_json:
        emit_json([e.to_dict() for e in items])
        return
    table(None, ["id", "exposure", "outcome", "status", "from", "to"],
          [[e.id, e.design.exposure, e.design.outcome, e.status, e.design.start_on, e.design.end_on] for e in items])


@app.command("today")
def today(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """What each running experiment asks of you today."""
    app_ctx = ctx_of(ctx)
    items = experiment_service.today_assignments(app_ctx.db(), person=app_ctx.person)
    if as_json:
        emit_json(items)
        return
    if not items:
        say("No running experiments.")
    for item in items:
        day = f"day {item['day_number']} of {item['days_total']}: " if item.get("day_number") else ""
        say(f"Experiment {item['experiment_id']} ({item['exposure']} → {item['outcome']}), {day}{item['instruction']}")


@app.command("adherence")
def adherence(
    ctx: typer.Context,
    experiment_id: int = typer.Argument(..., help="The experiment's id."),
    followed: bool = typer.Option(..., "--followed/--not-followed", help="Did you follow the assignment?"),
    on: Optional[str] = typer.Option(None, "--on", help="The day YYYY-MM-DD (default today)."),
    as_json: bool = typer.Option(False, "--json", help="Print the experiment as JSON."),
) -> None:
    """Record whether you followed a day's assignment (days not followed are reported, never dropped)."""
    app_ctx = ctx_of(ctx)
    experiment = experiment_service.record_adherence(app_ctx.db(), person=app_ctx.person,
                                                     experiment_id=experiment_id, followed=followed, on=on)
    if as_json:
        emit_json(experiment.to_dict())
    else:
        say(f"Recorded: {'followed' if followed else 'not followed'}.")


def _status_command(action: str, help_text: str):  # type: ignore[no-untyped-def]
    def command(ctx: typer.Context, experiment_id: int = typer.Argument(..., help="The experiment's id."),
                as_json: bool = typer.Option(False, "--json", help="Print the experiment as JSON.")) -> None:
        app_ctx = ctx_of(ctx)
        experiment = experiment_service.change_status(app_ctx.db(), person=app_ctx.person,
                                                      experiment_id=experiment_id, action=action)
        if as_json:
            emit_json(experiment.to_dict())
        else:
            say(f"Experiment {experiment.id} is now {experiment.status}.")

    command.__doc__ = help_text
    return command


app.command("pause")(_status_command("pause", "Pause an experiment (paused days count as not followed)."))
app.command("resume")(_status_command("resume", "Resume a paused experiment."))
app.command("stop")(_status_command("stop", "Stop an experiment early (the report says so)."))


@app.command("extend")
def extend_cmd(
    ctx: typer.Context,
    experiment_id: int = typer.Argument(..., help="The experiment's id."),
    pairs: int = typer.Option(1, "--pairs", help="Whole pairs to add."),
    as_json: bool = typer.Option(False, "--json", help="Print the experiment as JSON."),
) -> None:
    """Add whole pairs to a running experiment."""
    app_ctx = ctx_of(ctx)
    experiment = experiment_service.extend_experiment(app_ctx.db(), person=app_ctx.person,
                                                      experiment_id=experiment_id, pairs=pairs)
    if as_json:
        emit_json(experiment.to_dict())
    else:
        say(f"Experiment {experiment.id} now ends on {experiment.design.end_on}.")


@app.command("report")
def report_cmd(
    ctx: typer.Context,
    experiment_id: int = typer.Argument(..., help="The experiment's id."),
    meaningful: float = typer.Option(1.0, "--meaningful", help="The change (points) that matters to you."),
    as_json: bool = typer.Option(False, "--json", help="Print the full report (CENT 2015 items included) as JSON."),
) -> None:
    """The result: the effect with its interval, the verdict in plain words, adherence and design notes."""
    app_ctx = ctx_of(ctx)
    result = experiment_service.report(app_ctx.db(), person=app_ctx.person, experiment_id=experiment_id,
                                       meaningful_change=meaningful).to_dict()
    if as_json:
        emit_json(result)
        return
    say(result["verdict"]["text"])
    if result["verdict"].get("detail"):
        say(result["verdict"]["detail"])
    for note in result.get("notes", []):
        say(f"  • {note}")
