"""A dictionary and its items, as stored: what ``flask qi init`` put there and administrators changed."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..i18n.language import reader_language


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Dictionary(Model):
    __tablename__ = "qi_dictionary"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    name_zh: Mapped[str] = mapped_column(String(100), nullable=False)
    name_en: Mapped[str] = mapped_column(String(100), nullable=False)
    plugin: Mapped[str | None] = mapped_column(String(64))  # who ships it; None: the platform

    @property
    def name(self) -> str:
        return self.name_en if reader_language() == "en" else self.name_zh


class DictionaryItem(Model):
    """One code of a dictionary. ``shipped``: declared by the platform or a plugin (never deleted,
    only deactivated); ``customised``: an administrator changed its labels, which a plugin upgrade
    then leaves alone."""

    __tablename__ = "qi_dictionary_item"
    __table_args__ = (
        UniqueConstraint("dictionary_id", "code", name="uq_qi_dictionary_item_code"),
        Index("ix_qi_dictionary_item_order", "dictionary_id", "position", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dictionary_id: Mapped[int] = mapped_column(ForeignKey("qi_dictionary.id", ondelete="CASCADE"), nullable=False)
    code: Mapped[str] = mapped_column(String(40), nullable=False)
    label_zh: Mapped[str] = mapped_column(String(200), nullable=False)
    label_en: Mapped[str] = mapped_column(String(200), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=100)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    shipped: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    customised: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    changed_by: Mapped[str | None] = mapped_column(String(128))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, onupdate=_now)

    @property
    def label(self) -> str:
        return self.label_en if reader_language() == "en" else self.label_zh
