"""Columns that every case's history and attachments share (needs, complaints): one definition, so a
step is recorded and a file is stored the same way in every module."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class StepEventColumns:
    """One step of a case's history: who, when, which action, from which state to which, and why.
    ``comment_key`` holds a sentence the platform wrote (msgid + params), shown in the reader's language."""

    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    actor: Mapped[str] = mapped_column(String(128), nullable=False)
    action: Mapped[str] = mapped_column(String(30), nullable=False)
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str | None] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)
    comment_key: Mapped[dict | None] = mapped_column(JSON)

    @property
    def shown_comment(self) -> str:
        from .needs.texts import shown

        return shown(self.comment, self.comment_key)


class StoredFileColumns:
    """A file uploaded to a case: its original name, the name it is stored under, who and when."""

    filename: Mapped[str] = mapped_column(String(200), nullable=False)
    stored_name: Mapped[str] = mapped_column(String(100), nullable=False)
    uploaded_by: Mapped[str] = mapped_column(String(128), nullable=False)
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
