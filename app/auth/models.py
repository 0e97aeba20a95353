"""What the platform keeps about sign-ins: attempts for the throttle, and one session counter per user.
Both live in the database, shared by every worker process."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
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


class SessionVersion(Model):
    """The user's session version. A session or token carries the version it was issued under; raising
    it (sign-out, password change, a role taken away, deregistration) refuses every older copy, which a
    signed cookie alone cannot do. Users without a row are at version 0."""

    __tablename__ = "qi_session_version"

    user_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class PasswordReset(Model):
    """A password reset asked for by someone who forgot theirs (``app.auth.reset``): a link sent by
    e-mail or a code sent by SMS. Only a hash of the secret is kept; it works once, until
    ``expires_at``, and an SMS code at most ``QI_LOGIN_MAX_FAILURES`` wrong tries."""

    __tablename__ = "qi_password_reset"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id", ondelete="CASCADE"), nullable=False, index=True)
    channel: Mapped[str] = mapped_column(String(10), nullable=False)  # mail, sms
    secret_hash: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    wrong_tries: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
