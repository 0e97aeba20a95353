"""Certificates and the catalogue of products under compulsory certification (CCC)."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model

from app.kit import Choices, Organisation
from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

SCHEME_TYPES = Choices({"product": _l("Product certification"), "service": _l("Service certification"),
                "management": _l("Management system certification")})
VALID, SUSPENDED, WITHDRAWN = "valid", "suspended", "withdrawn"
STATUS_LABELS = Choices({VALID: _l("Valid"), SUSPENDED: _l("Suspended"), WITHDRAWN: _l("Withdrawn"), "expired": _l("Expired")})


class Certificate(Model):
    """A certificate issued by a certification body, as the public lookup shows it."""

    __tablename__ = "cert_certificate"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    holder: Mapped[str] = mapped_column(String(200), nullable=False)
    scheme: Mapped[str] = mapped_column(String(100), nullable=False)  # CCC, ISO 9001, 有机产品 …
    scheme_type: Mapped[str] = mapped_column(String(20), nullable=False, default="product")
    body_name: Mapped[str] = mapped_column(String(200), nullable=False)
    scope: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default=VALID, index=True)
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)

    @property
    def effective_status(self) -> str:
        """``expired`` once the expiry date has passed, whatever the stored status says."""
        if self.status == VALID and self.expires_on and self.expires_on < dt.date.today():
            return "expired"
        return self.status

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.effective_status])

    def __repr__(self) -> str:
        return self.number


class CccCategory(Model):
    """One product category of the compulsory certification catalogue (强制性产品认证目录).

    ``keywords`` (separated by 、 or commas) are the product words that fall under it; staff keep
    the catalogue current as SAMR publishes changes.
    """

    __tablename__ = "cert_ccc_category"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True, nullable=False)
    name_zh: Mapped[str] = mapped_column(String(100), nullable=False)
    keywords: Mapped[str] = mapped_column(Text, nullable=False, default="")
    rule: Mapped[str | None] = mapped_column(String(100))  # 实施规则
    notes: Mapped[str | None] = mapped_column(Text)

    @property
    def keyword_list(self) -> list[str]:
        import re

        return [k.strip() for k in re.split(r"[、,，;；\s]+", self.keywords or "") if k.strip()]

    def __repr__(self) -> str:
        return f"{self.code} {self.name_zh}"


class CertificationBody(Model):
    """What a certification body (an institution of the accounts module) is approved for: its CNCA
    approval number, the kinds of certification in its scope and until when. The institution keeps
    its own record; staff keep all of them."""

    __tablename__ = "cert_body"
    __scope__ = {"organisation": "organisation_id"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("qi_organisation.id"), unique=True, nullable=False)
    approval_number: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)  # CNCA-R-2002-001
    scope_types: Mapped[str] = mapped_column(String(60), nullable=False, default="product")
    scope_detail: Mapped[str | None] = mapped_column(Text)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)

    organisation = relationship(Organisation)

    @property
    def types(self) -> list[str]:
        return [t for t in (self.scope_types or "").split(",") if t in SCHEME_TYPES]

    @property
    def is_valid(self) -> bool:
        return self.valid_until is None or self.valid_until >= dt.date.today()

    def __repr__(self) -> str:
        return self.approval_number
