"""`fibrotrack report`: the clinician report as a PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .context import ctx_of
from .lazy import lazy_module
from .output import emit_json, say


report_service = lazy_module("fibrotrack.services.report")


def report(
    ctx: typer.Context,
    out: Path = typer.Option(..., "--out", help="Where to write the PDF."),
    period_from: Optional[str] = typer.Option(None, "--from", help="First day YYYY-MM-DD (default: 90 days ago)."),
    period_to: Optional[str] = typer.Option(None, "--to", help="Last day YYYY-MM-DD (default: today)."),
    as_json: bool = typer.Option(False, "--json", help="Print a summary of what the report shows as JSON."),
) -> None:
    """Write a one- or two-page clinician report (PDF): criteria over time, symptom course, red flags,
    treatments with measured effects, suspected triggers, experiments and data completeness."""
    app = ctx_of(ctx)
    data = report_service.write_report(app.db(), person=app.person, out=out, period_from=period_from,
                                       period_to=period_to)
    summary = {"file": str(out), "period_from": data.period_from.isoformat(), "period_to": data.period_to.isoformat(),
               "days_logged": data.days_logged, "days_in_period": data.days_in_period,
               "assessments": len(data.assessments), "red_flags": len(data.red_flags),
               "treatments": len(data.treatments), "triggers": len(data.triggers)}
    if as_json:
        emit_json(summary)
    else:
        say(f"Wrote {out}: {data.period_from} to {data.period_to}, {data.days_logged} of {data.days_in_period} "
            "days logged.")
