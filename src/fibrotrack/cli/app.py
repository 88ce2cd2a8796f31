"""The root `fibrotrack` command: global options and the command tree."""

from __future__ import annotations

from typing import Optional

import typer

from .. import __version__
from ..config import load_settings
from . import assess as assess_cmds
from . import backup as backup_cmds
from . import checkin as checkin_cmds
from . import experiments as experiment_cmds
from . import insights as insights_cmds
from . import report as report_cmds
from . import diary as diary_cmds
from . import safety, system, trackables, transfer, treatments
from .context import CliContext

app = typer.Typer(
    name="fibrotrack",
    help="Track muscle twitching, weakness and fibromyalgia symptoms; see red flags; find what drives them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        print(f"fibrotrack {__version__}")
        raise typer.Exit(0)


@app.callback()
def root(
    ctx: typer.Context,
    db: Optional[str] = typer.Option(
        None, "--db", envvar="FIBROTRACK_DB",
        help="Database: an SQLite file path or a postgresql+psycopg:// URL (default: your data folder)."),
    person: Optional[str] = typer.Option(
        None, "--person", envvar="FIBROTRACK_PERSON", help="Whose diary (default: me; created on first use)."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """fibrotrack informs; it does not diagnose. In an emergency call your local emergency number."""
    ctx.obj = CliContext(load_settings(db=db, person=person))


app.command("log")(diary_cmds.log)
app.command("checkin")(checkin_cmds.checkin)
app.command("list")(diary_cmds.list_cmd)
app.command("edit")(diary_cmds.edit)
app.command("delete")(diary_cmds.delete)
app.command("assess")(assess_cmds.assess)
app.command("instruments")(assess_cmds.instruments)
app.command("insights")(insights_cmds.insights)
app.command("triage")(safety.triage)
app.command("learn")(safety.learn)
app.command("report")(report_cmds.report)
app.command("export")(transfer.export)
app.command("import")(transfer.import_cmd)
app.command("backup")(backup_cmds.backup)
app.command("restore")(backup_cmds.restore)
app.command("demo")(system.demo)
app.command("serve")(system.serve)
app.add_typer(treatments.app, name="treatment")
app.add_typer(trackables.app, name="trackables")
app.add_typer(system.db_app, name="db")
app.add_typer(safety.meds_app, name="meds")
app.add_typer(experiment_cmds.app, name="experiment")
