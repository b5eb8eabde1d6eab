"""The sign-in back-off's state, in the database so that every server process sees the same failures and locks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.db import Base


class SignInThrottle(Base):
    """Recent sign-in failures of one account or one client address, and the lock they earned (auth/rules.py)."""

    __tablename__ = "sign_in_throttle"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)  # "account:<username>" or "address:<ip>"
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[dt.datetime] = mapped_column(index=True)
    locked_until: Mapped[dt.datetime | None]
