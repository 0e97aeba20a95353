"""What the sign-in throttle keeps: one row per password sign-in attempt, shared by every worker."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column


class LoginAttempt(Model):
    """One password sign-in attempt (form or REST), kept for the lockout period only.

    ``account`` is a SHA-256 of the name as typed (lower-cased), so names that are not accounts,
    or passwords typed into the name field, are not kept in clear.
    """

    __tablename__ = "qi_login_attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    address: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    succeeded: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    attempted_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, index=True)
