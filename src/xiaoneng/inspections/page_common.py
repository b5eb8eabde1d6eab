"""What the inspection pages share: the one-time message of the last action, with its kind (ok or error)."""

from __future__ import annotations

from fastapi import Request

from xiaoneng.web.templating import take_flash


def flashed(request: Request) -> dict:
    return {"flash": take_flash(request), "flash_kind": request.session.pop("flash_kind", None)}
