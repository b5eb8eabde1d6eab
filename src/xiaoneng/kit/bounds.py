"""The types of what people send: ids, numbers, page numbers, dates. Bounded to what the database stores and strict
about kinds (no true for 1, no number for a date), so bad input is a 422 naming the field, never a driver error.

The same types serve path and query parameters (text, parsed here) and JSON bodies (where only a JSON integer is an
integer, and only a YYYY-MM-DD string a date).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from annotated_types import Interval
from pydantic import BeforeValidator, Strict
from pydantic_core import PydanticCustomError

from xiaoneng.errors import ValidationFailed

# Every id and number column is an INTEGER, which PostgreSQL keeps in 32 bits: nothing larger can be stored or found.
DB_INT_MAX = 2**31 - 1
DB_INT_MIN = -(2**31)
MAX_PER_PAGE = 200

_WHOLE = re.compile(r"[+-]?\d{1,20}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?")


def _whole_number(value):
    """An int as given, or one written in digits (a path or query parameter); never a bool or a float."""
    if isinstance(value, bool) or isinstance(value, float):
        raise PydanticCustomError("int_type", "须为整数")
    if isinstance(value, str):
        text = value.strip()
        if not _WHOLE.fullmatch(text):
            raise PydanticCustomError("int_parsing", "须为整数")
        return int(text)
    return value


def _iso_date(value):
    """A date written YYYY-MM-DD; numbers (read by lax parsing as Unix times) and other spellings are refused."""
    if isinstance(value, str):
        text = value.strip()
        try:
            if _DATE.fullmatch(text):
                return dt.date.fromisoformat(text)
        except ValueError:
            pass
        raise PydanticCustomError("date_parsing", "须为日期（YYYY-MM-DD）")
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_parsing", "须为日期（YYYY-MM-DD）")
    return value


def _iso_datetime(value):
    """A time written in ISO 8601 (2026-05-06T09:30:00+08:00); numbers are refused."""
    if isinstance(value, str):
        text = value.strip()
        try:
            if _DATETIME.fullmatch(text):
                return dt.datetime.fromisoformat(text)
        except ValueError:
            pass
        raise PydanticCustomError("datetime_parsing", "须为日期时间（ISO 8601）")
    return value


def _bounded(low: int, high: int):
    return Annotated[int, Strict(), Interval(ge=low, le=high), BeforeValidator(_whole_number)]


Id = _bounded(1, DB_INT_MAX)  # a record's id
Number = _bounded(DB_INT_MIN, DB_INT_MAX)  # any other whole number stored in the database (days, rank, level, year)
PageNo = _bounded(1, DB_INT_MAX)
PerPage = _bounded(1, MAX_PER_PAGE)
Day = Annotated[dt.date, Strict(), BeforeValidator(_iso_date)]
Moment = Annotated[dt.datetime, Strict(), BeforeValidator(_iso_datetime)]
Flag = Annotated[bool, Strict()]  # a JSON body's true or false (not 0, 1 or "yes")


def id_or_none(text: str | None, field: str | None = None) -> int | None:
    """An id typed into a page's query or form: None when blank or not digits, refused past what can be stored."""
    if text is None or not str(text).strip().isdigit():
        return None
    value = int(str(text).strip())
    if not 1 <= value <= DB_INT_MAX:
        raise ValidationFailed("编号超出范围", field=field)
    return value
