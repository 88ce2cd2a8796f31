"""HTML pages (server-rendered with Jinja2, HTMX for partial updates), one module per area.

Each page is a thin adapter over the service functions the CLI and the JSON API use, and answers
``Accept: application/json`` with the data it shows.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response

from . import assessments, experiments, history, insights, learn, share, today, treatments

router = APIRouter(include_in_schema=False)
router.include_router(today.router)
router.include_router(history.router)
router.include_router(insights.router)
router.include_router(experiments.router)
router.include_router(assessments.router)
router.include_router(treatments.router)
router.include_router(learn.router)
router.include_router(share.router)

__all__ = ["install_page_errors", "router"]


def install_page_errors(app: FastAPI) -> None:
    """Answer browsers' 404/405 on page paths with a page; API paths and JSON clients keep JSON."""
    from fastapi.exception_handlers import http_exception_handler
    from starlette.exceptions import HTTPException

    from .rendering import error_page, wants_json

    @app.exception_handler(HTTPException)
    async def page_errors(request: Request, exc: HTTPException) -> Response:
        html = "text/html" in request.headers.get("accept", "") and not wants_json(request)
        if not html or request.url.path.startswith(("/api", "/static", "/docs", "/openapi")) \
                or exc.status_code not in (404, 405):
            return await http_exception_handler(request, exc)
        person = request.app.state.settings.person
        title = "Page not found" if exc.status_code == 404 else "Not allowed here"
        message = ("There is no page at this address." if exc.status_code == 404
                   else "This address does not accept that kind of request.")
        response = error_page(request, person=person, status_code=exc.status_code, title=title, message=message)
        if exc.headers:
            response.headers.update(exc.headers)
        return response
