"""The application factory: middleware, error handling, and every domain's pages and API."""

from __future__ import annotations

import importlib
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.middleware.sessions import SessionMiddleware

from xiaoneng import __version__, wiring
from xiaoneng.config import Settings, get_settings
from xiaoneng.db import get_engine, make_read_engine, session_factory
from xiaoneng.ratings.public_api import PublicRatingIntake
from xiaoneng.web import errors
from xiaoneng.web.limits import BodyLimit
from xiaoneng.web.security import SecurityHeaders
from xiaoneng.web.text_guard import TextGuard

# Each module exposes `router` (pages) or `api` (JSON under /api); listed here so the app shows its whole surface.
ROUTER_MODULES = [
    "xiaoneng.auth.views",
    "xiaoneng.web.home",
    "xiaoneng.web.api_docs",
    "xiaoneng.org.views",
    "xiaoneng.org.api",
    "xiaoneng.items.views",
    "xiaoneng.items.api",
    "xiaoneng.calendar.views",
    "xiaoneng.calendar.api",
    "xiaoneng.imports.views",
    "xiaoneng.imports.api",
    "xiaoneng.audit.views",
    "xiaoneng.cases.views",
    "xiaoneng.cases.api",
    "xiaoneng.notices.views",
    "xiaoneng.notices.api",
    "xiaoneng.ratings.public",
    "xiaoneng.ratings.public_api",
    "xiaoneng.ratings.views",
    "xiaoneng.ratings.api",
    "xiaoneng.rectification.views",
    "xiaoneng.rectification.api",
    "xiaoneng.notifications.views",
    "xiaoneng.jobs.views",
    "xiaoneng.disclosure.views",
    "xiaoneng.rankings.views",
    "xiaoneng.exchange.views",
    "xiaoneng.exchange.api",
    "xiaoneng.duty.views",
    "xiaoneng.duty.handover_views",
    "xiaoneng.inquiries.views",
    "xiaoneng.inquiries.public",
    "xiaoneng.conduct.phrase_views",
    "xiaoneng.conduct.views",
    "xiaoneng.attendance.views",
    "xiaoneng.attendance.spot_views",
    "xiaoneng.supervision.views",
    "xiaoneng.supervision.notice_views",
    "xiaoneng.supervision.breach_views",
    "xiaoneng.letters.views",
    "xiaoneng.insights.views",
    "xiaoneng.surveys.public",
    "xiaoneng.surveys.views",
    # Fixed paths (settings, summary, import, evidence) before /complaints/{id}.
    "xiaoneng.complaints.admin_views",
    "xiaoneng.complaints.file_views",
    "xiaoneng.complaints.public",
    "xiaoneng.complaints.views",
    "xiaoneng.inspections.plan_views",
    "xiaoneng.inspections.record_views",
    "xiaoneng.inspections.visit_views",
    "xiaoneng.inspections.finding_views",
    "xiaoneng.inspections.phone_views",
    "xiaoneng.inspections.catalogue_views",
    "xiaoneng.inspections.api",
    "xiaoneng.inspections.letter_views",
    "xiaoneng.reports.views",
]


@asynccontextmanager
async def _lifespan(app: FastAPI):
    """Timed work runs in a thread of the server process unless the center runs `xiaoneng worker` processes."""
    from xiaoneng.jobs.worker import start_in_server, stop_in_server

    start_in_server(app)
    yield
    stop_in_server(app)


def _primary_engine(sessions, engine: Engine | None) -> Engine:
    if engine is not None:
        return engine
    bind = sessions.kw.get("bind")
    return bind if isinstance(bind, Engine) else bind.engine  # a session bound to a connection: its engine


def create_app(settings: Settings | None = None, *, engine: Engine | None = None, sessions=None,
               read_engine: Engine | None = None) -> FastAPI:
    """The application on `engine` (or `sessions`); reports and dashboards read `read_engine`, or the replica that
    settings.read_database_url names, checked now: a replica that cannot be used stops the start."""
    settings = settings or get_settings()
    wiring.install()
    app = FastAPI(
        lifespan=_lifespan,
        title="效能 xiaoneng",
        version=__version__,
        description="政务服务效能监督平台 API",
        openapi_url="/api/openapi.json",
        docs_url=None,  # served from the project's own copy of Swagger UI: xiaoneng.web.api_docs
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.session_factory = sessions or session_factory(engine or get_engine())
    if read_engine is None and settings.read_database_url:
        read_engine = make_read_engine(settings.read_database_url, _primary_engine(app.state.session_factory, engine))
    app.state.read_engine = read_engine
    # Innermost: control characters in a query string or a body are refused before a handler sees them.
    app.add_middleware(TextGuard)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="xiaoneng_session",
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    # Added last, so it runs first: the public rating intake is answered before the session middleware and router.
    app.add_middleware(PublicRatingIntake)
    # A too-large body is refused before anything reads it, the rating intake included.
    app.add_middleware(BodyLimit, max_body_bytes=settings.max_body_bytes,
                       max_upload_bytes=settings.import_max_upload_bytes,
                       larger_uploads={"/complaints/import": settings.complaint_import_max_upload_bytes})
    # A fault no handler caught is answered here, inside the security headers.
    app.add_middleware(errors.InternalErrors)
    # Around everything, the 413 and the rating intake's answers included: security headers on every answer.
    app.add_middleware(SecurityHeaders, hsts=bool(settings.secure_cookies))
    errors.install(app)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    for name in ROUTER_MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "router"):
            app.include_router(module.router)
        if hasattr(module, "api"):
            app.include_router(module.api, prefix="/api")
    return app
