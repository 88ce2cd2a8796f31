"""`fibrotrack export` and `fibrotrack import`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.progress import Progress

from ..errors import RowsInvalidError, ValidationError
from .context import ctx_of
from .lazy import lazy_module
from .output import emit_json, err_console, say, table


imports_service = lazy_module("fibrotrack.services.imports")
report_service = lazy_module("fibrotrack.services.report")
transfer_service = lazy_module("fibrotrack.services.transfer")


def export(
    ctx: typer.Context,
    fmt: str = typer.Option("csv", "--format", help="csv, json or fhir (a FHIR R4 Bundle)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write to this file (default: standard output)."),
    with_report: bool = typer.Option(False, "--with-report", help="FHIR: attach the clinician report PDF."),
) -> None:
    """Export your diary: CSV or JSON (observations; JSON also treatments and your own trackables), or
    a FHIR R4 Bundle for an electronic health record (observations, assessments, treatments)."""
    app = ctx_of(ctx)
    if with_report and fmt != "fhir":
        raise ValidationError("--with-report", "applies to --format fhir only")
    pdf = report_service.report_pdf(app.db(), person=app.person) if with_report else None
    text = transfer_service.export_diary(app.db(), person=app.person, fmt=fmt, report_pdf=pdf)
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
    path: Path = typer.Argument(..., help="The file to import."),
    fmt: Optional[str] = typer.Option(None, "--format",
                                      help="csv, json, fhir, flaredown or apple-health (default: detected)."),
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help="Import the valid rows and report the rest."),
    user: Optional[str] = typer.Option(None, "--user", help="Flaredown research file: import this user id."),
    all_users: bool = typer.Option(False, "--all-users", help="Flaredown research file: import every user as their own person."),
    as_json: bool = typer.Option(False, "--json", help="Print the import summary as JSON."),
) -> None:
    """Import a diary: fibrotrack CSV/JSON, a FHIR R4 Bundle, a Flaredown export (either format) or an
    Apple Health export (export.xml or the zip). Re-importing adds nothing twice; by default a file with
    any invalid row imports nothing."""
    app = ctx_of(ctx)
    try:
        if as_json:
            summaries = imports_service.import_file(app.db(), person=app.person, path=path, fmt=fmt,
                                                    skip_invalid=skip_invalid, user=user, all_users=all_users)
        else:
            with Progress(transient=True, console=err_console, disable=not err_console.is_terminal) as bar:
                task = bar.add_task("Reading", total=None)
                summaries = imports_service.import_file(
                    app.db(), person=app.person, path=path, fmt=fmt, skip_invalid=skip_invalid, user=user,
                    all_users=all_users,
                    progress=lambda done, total: bar.update(task, completed=done, total=total or None))
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
        emit_json(summaries[0].to_dict() if len(summaries) == 1 else [s.to_dict() for s in summaries])
        return
    for summary in summaries:
        say(f"{summary.person}: read {summary.rows_read} rows ({summary.format}): added {summary.added}, "
            f"{summary.duplicates} already present, {len(summary.rejected)} rejected, "
            f"{summary.trackables_created} trackables created.")
        for name, reason in list(summary.skipped)[:10]:
            say(f"  skipped {name}: {reason}")
        if summary.rejected:
            table("Rejected rows", ["line", "field", "problem"],
                  [[e.line, e.field, e.problem] for e in summary.rejected[:50]])
