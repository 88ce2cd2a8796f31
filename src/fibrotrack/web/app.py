"""The web app factory: JSON API under /api, HTML pages, and one place that maps errors to HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.routing import Match

from .. import __version__
from ..config import Settings, load_settings
from ..errors import ConflictError, NotFoundError, RowsInvalidError, StorageError, ValidationError
from ..services.maintenance import Database, open_for
from .api import assessments as assessments_api
from .api import catalog as catalog_api
from .api import diary as diary_api
from .api import experiments as experiments_api
from .api import insights as insights_api
from .api import safety as safety_api
from .api import share as share_api
from .pages import install_page_errors
from .pages import router as pages_router
from .security import RequestGuard

_HERE = Path(__file__).parent


def create_app(settings: Settings | None = None, *, db: Database | None = None) -> FastAPI:
    """Return the FastAPI app for ``settings`` (default: from the environment).

    The database is opened (and upgraded) when the app starts, unless an open ``db`` is given.
    """
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "db", None) is None:
            app.state.db = open_for(settings)
        yield

    app = FastAPI(title="fibrotrack", version=__version__, lifespan=lifespan,
                  description="Symptom diary, red-flag triage and insights for muscle twitching, weakness and "
                              "fibromyalgia. fibrotrack informs; it does not diagnose.")
    app.state.settings = settings
    app.state.db = db
    _install_error_handlers(app)
    install_page_errors(app)
    app.middleware("http")(_complete_allow_header)
    # Outermost: body-size limit and CSRF checks before anything else; imports stream to disk with their own limit.
    app.add_middleware(RequestGuard, upload_paths={"/api/import": share_api.MAX_UPLOAD_BYTES,
                                                  "/share/import": share_api.MAX_UPLOAD_BYTES})
    app.include_router(diary_api.router, prefix="/api")
    app.include_router(catalog_api.router, prefix="/api")
    app.include_router(assessments_api.router, prefix="/api")
    app.include_router(safety_api.router, prefix="/api")
    app.include_router(insights_api.router, prefix="/api")
    app.include_router(experiments_api.router, prefix="/api")
    app.include_router(share_api.router, prefix="/api")

    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, str]:
        """Say the app is up, and which version."""
        return {"status": "ok", "version": __version__}

    app.mount("/static", StaticFiles(directory=_HERE / "static"), name="static")
    app.include_router(pages_router)
    return app


async def _complete_allow_header(request: Request, call_next):  # type: ignore[no-untyped-def]
    """On 405, list every method the path supports (Starlette names only the first route's)."""
    response = await call_next(request)
    if response.status_code == 405:
        scope = dict(request.scope)
        allowed = []
        for method in ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT"):
            scope["method"] = method
            if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
                allowed.append(method)
        if allowed:
            response.headers["Allow"] = ", ".join(allowed)
    return response


def _field_path(loc: tuple | list) -> str:
    """Return ``entries[1].value`` for a pydantic location such as ``("body", "entries", 1, "value")``."""
    path = ""
    for part in loc:
        if part in ("body", "query", "path", "header", "cookie") and not path:
            continue
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "body"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # One error shape for the whole API: the first problem, naming its field, like the CLI's one line.
        first = exc.errors()[0] if exc.errors() else {"loc": ("body",), "msg": "invalid request"}
        error = ValidationError(_field_path(first.get("loc", ())), str(first.get("msg", "invalid")))
        return JSONResponse(status_code=422, content={"detail": error.to_dict()})

    @app.exception_handler(ValidationError)
    async def bad_input(_request: Request, exc: ValidationError) -> JSONResponse:
        detail = exc.to_dict()
        if isinstance(exc, RowsInvalidError):  # a file with bad rows: report every one, not only the first
            detail["errors"] = [e.to_dict() for e in exc.errors]
        return JSONResponse(status_code=422, content={"detail": detail})

    @app.exception_handler(NotFoundError)
    async def not_found(_request: Request, exc: NotFoundError) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(exc)})

    @app.exception_handler(ConflictError)
    async def conflict(_request: Request, exc: ConflictError) -> JSONResponse:
        return JSONResponse(status_code=409, content={"detail": str(exc)})

    @app.exception_handler(StorageError)
    async def storage(_request: Request, exc: StorageError) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(exc)})
