"""Routes of this module; filled in by its domain."""

from fastapi import APIRouter, Depends

from xiaoneng.web.csrf import require_csrf

api = APIRouter(dependencies=[Depends(require_csrf)])
