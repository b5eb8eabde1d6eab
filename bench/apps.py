"""The two applications the rating bench serves: the real app, and a bare echo app of the same framework."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


def echo_app() -> FastAPI:
    app = FastAPI()

    @app.post("/api/public/ratings")
    async def echo(request: Request):
        return JSONResponse(await request.json(), status_code=201)

    return app


def rating_app() -> FastAPI:
    from xiaoneng.web.app import create_app

    return create_app()

