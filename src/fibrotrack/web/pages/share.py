"""Share and switch: download the clinician report, export the diary, import a file from fibrotrack or
another app.

Thin adapter over :func:`fibrotrack.services.report.report_pdf`, the ``/api/export`` route (links) and
:func:`fibrotrack.services.imports.import_file` — the same calls as ``fibrotrack report``,
``fibrotrack export`` and ``fibrotrack import``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from ...errors import RowsInvalidError, ValidationError
from ...services import people
from ...services import report as report_service
from ...services.imports import FORMATS
from ..deps import DbDep, PersonDep
from ..uploads import import_uploaded_file
from .rendering import render

router = APIRouter(include_in_schema=False)

FORMAT_LABELS = {"": "Work it out from the file", "csv": "fibrotrack CSV", "json": "fibrotrack JSON",
                 "fhir": "FHIR R4 Bundle (JSON)", "flaredown": "Flaredown CSV",
                 "apple-health": "Apple Health export (.zip or export.xml)"}
#: Rejected rows listed on the page (all of them are in the JSON answer).
ROWS_SHOWN = 20


def _page(request: Request, person: str, *, values: dict[str, str] | None = None,
          errors: dict[str, str] | None = None, imported: list[dict[str, Any]] | None = None,
          rows: list[dict[str, Any]] | None = None, status_code: int = 200) -> Response:
    today = people.utc_now().date()
    values = {"from": (today - timedelta(days=89)).isoformat(), "to": today.isoformat(), **(values or {})}
    data = {"person": person, "errors": errors or {}, "imported": imported, "rejected_rows": rows or [],
            "formats": list(FORMATS)}
    return render(request, "share/page.html", data, person=person, title="Share and switch", api="/api/export",
                  status_code=status_code, values=values, format_labels=FORMAT_LABELS, rows_shown=ROWS_SHOWN)


@router.get("/share")
def share_page(request: Request, person: PersonDep) -> Response:
    """The report, export and import forms."""
    return _page(request, person)


@router.get("/share/report.pdf")
def share_report(request: Request, db: DbDep, person: PersonDep) -> Response:
    """The clinician report PDF for the chosen period; a bad date re-shows the page with the problem."""
    values = {k: request.query_params.get(k, "").strip()[:10] for k in ("from", "to")}
    try:
        pdf = report_service.report_pdf(db, person=person, period_from=values["from"] or None,
                                        period_to=values["to"] or None)
    except ValidationError as exc:
        field = "to" if exc.field in ("to", "--to", "period_to") else "from"
        problem = exc.problem.replace("--to ", "the end date ")  # the service speaks in the CLI's option names
        return _page(request, person, values=values, errors={field: problem}, status_code=422)
    name = f"fibrotrack-report-{values['from'] or 'start'}-{values['to'] or 'today'}.pdf"
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/share/import")
async def share_import(request: Request, db: DbDep, person: PersonDep) -> Response:
    """Import an uploaded file (streamed to a temporary file) and show what was added or every problem."""
    form = await request.form()
    values = {"format": str(form.get("format", "") or ""), "skip_invalid": "on" if form.get("skip_invalid") else ""}
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _page(request, person, values=values, errors={"file": "choose a file to import"}, status_code=422)
    fmt = values["format"] or None
    if fmt is not None and fmt not in FORMATS:
        return _page(request, person, values=values, errors={"format": f"{fmt!r} is not a format fibrotrack reads"},
                     status_code=422)
    try:
        summaries = await import_uploaded_file(db, person=person, upload=upload, fmt=fmt,
                                               skip_invalid=bool(values["skip_invalid"]), all_users=False)
    except RowsInvalidError as exc:
        rows = [e.to_dict() for e in exc.errors]
        return _page(request, person, values=values, errors={"file": f"nothing was imported: {len(rows)} "
                     "row(s) have a problem (listed below). Fix them, or tick “Skip rows with problems”."},
                     rows=rows, status_code=422)
    except ValidationError as exc:
        field = "format" if exc.field == "format" else "file"
        return _page(request, person, values=values, errors={field: exc.problem}, status_code=422)
    return _page(request, person, values=values, imported=[s.to_dict() for s in summaries])
