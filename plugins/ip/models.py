"""Patents and trademarks, IP service agencies and the licensing and transfer board. Patent-navigation
requests (专利导航需求) are needs of the platform (``needs``)."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.kit import Choices, Organisation

PATENT_TYPES = Choices({"invention": _l("Invention"), "utility": _l("Utility model"), "design": _l("Design")})
PATENT_STATUSES = Choices({"pending": _l("Pending"), "granted": _l("Granted"), "lapsed": _l("Lapsed"),
                   "invalidated": _l("Invalidated")})
TRADEMARK_STATUSES = Choices({"applied": _l("Applied"), "registered": _l("Registered"), "expired": _l("Expired"),
                      "invalidated": _l("Invalidated")})
AGENCY_SERVICES = Choices({"patent": _l("Patent filing"), "trademark": _l("Trademark registration"),
                   "copyright": _l("Copyright registration"), "navigation": _l("Patent navigation and early warning"),
                   "protection": _l("Rights protection"), "pledge": _l("IP pledge financing"),
                   "analysis": _l("Patent search and analysis")})
OFFER_KINDS = Choices({"license": _l("License offered"), "transfer": _l("Transfer offered"), "wanted": _l("Technology wanted")})
PENDING, PUBLISHED, REJECTED, CLOSED = "pending", "published", "rejected", "closed"
OFFER_STATUSES = Choices({PENDING: _l("Awaiting review"), PUBLISHED: _l("Published"), REJECTED: _l("Rejected"),
                  CLOSED: _l("Closed")})


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Patent(Model):
    """A patent record; ``number_key`` is the application number's 8 or 12 digits with the check."""

    __tablename__ = "ip_patent"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_number: Mapped[str] = mapped_column(String(20), nullable=False)  # CN202310123456.7
    number_key: Mapped[str] = mapped_column(String(16), unique=True, nullable=False)  # 2023101234567
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    applicant: Mapped[str] = mapped_column(String(300), nullable=False, index=True)
    patent_type: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    ipc: Mapped[str | None] = mapped_column(String(200))  # H01M 10/052; H01M 4/58
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="pending", index=True)
    filed_on: Mapped[dt.date | None] = mapped_column(Date)
    granted_on: Mapped[dt.date | None] = mapped_column(Date)
    abstract: Mapped[str | None] = mapped_column(Text)

    @property
    def type_label(self) -> str:
        return str(PATENT_TYPES.get(self.patent_type, self.patent_type))

    @property
    def status_label(self) -> str:
        return str(PATENT_STATUSES.get(self.status, self.status))

    def __repr__(self) -> str:
        return self.application_number


class Trademark(Model):
    __tablename__ = "ip_trademark"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    registration_number: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)  # 注册号/申请号
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    applicant: Mapped[str] = mapped_column(String(300), nullable=False, index=True)
    nice_classes: Mapped[str] = mapped_column(String(200), nullable=False)  # "29,30,35" (尼斯分类 1–45)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="applied", index=True)
    filed_on: Mapped[dt.date | None] = mapped_column(Date)
    registered_on: Mapped[dt.date | None] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)

    @property
    def classes(self) -> list[int]:
        return [int(c) for c in (self.nice_classes or "").split(",") if c.strip().isdigit()]

    @property
    def status_label(self) -> str:
        return str(TRADEMARK_STATUSES.get(self.status, self.status))

    def __repr__(self) -> str:
        return f"{self.registration_number} {self.name}"


class IpAgency(Model):
    """What an IP service agency (an institution of the accounts module) offers; kept by the agency."""

    __tablename__ = "ip_agency"
    __scope__ = {"organisation": "organisation_id"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("qi_organisation.id"), unique=True, nullable=False)
    agency_code: Mapped[str] = mapped_column(String(20), nullable=False)  # 专利代理机构代码 64101
    services: Mapped[str] = mapped_column(String(200), nullable=False, default="patent")
    agents: Mapped[int | None] = mapped_column(Integer)  # 专利代理师人数
    description: Mapped[str | None] = mapped_column(Text)

    organisation = relationship(Organisation)

    @property
    def service_list(self) -> list[str]:
        return [s for s in (self.services or "").split(",") if s in AGENCY_SERVICES]

    def __repr__(self) -> str:
        return self.organisation.name if self.organisation else self.agency_code


class IpOffer(Model):
    """A listing of the licensing and transfer board (许可转让): the publisher's organisation owns it,
    staff review it before it is public."""

    __tablename__ = "ip_offer"
    __scope__ = {"organisation": "organisation_id"}
    # The board's default order: newest first for staff (created_on), and within one publisher for
    # its own list (organisation_id, created_on), so no page sorts the whole table.
    __table_args__ = (Index("ix_ip_offer_organisation_created", "organisation_id", "created_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("qi_organisation.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="license")
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    ip_numbers: Mapped[str | None] = mapped_column(String(300))  # patents or trademarks offered
    field: Mapped[str | None] = mapped_column(String(100))  # 技术领域 / industry
    terms: Mapped[str | None] = mapped_column(Text)  # price, royalty, exclusivity
    contact_name: Mapped[str] = mapped_column(String(100), nullable=False)
    contact_phone: Mapped[str] = mapped_column(String(40), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default=PENDING, index=True)
    review_note: Mapped[str | None] = mapped_column(Text)
    created_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, index=True)
    published_on: Mapped[dt.datetime | None] = mapped_column(DateTime)

    organisation = relationship(Organisation)

    @property
    def kind_label(self) -> str:
        return str(OFFER_KINDS.get(self.kind, self.kind))

    @property
    def status_label(self) -> str:
        return str(OFFER_STATUSES.get(self.status, self.status))

    def __repr__(self) -> str:
        return self.title
