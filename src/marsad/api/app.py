"""The FastAPI application: built by ``create_app`` from settings and a store, never at import time.

``marsad serve`` (and uvicorn's ``--factory``) call ``create_app``; tests pass their own store. The page
at ``/`` and its files under ``/static`` come from ``marsad/web/static``; the JSON API lives under
``/api``. Every response carries a Content-Security-Policy that allows only this origin, so a news text
that slipped markup past the page's escaping still could not load or run anything.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

import marsad
from marsad.api.routers import events, meta
from marsad.errors import MarsadError
from marsad.settings import Settings
from marsad.store import Store

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent.parent / "web" / "static"

# 'self' only: no inline script or style elements, no CDN, no tile server. Leaflet positions its
# layers through element.style (CSSOM), which style-src does not restrict; its CSS uses data: images.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

# HTTP status for the MarsadError codes the API can meet; any other code is a 400 (bad input).
ERROR_STATUS: dict[str, int] = {"E032": 404, "E030": 503, "E031": 503}


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """Build the app. Without ``store``, open one at ``settings.db_url`` and close it on shutdown.

    A store passed in belongs to the caller, who closes it.
    """
    owned = store is None
    if store is None:
        store = Store.open(settings.db_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="Marsad",
        version=marsad.__version__,
        description="Coded, geolocated conflict events from news, each traceable to its sources.",
        lifespan=lifespan,
        # The interactive docs pages load their scripts from a CDN: off, since nothing here may.
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.store = store
    app.state.map_assets = (STATIC_DIR / "vendor" / "leaflet" / "leaflet.js").is_file()
    if not app.state.map_assets:
        log.warning("web map assets are not built (run `make install`); the page shows the table only")

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(MarsadError)
    async def marsad_error(request: Request, exc: MarsadError) -> JSONResponse:
        message = str(exc).split(": ", 1)[-1]
        return JSONResponse(
            {"detail": message, "code": exc.code}, status_code=ERROR_STATUS.get(exc.code, 400)
        )

    app.include_router(events.router)
    app.include_router(meta.router)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def app_from_env() -> FastAPI:
    """``create_app`` with ``Settings.load()`` (MARSAD_* variables), for ``uvicorn --factory``:

    ``uvicorn --factory marsad.api.app:app_from_env``
    """
    return create_app(Settings.load())
