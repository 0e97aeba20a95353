"""Site messages and the e-mail outbox."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..i18n.language import reader_language


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Message(Model):
    """A message on the site for one user, in both languages (rendered when it was sent)."""

    __tablename__ = "qi_message"
    __scope__ = {"user": "user_id"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id"), nullable=False, index=True)
    title_zh: Mapped[str] = mapped_column(String(200), nullable=False)
    title_en: Mapped[str] = mapped_column(String(200), nullable=False)
    body_zh: Mapped[str] = mapped_column(Text, nullable=False, default="")
    body_en: Mapped[str] = mapped_column(Text, nullable=False, default="")
    url: Mapped[str | None] = mapped_column(String(300))
    read_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, index=True)

    @property
    def title(self) -> str:
        return getattr(self, f"title_{reader_language()}")

    @property
    def body(self) -> str:
        return getattr(self, f"body_{reader_language()}")


class OutboxMail(Model):
    """An e-mail waiting for ``flask qi outbox send`` (no mail leaves a request's transaction)."""

    __tablename__ = "qi_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    to_address: Mapped[str] = mapped_column(String(320), nullable=False)
    subject: Mapped[str] = mapped_column(String(300), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    sent_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    error: Mapped[str | None] = mapped_column(Text)


class MessageTemplate(Model):
    """An administrator's texts for one message event (``app.notify.events``); a text left empty is
    the default's translation."""

    __tablename__ = "qi_message_template"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    title_zh: Mapped[str | None] = mapped_column(String(200))
    title_en: Mapped[str | None] = mapped_column(String(200))
    body_zh: Mapped[str | None] = mapped_column(Text)
    body_en: Mapped[str | None] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(128), nullable=False)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, onupdate=_now)
