"""An expert team of an enterprise window, its members and the needs it is attached to."""
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


# the fields an expert serves in (4.2.3-2)
FIELDS = ("equipment", "product", "problems", "other")
FIELD_LABELS = {"equipment": _l("Equipment selection"), "product": _l("Product development"),
                "problems": _l("Key technical problems"), "other": _l("Other field")}


class ExpertTeam(Model):
    """The expert team of an enterprise window (4.2.3-1). ``organisation_id`` is the window's
    enterprise, copied so its members see their window's team."""

    __tablename__ = "qi_expert_team"
    __table_args__ = (Index("ix_qi_expert_team_name", "name", "id"),)  # the list's default order
    __scope__ = {"window": "window_id", "organisation": "organisation_id"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("qi_window.id"), nullable=False, index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("qi_organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)

    window: Mapped[ServiceWindow] = relationship()
    members: Mapped[list["ExpertMember"]] = relationship(back_populates="team", order_by="ExpertMember.id",
                                                         cascade="all, delete-orphan")
    links: Mapped[list["TeamNeed"]] = relationship(back_populates="team", order_by="TeamNeed.id",
                                                   cascade="all, delete-orphan")


class ExpertMember(Model):
    """One expert of a team, optionally a user of the platform."""

    __tablename__ = "qi_expert_member"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("qi_expert_team.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    field: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str | None] = mapped_column(String(100))  # 职称, e.g. 高级工程师
    employer: Mapped[str | None] = mapped_column(String(200))
    contact: Mapped[str | None] = mapped_column(String(200))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id"), index=True)

    team: Mapped[ExpertTeam] = relationship(back_populates="members")
    user = relationship("User")

    @property
    def field_label(self) -> str:
        return str(FIELD_LABELS.get(self.field, self.field))


class TeamNeed(Model):
    """A need of the window the team is attached to."""

    __tablename__ = "qi_expert_team_need"
    __table_args__ = (UniqueConstraint("team_id", "need_id", name="uq_qi_expert_team_need"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("qi_expert_team.id"), nullable=False)
    need_id: Mapped[int] = mapped_column(ForeignKey("qi_need.id"), nullable=False, index=True)
    attached_by: Mapped[str] = mapped_column(String(128), nullable=False)
    attached_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)

    team: Mapped[ExpertTeam] = relationship(back_populates="links")
    need: Mapped[Need] = relationship()
