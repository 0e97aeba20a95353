"""An announcement: its text in both languages (English optional: the Chinese one is shown, marked,
until it is written) and the days it is published."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import Boolean, Date, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..i18n.language import reader_language


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Announcement(Model):
    __tablename__ = "qi_announcement"
    __table_args__ = (Index("ix_qi_announcement_shown", "pinned", "publish_from", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title_zh: Mapped[str] = mapped_column(String(200), nullable=False)
    title_en: Mapped[str | None] = mapped_column(String(200))
    body_zh: Mapped[str] = mapped_column(Text, nullable=False)  # Markdown
    body_en: Mapped[str | None] = mapped_column(Text)
    publish_from: Mapped[dt.date] = mapped_column(Date, nullable=False)  # China time, from that day
    publish_until: Mapped[dt.date | None] = mapped_column(Date)  # the last day shown; None: until removed
    pinned: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_by: Mapped[str | None] = mapped_column(String(128))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, onupdate=_now)

    def _english(self) -> bool:
        return reader_language() == "en" and bool((self.title_en or "").strip())

    @property
    def title(self) -> str:
        return self.title_en if self._english() else self.title_zh

    @property
    def body(self) -> str:
        return self.body_en if self._english() and (self.body_en or "").strip() else self.body_zh

    @property
    def untranslated(self) -> bool:
        """Shown in Chinese to an English reader: no English text yet."""
        return reader_language() == "en" and not self._english()

    def __repr__(self) -> str:
        return self.title_zh
