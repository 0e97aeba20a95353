"""Service windows (服务窗口): where enterprises meet the platform in person (clauses 4.1-2, 4.2).

A window is a park service station, an institution's window or an enterprise window set up for a
key enterprise or project. It has a place (region, address, coordinates), weekly hours laid on the
working-day calendar, the staff who work it and the services it handles.
"""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import (Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text, Time,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Organisation
from ..catalog.models import ServiceCategory, ServiceItem
from ..i18n.language import reader_language


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


PARK, INSTITUTION_WINDOW, ENTERPRISE_WINDOW = "park", "institution", "enterprise"
WINDOW_KINDS = (PARK, INSTITUTION_WINDOW, ENTERPRISE_WINDOW)
KIND_LABELS = {PARK: _l("Park service station"), INSTITUTION_WINDOW: _l("Institution window"),
               ENTERPRISE_WINDOW: _l("Enterprise window")}


class ServiceWindow(Model):
    """One window of the regional network. ``organisation_id`` is set when the window is an
    institution's or an enterprise's own; a park station run by the platform has none."""

    __tablename__ = "qi_window"
    # window staff see their windows, an organisation its own; everyone reads the public page
    __scope__ = {"window": "id", "organisation": "organisation_id"}
    __public_choices__ = True  # the network is public: an enterprise picks a window to book
    __table_args__ = (Index("ix_qi_window_region_kind", "region_code", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)  # in the public address
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    name_en: Mapped[str | None] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("qi_organisation.id"), index=True)
    region_code: Mapped[str] = mapped_column(String(6), nullable=False)
    address: Mapped[str] = mapped_column(String(300), nullable=False)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    phone: Mapped[str] = mapped_column(String(40), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    # an institution window publishes its flow, cycle and price (4.2.2-4)
    flow: Mapped[str | None] = mapped_column(Text)
    cycle: Mapped[str | None] = mapped_column(String(200))
    price: Mapped[str | None] = mapped_column(String(200))
    # the industry an institution window takes packages of similar needs for (4.2.2-1)
    industry: Mapped[str | None] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, onupdate=_now)

    organisation: Mapped[Organisation | None] = relationship()
    hours: Mapped[list["WindowHours"]] = relationship(back_populates="window", order_by="WindowHours.weekday",
                                                      cascade="all, delete-orphan")
    services: Mapped[list["WindowService"]] = relationship(back_populates="window", cascade="all, delete-orphan")
    staff: Mapped[list["WindowStaffMember"]] = relationship(back_populates="window", cascade="all, delete-orphan")

    @property
    def shown_name(self) -> str:
        """The name in the reader's language (the Chinese one when no English name was given)."""
        if self.name_en and reader_language() == "en":
            return self.name_en
        return self.name

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    def __repr__(self) -> str:
        return self.name


class WindowHours(Model):
    """The window's opening on one weekday (0 Monday … 6 Sunday), applied to the working days of the
    calendar; appointment slots of ``slot_minutes`` with ``capacity`` places each are cut from it."""

    __tablename__ = "qi_window_hours"
    __table_args__ = (UniqueConstraint("window_id", "weekday", "opens", name="uq_qi_window_hours"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("qi_window.id"), nullable=False, index=True)
    weekday: Mapped[int] = mapped_column(Integer, nullable=False)
    opens: Mapped[dt.time] = mapped_column(Time, nullable=False)
    closes: Mapped[dt.time] = mapped_column(Time, nullable=False)
    slot_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=30)
    capacity: Mapped[int] = mapped_column(Integer, nullable=False, default=2)

    window: Mapped[ServiceWindow] = relationship(back_populates="hours")


class WindowService(Model):
    """A service item, or a whole category, the window handles."""

    __tablename__ = "qi_window_service"
    __table_args__ = (UniqueConstraint("window_id", "item_id", "category_id", name="uq_qi_window_service"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("qi_window.id"), nullable=False, index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("qi_service_item.id"), index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("qi_service_category.id"), index=True)

    window: Mapped[ServiceWindow] = relationship(back_populates="services")
    item: Mapped[ServiceItem | None] = relationship()
    category: Mapped[ServiceCategory | None] = relationship()


class WindowStaffMember(Model):
    """A user who works the window (role WindowStaff): they see the window's needs, appointments,
    visits and samples and nothing of other windows."""

    __tablename__ = "qi_window_staff"
    __table_args__ = (UniqueConstraint("window_id", "user_id", name="uq_qi_window_staff"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("qi_window.id"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id"), nullable=False, index=True)
    duty: Mapped[str | None] = mapped_column(String(200))  # e.g. "周一、周三上午" / "Mon and Wed mornings"

    window: Mapped[ServiceWindow] = relationship(back_populates="staff")
    user = relationship("User")


GOVERNMENT, UNIVERSITY, OTHER_RESOURCE = "government", "university", "other"
RESOURCE_KIND_LABELS = {GOVERNMENT: _l("Government resource"), UNIVERSITY: _l("University resource"),
                        OTHER_RESOURCE: _l("Other resource")}


class NetworkResource(Model):
    """A government or university resource of the regional network (4.1-2): not a window of the
    platform, but listed with the windows so enterprises know it is there. Kept by platform staff."""

    __tablename__ = "qi_network_resource"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    region_code: Mapped[str] = mapped_column(String(6), nullable=False, index=True)
    address: Mapped[str | None] = mapped_column(String(300))
    contact: Mapped[str | None] = mapped_column(String(200))
    offers: Mapped[str | None] = mapped_column(Text)  # what it offers enterprises
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)

    @property
    def kind_label(self) -> str:
        return str(RESOURCE_KIND_LABELS.get(self.kind, self.kind))

    def __repr__(self) -> str:
        return self.name
