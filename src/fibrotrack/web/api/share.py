"""`/api/report.pdf`, `/api/export` and `/api/import`: share with a clinician, switch apps."""

from __future__ import annotations

from typing import Any, Literal, Optional

from fastapi import APIRouter, Query, UploadFile
from fastapi.responses import Response

from ...services import report as report_service
from ...services import transfer as transfer_service
from ..deps import DbDep, PersonDep
from ..uploads import import_uploaded_file
from .schemas import ErrorBody

router = APIRouter(tags=["share"], responses={400: {"model": ErrorBody}, 422: {"model": ErrorBody}})

_MEDIA = {"csv": "text/csv", "json": "application/json", "fhir": "application/fhir+json"}
MAX_UPLOAD_BYTES = 2 * 1024**3  # Apple Health exports are often over 1 GB; they are streamed to disk


@router.get("/report.pdf", response_class=Response, responses={200: {"content": {"application/pdf": {}}}})
def report_pdf(db: DbDep, person: PersonDep, period_from: Optional[str] = Query(None, alias="from", max_length=10),
               period_to: Optional[str] = Query(None, alias="to", max_length=10)) -> Response:
    """The clinician report (PDF/A, one or two pages) for a period (default: the last 90 days)."""
    pdf = report_service.report_pdf(db, person=person, period_from=period_from, period_to=period_to)
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": 'attachment; filename="fibrotrack-report.pdf"'})


@router.get("/export", response_class=Response,
            responses={200: {"content": {m: {} for m in _MEDIA.values()}}})
def export(db: DbDep, person: PersonDep, format: Literal["csv", "json", "fhir"] = Query("csv"),
           with_report: bool = Query(False)) -> Response:
    """The diary as CSV, fibrotrack JSON or a FHIR R4 Bundle (optionally with the report attached)."""
    pdf = report_service.report_pdf(db, person=person) if with_report and format == "fhir" else None
    text = transfer_service.export_diary(db, person=person, fmt=format, report_pdf=pdf)
    suffix = "json" if format == "fhir" else format
    return Response(text, media_type=_MEDIA[format],
                    headers={"Content-Disposition": f'attachment; filename="fibrotrack-{format}.{suffix}"'})


@router.post("/import", responses={403: {"model": ErrorBody, "description": "No X-CSRF-Token header matching "
                                                                          "the session cookie, or a cross-site request"},
                                   413: {"model": ErrorBody, "description": "Larger than 2 GiB"}})
async def import_upload(file: UploadFile, db: DbDep, person: PersonDep,
                        format: Optional[Literal["csv", "json", "fhir", "flaredown", "apple-health"]] = Query(None),
                        skip_invalid: bool = Query(False), user: Optional[str] = Query(None, max_length=200),
                        all_users: bool = Query(False)) -> list[dict[str, Any]]:
    """Import an uploaded file (any format `fibrotrack import` reads); one summary per person imported."""
    summaries = await import_uploaded_file(db, person=person, upload=file, fmt=format, skip_invalid=skip_invalid,
                                           user=user, all_users=all_users)
    return [s.to_dict() for s in summaries]
