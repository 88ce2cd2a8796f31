"""HTML pages (server-rendered with Jinja2)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..services import diary as diary_service
from ..services.people import utc_now
from .deps import DbDep, PersonDep

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, db: DbDep, person: PersonDep) -> HTMLResponse:
    """The home page: the last two weeks of entries."""
    since = (utc_now() - timedelta(days=14)).date()
    recent = diary_service.list_observations(db, person=person, since=since)
    return templates.TemplateResponse(request, "home.html", {"person": person, "observations": recent[-50:][::-1]})
