"""Diary commands: log, checkin, list, edit, delete."""

from __future__ import annotations

import json
from typing import Any, Optional

import typer

from ..diary import Observation, parse_date, parse_detail_pairs
from ..services import diary as diary_service
from .context import ctx_of
from .output import emit_json, fmt_number, say, table
from .safety import print_triage


def _observation_rows(observations: list[Observation]) -> list[list[Any]]:
    return [[o.id, o.at.astimezone().strftime("%Y-%m-%d %H:%M"), o.trackable, fmt_number(o.value), o.unit,
             o.body_site, json.dumps(dict(o.detail)) if o.detail else None, o.note] for o in observations]


def log(
    ctx: typer.Context,
    trackable: str = typer.Argument(..., help="What you are logging, e.g. twitching, weakness, caffeine."),
    value: str = typer.Argument(..., help="The value: 0-10 for symptoms, mg for caffeine (or servings with --serving)."),
    at: Optional[str] = typer.Option(None, "--at", help="When: now (default), HH:MM, yesterday, YYYY-MM-DD or ISO 8601."),
    site: Optional[str] = typer.Option(None, "--site", help="Body site code, e.g. calf_left, eyelid_right."),
    detail: Optional[list[str]] = typer.Option(None, "--detail", help="Extra detail KEY=VALUE (repeatable), e.g. count=12."),
    note: Optional[str] = typer.Option(None, "--note", help="A free-text note."),
    serving: Optional[str] = typer.Option(None, "--serving", help="Caffeine servings: coffee, espresso, tea, cola, energy_drink."),
    as_json: bool = typer.Option(False, "--json", help="Print the stored observation as JSON."),
) -> None:
    """Log one observation, e.g. `fibrotrack log twitching 6 --site calf_left --detail count=12`."""
    app = ctx_of(ctx)
    entry = {"trackable": trackable, "value": value, "site": site, "detail": parse_detail_pairs(detail),
             "note": note, "serving": serving}
    result = diary_service.checkin(app.db(), person=app.person, entries=[entry], at=at, entry_field=None)
    obs = result.observations[0]
    if as_json:
        emit_json({**obs.to_dict(), "triage": result.triage.to_dict()})
        return
    triage = result.triage.to_dict()
    print_triage(triage, quiet_below="urgent")  # emergencies and urgent advice come before anything else
    where = f" at {obs.body_site}" if obs.body_site else ""
    say(f"Logged {obs.trackable} {fmt_number(obs.value)} {obs.unit}{where} (id {obs.id}).")
    if triage["urgency"] in ("routine", "self_care"):
        print_triage(triage)


def list_cmd(
    ctx: typer.Context,
    since: Optional[str] = typer.Option(None, "--since", help="First local date (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--until", help="Last local date (YYYY-MM-DD)."),
    trackable: Optional[str] = typer.Option(None, "--trackable", help="Only this trackable."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="At most this many (oldest first)."),
    as_json: bool = typer.Option(False, "--json", help="Print the observations as a JSON list."),
) -> None:
    """List observations, oldest first."""
    app = ctx_of(ctx)
    observations = diary_service.list_observations(
        app.db(), person=app.person, since=parse_date(since, field="since") if since else None,
        until=parse_date(until, field="until") if until else None, trackable=trackable, limit=limit)
    if as_json:
        emit_json([o.to_dict() for o in observations])
        return
    if not observations:
        say("No observations yet. Try `fibrotrack log twitching 4 --site eyelid_left`.")
        return
    table(None, ["id", "when", "trackable", "value", "unit", "site", "detail", "note"], _observation_rows(observations))


def edit(
    ctx: typer.Context,
    observation_id: int = typer.Argument(..., help="The observation's id (see `fibrotrack list`)."),
    value: Optional[str] = typer.Option(None, "--value", help="New value."),
    at: Optional[str] = typer.Option(None, "--at", help="New time."),
    site: Optional[str] = typer.Option(None, "--site", help="New body site ('' to clear)."),
    detail: Optional[list[str]] = typer.Option(None, "--detail", help="Detail KEY=VALUE to set (repeatable)."),
    note: Optional[str] = typer.Option(None, "--note", help="New note ('' to clear)."),
    as_json: bool = typer.Option(False, "--json", help="Print the changed observation as JSON."),
) -> None:
    """Change an observation."""
    app = ctx_of(ctx)
    kwargs: dict[str, Any] = {}
    if value is not None:
        kwargs["value"] = value
    if site is not None:
        kwargs["site"] = site or None
    if note is not None:
        kwargs["note"] = note
    obs = diary_service.edit(app.db(), person=app.person, observation_id=observation_id, at=at,
                             detail=parse_detail_pairs(detail), **kwargs)
    if as_json:
        emit_json(obs.to_dict())
    else:
        say(f"Updated observation {obs.id}: {obs.trackable} {fmt_number(obs.value)} {obs.unit}.")


def delete(
    ctx: typer.Context,
    observation_id: int = typer.Argument(..., help="The observation's id."),
    as_json: bool = typer.Option(False, "--json", help="Print the deleted observation as JSON."),
) -> None:
    """Delete an observation (it is hidden everywhere but kept for the audit trail)."""
    app = ctx_of(ctx)
    obs = diary_service.delete(app.db(), person=app.person, observation_id=observation_id)
    if as_json:
        emit_json({"deleted": obs.to_dict()})
    else:
        say(f"Deleted observation {obs.id} ({obs.trackable} {fmt_number(obs.value)}).")
