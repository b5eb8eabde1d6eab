"""Domain errors carry their HTTP status, a machine code, a Chinese message and the field at fault."""

from __future__ import annotations

from dataclasses import dataclass


class XiaonengError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None, status_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code
        if status_code:
            self.status_code = status_code

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "field": self.field}


class ValidationFailed(XiaonengError):
    status_code = 422
    code = "validation_failed"


class NotFound(XiaonengError):
    status_code = 404
    code = "not_found"

    def __init__(self, message: str = "记录不存在或无权查看", **kw):
        super().__init__(message, **kw)


class Forbidden(XiaonengError):
    status_code = 403
    code = "forbidden"

    def __init__(self, message: str = "您没有执行此操作的权限", **kw):
        super().__init__(message, **kw)


class NotAuthenticated(XiaonengError):
    status_code = 401
    code = "not_authenticated"

    def __init__(self, message: str = "请先登录", **kw):
        super().__init__(message, **kw)


class Conflict(XiaonengError):
    status_code = 409
    code = "conflict"


class TooManyRequests(XiaonengError):
    status_code = 429
    code = "rate_limited"

    def __init__(self, message: str = "请求过于频繁，请稍后再试", **kw):
        super().__init__(message, **kw)


@dataclass(frozen=True)
class RowError:
    """One bad row of an import file: 1-based row number as a spreadsheet shows it."""

    row: int
    column: str
    reason: str


class ImportRejected(XiaonengError):
    """A whole import refused: every bad row is listed and nothing was written."""

    status_code = 422
    code = "import_rejected"

    def __init__(self, errors: list[RowError]):
        super().__init__(f"导入文件有 {len(errors)} 处错误，未导入任何数据")
        self.errors = errors

    def to_dict(self) -> dict:
        d = super().to_dict()
        d["errors"] = [{"row": e.row, "column": e.column, "reason": e.reason} for e in self.errors]
        return d
