"""`fibrotrack export` and `fibrotrack import`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..errors import RowsInvalidError, ValidationError
from ..services import transfer as transfer_service
from .context import ctx_of
from .files import read_text_file
from .output import emit_json, say, table


def export(
    ctx: typer.Context,
    fmt: str = typer.Option("csv", "--format", help="csv or json."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write to this file (default: standard output)."),
) -> None:
    """Export your diary (all observations; JSON also holds treatments and your own trackables)."""
    app = ctx_of(ctx)
    text = transfer_service.export_diary(app.db(), person=app.person, fmt=fmt)
    if out is None:
        sys.stdout.write(text)
        return
    try:
        tmp = out.with_name(out.name + ".partial")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)  # never leave a half-written export behind
    except OSError as exc:
        raise ValidationError("--out", f"cannot write {out}: {exc.strerror}") from None
    say(f"Wrote {out}.")


def import_cmd(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="The file to import (- for standard input)."),
    fmt: Optional[str] = typer.Option(None, "--format", help="csv or json (default: detected from the content)."),
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help="Import the valid rows and report the rest."),
    as_json: bool = typer.Option(False, "--json", help="Print the import summary as JSON."),
) -> None:
    """Import observations from a fibrotrack CSV or JSON file (re-importing adds nothing twice)."""
    app = ctx_of(ctx)
    text = read_text_file(path)
    try:
        summary = transfer_service.import_diary(app.db(), person=app.person, text=text, fmt=fmt,
                                                skip_invalid=skip_invalid)
    except RowsInvalidError as exc:
        if as_json:
            emit_json({"imported": False, "rejected": [e.to_dict() for e in exc.errors]})
        else:
            for error in exc.errors[:20]:
                print(f"error: {error}", file=sys.stderr)
            if len(exc.errors) > 20:
                print(f"error: … and {len(exc.errors) - 20} more", file=sys.stderr)
            print("Nothing was imported (use --skip-invalid to import the valid rows).", file=sys.stderr)
        raise typer.Exit(2) from None
    if as_json:
        emit_json(summary.to_dict())
        return
    say(f"Read {summary.rows_read} rows: added {summary.added}, {summary.duplicates} already present, "
        f"{len(summary.rejected)} rejected.")
    if summary.rejected:
        table("Rejected rows", ["line", "field", "problem"],
              [[e.line, e.field, e.problem] for e in summary.rejected])
