"""A package of similar needs and its member needs."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..needs.models import Need
from ..windows.models import ServiceWindow


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


OPEN, CLOSED = "open", "closed"
PACKAGE_STATE_LABELS = {OPEN: _l("Package open"), CLOSED: _l("Package closed")}
# the stages of an enterprise's work a package may span (4.2.2-2)
STAGES = ("rnd", "purchasing", "production", "supply", "after_sales")
STAGE_LABELS = {"rnd": _l("R&D"), "purchasing": _l("Purchasing"), "production": _l("Production"),
                "supply": _l("Supply"), "after_sales": _l("After-sales")}


class NeedPackage(Model):
    """Similar needs of one industry bundled for an institution window (4.2.2-1). ``institution_id``
    is the window's organisation, copied so the institution sees its packages without a join."""

    __tablename__ = "qi_need_package"
    __table_args__ = (Index("ix_qi_need_package_created", "created_at", "id"),)  # the list's default order
    __scope__ = {"window": "window_id", "institution": "institution_id"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    industry: Mapped[str] = mapped_column(String(100), nullable=False)
    window_id: Mapped[int] = mapped_column(ForeignKey("qi_window.id"), nullable=False, index=True)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("qi_organisation.id"), index=True)
    stages: Mapped[str] = mapped_column(String(100), nullable=False, default="")  # codes of STAGES, comma-separated
    description: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default=OPEN)
    created_by: Mapped[str] = mapped_column(String(128), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)

    window: Mapped[ServiceWindow] = relationship()
    members: Mapped[list["PackageNeed"]] = relationship(back_populates="package", order_by="PackageNeed.id",
                                                        cascade="all, delete-orphan")

    @property
    def stage_codes(self) -> list[str]:
        return [code for code in (self.stages or "").split(",") if code in STAGE_LABELS]

    @property
    def stage_labels(self) -> list[str]:
        return [str(STAGE_LABELS[code]) for code in self.stage_codes]

    @property
    def state_label(self) -> str:
        return str(PACKAGE_STATE_LABELS.get(self.state, self.state))


class PackageNeed(Model):
    """A need in a package. ``open_need_id`` is the need's id while the package is open and NULL once
    it is closed: its unique index keeps a need in at most one open package, even when two members of
    staff add it at the same moment."""

    __tablename__ = "qi_need_package_need"
    __table_args__ = (UniqueConstraint("package_id", "need_id", name="uq_qi_need_package_need"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("qi_need_package.id"), nullable=False, index=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("qi_need.id"), nullable=False, index=True)
    open_need_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    added_by: Mapped[str] = mapped_column(String(128), nullable=False)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)

    package: Mapped[NeedPackage] = relationship(back_populates="members")
    need: Mapped[Need] = relationship()
