"""Request guards for every route: a body-size limit and cross-site request forgery (CSRF) protection.

Both live in one ASGI middleware, :class:`RequestGuard`, because both need to see the request body
before the app does.

Size limit
    A request whose ``Content-Length`` exceeds ``max_body_bytes`` (default 1 MB) is answered 413 at
    once; a body sent without a length (chunked) is counted as it arrives and cut off with 413 at the
    same limit. Nothing over the limit is ever buffered.

    Upload paths (``upload_paths``, e.g. ``/api/import`` for Apple Health exports of a gigabyte or more)
    have their own, larger limit and are never buffered here: the body streams through to the route,
    which writes it to disk, and a chunked body is cut off (as a client disconnect) at that limit. Because
    the body is not read here, such a request must carry the CSRF token in the ``X-CSRF-Token`` header
    or as ``csrf_token`` in the query string (the upload form puts it in its action URL).

CSRF
    Unsafe methods (POST, PUT, PATCH, DELETE) must come from this site:

    1. ``Sec-Fetch-Site`` (sent by current browsers), when present, must be ``same-origin`` or ``none``
       (typed by the person); ``cross-site`` and ``same-site`` are refused.
    2. ``Origin``, when present, must be this server's own origin (scheme, host and port).
    3. A body a cross-site HTML form could send (``application/x-www-form-urlencoded``,
       ``multipart/form-data``, ``text/plain``, or any other non-JSON body) must carry the per-session
       token: the ``ft_csrf`` cookie, repeated in the ``csrf_token`` form field or the ``X-CSRF-Token``
       header (double-submit). This covers the pages' forms and any form post to ``/api``.

    A JSON body (``Content-Type: application/json``) needs no token: browsers cannot send one to
    another origin without a CORS preflight, which this app never grants, and rules 1 and 2 still apply.

The token is random (32 bytes), set as an ``HttpOnly``, ``SameSite=Strict`` session cookie on the
first response that lacks it, and exposed to templates as ``request.state.csrf_token``.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import Headers
from starlette.requests import Request

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSRF_COOKIE = "ft_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
MAX_BODY_BYTES = 1_000_000
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_JSON_TYPES = ("application/json",)


class BodyTooLarge(Exception):
    """The request body passed the size limit."""


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _is_json(content_type: str) -> bool:
    main = content_type.split(";", 1)[0].strip().lower()
    return main in _JSON_TYPES or main.endswith("+json")


def _own_origin(scope: Scope, headers: Headers) -> str:
    scheme = scope.get("scheme", "http")
    host = headers.get("host")
    if not host:
        server = scope.get("server") or ("localhost", 80)
        host = f"{server[0]}:{server[1]}"
    default_port = {"http": ":80", "https": ":443"}.get(scheme, "")
    if default_port and host.endswith(default_port):
        host = host[: -len(default_port)]
    return f"{scheme}://{host}".lower()


def cross_site_reason(scope: Scope, headers: Headers) -> str | None:
    """Return why an unsafe request looks cross-site (rules 1 and 2 of the module docstring), or None."""
    site = headers.get("sec-fetch-site")
    if site is not None and site.lower() not in ("same-origin", "none"):
        return f"the request came from another site (Sec-Fetch-Site: {site})"
    origin = headers.get("origin")
    if origin is not None and origin.lower().rstrip("/") != _own_origin(scope, headers):
        return "the request came from another origin"
    return None


def _form_token(body: bytes, content_type: str) -> str | None:
    main = content_type.split(";", 1)[0].strip().lower()
    if main == "application/x-www-form-urlencoded":
        for key, value in parse_qsl(body.decode("latin-1"), keep_blank_values=True):
            if key == CSRF_FIELD:
                return value
    return None


async def _multipart_token(scope: Scope, body: bytes) -> str | None:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.request", "body": b"", "more_body": False}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    request = Request(scope, replay)
    try:
        async with request.form(max_files=100, max_fields=2000) as form:
            value = form.get(CSRF_FIELD)
            return value if isinstance(value, str) else None
    except Exception:  # a malformed multipart body has no token; the app never sees it
        return None


class RequestGuard:
    """ASGI middleware enforcing the size limit and the CSRF rules described in the module docstring."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int = MAX_BODY_BYTES,
                 upload_paths: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.upload_paths = dict(upload_paths or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cookie_token = _cookie(headers, CSRF_COOKIE)
        token = cookie_token if cookie_token and len(cookie_token) <= 100 else _new_token()
        scope.setdefault("state", {})["csrf_token"] = token
        send = self._with_cookie(send, token) if token != cookie_token else send

        upload_limit = self.upload_paths.get(scope.get("path", ""))
        limit = upload_limit or self.max_body_bytes
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _refuse(scope, send, 413, f"The request is too large (the limit is {_size(limit)}).")
            return
        unsafe = scope["method"] in UNSAFE_METHODS
        reason = cross_site_reason(scope, headers) if unsafe else None
        if reason:
            await _refuse(scope, send, 403, f"Refused: {reason}.")
            return
        if upload_limit is not None:
            # The body is not read here, so the token comes in the header (scripts, HTMX) or in the form's
            # action URL (a plain HTML upload form cannot set a header).
            sent = headers.get(CSRF_HEADER) or _query_token(scope)
            # Upload routes accept POST only; other methods go on to the router's 405.
            if scope["method"] == "POST" and not (cookie_token and sent and hmac.compare_digest(sent.encode(), cookie_token.encode())):
                await _refuse(scope, send, 403, "Refused: an upload must send the session's security token in "
                                                "the X-CSRF-Token header. Reload the page and try again.")
                return
            await self.app(scope, _counted(receive, upload_limit), send)
            return
        try:
            body = await self._read_body(receive)
        except BodyTooLarge:
            await _refuse(scope, send, 413, f"The request is too large (the limit is {_size(limit)}).")
            return
        if not unsafe:
            await self.app(scope, _replay(body, receive), send)
            return
        content_type = headers.get("content-type", "")
        if body and not _is_json(content_type):
            sent = headers.get(CSRF_HEADER)
            if sent is None:
                if content_type.lower().startswith("multipart/form-data"):
                    sent = await _multipart_token(scope, body)
                else:
                    sent = _form_token(body, content_type)
            if not (cookie_token and sent and hmac.compare_digest(sent.encode(), cookie_token.encode())):
                await _refuse(scope, send, 403, "Refused: the form's security token is missing or out of date. "
                                                "Reload the page and send it again; your entry is kept in this "
                                                "browser until it is saved.")
                return
        await self.app(scope, _replay(body, receive), send)

    async def _read_body(self, receive: Receive) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise BodyTooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    @staticmethod
    def _with_cookie(send: Send, token: str) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookie = f"{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"set-cookie", cookie.encode("latin-1"))]
            await send(message)

        return wrapped


def _query_token(scope: Scope) -> str | None:
    for key, value in parse_qsl(scope.get("query_string", b"").decode("latin-1")):
        if key == CSRF_FIELD:
            return value
    return None


def _size(limit: int) -> str:
    return f"{limit / 1024**3:g} GB" if limit >= 1024**3 else f"{limit // 1000} kB"


def _counted(original: Receive, limit: int) -> Receive:
    """Pass the body through, ending it as a client disconnect once more than ``limit`` bytes arrived."""
    size = 0

    async def receive() -> Message:
        nonlocal size
        message = await original()
        if message["type"] == "http.request":
            size += len(message.get("body", b""))
            if size > limit:
                return {"type": "http.disconnect"}
        return message

    return receive


def _cookie(headers: Headers, name: str) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name and value:
            return value
    return None


def _replay(body: bytes, original: Receive) -> Receive:
    """Hand the buffered body to the app once, then pass through (so a later disconnect is still seen)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await original()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _refuse(scope: Scope, send: Send, status: int, text: str) -> None:
    """Answer ``status`` with a short page for browsers, or ``{"detail": ...}`` JSON for everything else."""
    headers = Headers(scope=scope)
    accept = headers.get("accept", "")
    wants_html = "text/html" in accept and not scope.get("path", "").startswith("/api")
    if wants_html:
        from html import escape

        title = "Too large" if status == 413 else "Not sent"
        body = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
                f'content="width=device-width, initial-scale=1"><title>{title} - fibrotrack</title>'
                f'<link rel="stylesheet" href="/static/app.css"></head><body><main id="main" class="page">'
                f'<h1>{title}</h1><p>{escape(text)}</p><p><a href="/">Open Today</a></p></main></body></html>').encode()
        content_type = b"text/html; charset=utf-8"
    else:
        import json

        body = json.dumps({"detail": text}).encode()
        content_type = b"application/json"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
