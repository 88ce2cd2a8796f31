"""`fibrotrack backup` and `fibrotrack restore`."""

from __future__ import annotations

from pathlib import Path

import typer

from ..services import backup as backup_service
from .context import ctx_of
from .output import emit_json, say


def backup(
    ctx: typer.Context,
    out: Path = typer.Option(..., "--out", help="The backup file to write (gzip'd JSON)."),
    as_json: bool = typer.Option(False, "--json", help="Print rows per table as JSON."),
) -> None:
    """Back up the whole database (every person): a consistent snapshot, even while the app is writing."""
    counts = backup_service.backup(ctx_of(ctx).db(), out=out)
    if as_json:
        emit_json({"file": str(out), "rows": counts})
    else:
        say(f"Wrote {out}: {sum(counts.values())} rows in {len(counts)} tables.")


def restore(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="A file written by `fibrotrack backup`."),
    as_json: bool = typer.Option(False, "--json", help="Print rows per table as JSON."),
) -> None:
    """Restore a backup into an empty database (SQLite or PostgreSQL, whichever --db names)."""
    counts = backup_service.restore_backup(ctx_of(ctx).db(), path=path)
    if as_json:
        emit_json({"rows": counts})
    else:
        say(f"Restored {sum(counts.values())} rows in {len(counts)} tables.")
