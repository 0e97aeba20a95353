"""Service categories: the columns of the one-stop catalog (clause 5)."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_babel import get_locale, gettext
from sqlalchemy import Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class ServiceCategory(Model):
    """One service category (标准化, 计量 …). ``plugin`` names the plugin that owns it; a category
    with no plugin is *configured*: an administrator made it, or it was seeded, with no code."""

    __tablename__ = "qi_service_category"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(50), unique=True, nullable=False)
    name_zh: Mapped[str] = mapped_column(String(100), nullable=False)
    name_en: Mapped[str] = mapped_column(String(100), nullable=False)
    description_zh: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    icon: Mapped[str] = mapped_column(String(50), nullable=False, default="fa-cube")
    order: Mapped[int] = mapped_column("sort_order", Integer, nullable=False, default=100)
    visible: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    plugin: Mapped[str | None] = mapped_column(String(100))
    created_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    changed_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, onupdate=_now)

    def localized(self, field: str) -> str:
        """``name`` or ``description`` in the request's language, falling back to Chinese."""
        lang = str(get_locale() or "zh")[:2]
        value = getattr(self, f"{field}_{lang}", None) or getattr(self, f"{field}_zh", None)
        return value or ""

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def description(self) -> str:
        return self.localized("description")

    @property
    def owner(self) -> str:
        """The owning plugin's name, or a translated "configured" for a category with no code."""
        return self.plugin or gettext("configured")

    def __repr__(self) -> str:
        return self.name_zh
