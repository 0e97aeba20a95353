"""An item's application form: the draft administrators edit, its published versions, and the
answers a need was filed with."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class ItemForm(Model):
    """The application form of one service item: the draft being edited and the version in use."""

    __tablename__ = "qi_item_form"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("qi_service_item.id", ondelete="CASCADE"), unique=True,
                                         nullable=False)
    draft: Mapped[dict] = mapped_column(JSON, nullable=False)
    # the version filed needs use; None until the first publication
    current_id: Mapped[int | None] = mapped_column(ForeignKey("qi_item_form_version.id", use_alter=True,
                                                              name="fk_qi_item_form_current"))
    # the plugin that shipped it and the digest of what it shipped last; ``edited`` once an
    # administrator changed it: a plugin upgrade never overwrites that
    plugin: Mapped[str | None] = mapped_column(String(64))
    shipped_digest: Mapped[str | None] = mapped_column(String(64))
    edited: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    changed_by: Mapped[str | None] = mapped_column(String(128))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, onupdate=_now)

    current: Mapped["ItemFormVersion | None"] = relationship(foreign_keys=[current_id], post_update=True)

    @property
    def unpublished(self) -> bool:
        """Whether the draft differs from the version in use."""
        return self.current is None or self.current.definition != self.draft


class ItemFormVersion(Model):
    """One published version, never changed: the needs filed with it keep reading it."""

    __tablename__ = "qi_item_form_version"
    __table_args__ = (UniqueConstraint("form_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("qi_item_form.id", ondelete="CASCADE"), nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    definition: Mapped[dict] = mapped_column(JSON, nullable=False)
    published_by: Mapped[str | None] = mapped_column(String(128))
    published_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)


class NeedAnswers(Model):
    """What a need was filed with on its item's form, apart from the need's row so that the lists of
    needs never read it."""

    __tablename__ = "qi_need_answers"

    need_id: Mapped[int] = mapped_column(ForeignKey("qi_need.id", ondelete="CASCADE"), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("qi_item_form_version.id"), nullable=False, index=True)
    answers: Mapped[dict] = mapped_column(JSON, nullable=False)

    version: Mapped[ItemFormVersion] = relationship()

    @property
    def id(self) -> int:  # the search index keys a record by ``id``
        return self.need_id
