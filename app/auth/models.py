"""What the platform keeps to end sessions: one counter per user."""
from __future__ import annotations

from flask_appbuilder import Model
from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column


class SessionVersion(Model):
    """The user's session version. A session or token carries the version it was issued under; raising
    it (sign-out, password change, a role taken away, deregistration) refuses every older copy, which a
    signed cookie alone cannot do. Users without a row are at version 0."""

    __tablename__ = "qi_session_version"

    user_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
