"""Rendering pages: one Jinja2 environment, content negotiation and the links every page shares.

Every page handler builds ``data`` (JSON-ready: what the page shows) and calls :func:`render`. A
request whose ``Accept`` header asks for ``application/json`` (and not HTML) gets ``data`` as JSON;
everyone else gets the HTML page, which also links its ``/api`` twin.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from ...catalog import body_site, is_body_site, resolve_trackable
from ...diary import zone
from ...errors import ValidationError

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
templates = Jinja2Templates(directory=TEMPLATES)

# Content Security Policy for pages: everything from this server. Vega compiles chart expressions with
# `new Function`, hence 'unsafe-eval'; vega-embed and htmx add small <style> elements.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")

NAV: tuple[tuple[str, str], ...] = (
    ("/", "Today"),
    ("/history", "History"),
    ("/insights", "Insights"),
    ("/experiments", "Experiments"),
    ("/assessments", "Assessments"),
    ("/treatments", "Medicines"),
    ("/learn", "Learn"),
    ("/share", "Share"),
)


def wants_json(request: Request) -> bool:
    """True when the client prefers JSON: ``Accept`` names application/json and not text/html."""
    accept = request.headers.get("accept", "").lower()
    return "application/json" in accept and "text/html" not in accept


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "to_dict"):
        return _jsonable(value.to_dict())
    return value


def person_params(request: Request, person: str) -> dict[str, str]:
    """Query parameters that keep the person across links (empty for the default person)."""
    return {} if person == request.app.state.settings.person else {"person": person}


def href_for(request: Request, person: str):  # type: ignore[no-untyped-def]
    """Return ``href(path, **params)`` that adds ``?person=`` when needed (for templates)."""
    base = person_params(request, person)

    def href(path: str, **params: Any) -> str:
        query = {**base, **{k: v for k, v in params.items() if v is not None and v != ""}}
        return f"{path}?{urlencode(query)}" if query else path

    return href


def render(request: Request, template: str, data: Mapping[str, Any], *, person: str, status_code: int = 200,
           title: str, api: str | None = None, **extra: Any) -> Response:
    """Return ``data`` as JSON when asked for, else the HTML page ``template``.

    ``title`` is the page's ``<title>`` and ``h1``; ``api`` the path of the page's JSON API twin;
    ``extra`` is passed to the template only (forms, chart specs, helpers).
    """
    if wants_json(request):
        return JSONResponse(_jsonable(dict(data)), status_code=status_code)
    href = href_for(request, person)
    context = {**data, **extra, "title": title, "person": person, "href": href,
               "api_href": href(api) if api else None, "nav": NAV, "current": request.url.path,
               "csrf_token": request.state.csrf_token, "is_default_person": not person_params(request, person)}
    response = templates.TemplateResponse(request, template, context, status_code=status_code)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def render_partial(request: Request, template: str, context: Mapping[str, Any], *, person: str,
                   status_code: int = 200) -> HTMLResponse:
    """Render an HTMX fragment (no page chrome)."""
    full = {**context, "person": person, "href": href_for(request, person), "csrf_token": request.state.csrf_token}
    return templates.TemplateResponse(request, template, full, status_code=status_code)


def error_page(request: Request, *, person: str, status_code: int, title: str, message: str) -> Response:
    """A page (or JSON ``{"detail"}``) for a request that cannot be answered."""
    if wants_json(request):
        return JSONResponse({"detail": message}, status_code=status_code)
    return render(request, "error.html", {"message": message}, person=person, status_code=status_code, title=title)


# --- template helpers -----------------------------------------------------------------------------

def site_label(code: str | None) -> str:
    """The catalog label of a body site (the code itself when unknown)."""
    if not code:
        return ""
    return body_site(code).label if is_body_site(code) else code


def trackable_label(code: str) -> str:
    """The label of a trackable code (``med:x`` → ``Medication: x``)."""
    try:
        return resolve_trackable(code).label
    except ValidationError:
        return code


def number(value: float | None, digits: int = 1) -> str:
    """A number for people: ``3``, ``2.5``, ``96`` (at most ``digits`` decimals, no trailing zeros)."""
    if value is None:
        return ""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def unit_text(unit: str) -> str:
    """A unit for display after a number ("/10" for 0–10 scales)."""
    return "/10" if unit == "0-10" else f" {unit}"


def tojson_script(value: Any) -> Markup:
    """JSON safe to embed inside ``<script type="application/json">``."""
    text = json.dumps(_jsonable(value), separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def nice_date(value: date | str | None) -> str:
    """``Mon 3 Jun 2024``."""
    if value is None:
        return ""
    day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    if isinstance(day, datetime):
        day = day.date()
    return f"{day:%a} {day.day} {day:%b %Y}"


def clock(value: datetime, tz: str) -> str:
    """``14:05`` in the person's time zone."""
    return value.astimezone(zone(tz)).strftime("%H:%M")


_REF_GROUP = re.compile(r"\s*\((?:clinical )?REFERENCE\.md[^)]*\)")
_REF_PART = re.compile(r";\s*(?:clinical )?REFERENCE\.md[^);]*")


def plain(text: str | None) -> str:
    """Text for people: drops pointers into the project's clinical reference ("(REFERENCE.md §1.2)")."""
    if not text:
        return ""
    return _REF_PART.sub("", _REF_GROUP.sub("", text)).strip()


def dict_without(value: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    """A copy of ``value`` without ``keys``."""
    return {k: v for k, v in value.items() if k not in keys}


templates.env.globals.update(site_label=site_label, trackable_label=trackable_label)
templates.env.filters.update(number=number, unit_text=unit_text, tojson_script=tojson_script, nice_date=nice_date, clock=clock, plain=plain, dict_without=dict_without)
