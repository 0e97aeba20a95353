"""Testing institutions' qualifications (CMA, CNAS), their capabilities and the reports they issue."""
from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.kit import Choices, Organisation

PASS, FAIL, INFO = "pass", "fail", "info"
CONCLUSIONS = Choices({PASS: _l("Conforms"), FAIL: _l("Does not conform"), INFO: _l("Results only (no judgement)")})


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are typed from paper


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def match_key(text: str | None) -> str:
    """What products and parameters are matched on: full-width folded, lower case, no spaces,
    so ``PH值``, ``pH 值`` and ``ｐＨ值`` are one parameter."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).lower()[:100]


class TestingInstitution(Model):
    """A testing institution's qualification record: one per organisation of the accounts module.

    The institution keeps CMA, CNAS and open days; only staff set ``platform_member`` (入驻平台的
    机构, preferred by matching). Its satisfaction is computed from user evaluations
    (``app.kit.satisfaction_of``), never typed in.
    """

    __tablename__ = "test_institution"
    __scope__ = {"organisation": "organisation_id"}
    __test__ = False  # not a pytest class, whatever its name

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("qi_organisation.id"), unique=True, nullable=False)
    cma_number: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)  # 资质认定证书编号, 12 digits
    cma_valid_until: Mapped[dt.date | None] = mapped_column(Date)
    cnas_number: Mapped[str | None] = mapped_column(String(20))  # CNAS L1234
    open_days: Mapped[str | None] = mapped_column(Text)  # 开放日 announcements
    platform_member: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    organisation = relationship(Organisation)

    @property
    def cma_valid(self) -> bool:
        return self.cma_valid_until is None or self.cma_valid_until >= dt.date.today()

    def __repr__(self) -> str:
        return f"{self.organisation.name if self.organisation else ''} ({self.cma_number})"


class TestingCapability(Model):
    """One parameter an institution may test on a product, by a method standard (检验检测能力)."""

    __tablename__ = "test_capability"
    __scope__ = {"organisation": "organisation_id"}
    __test__ = False
    __table_args__ = (
        UniqueConstraint("organisation_id", "product", "parameter", "method_standard"),
        # matching reads only the rows of one product and the asked parameters
        Index("ix_test_capability_match", "product_key", "parameter_key", "organisation_id"),
        # the list's default order, for staff and for an institution's own (test_0004)
        Index("ix_test_capability_product", "product"),
        Index("ix_test_capability_organisation_product", "organisation_id", "product"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("qi_organisation.id"), nullable=False, index=True)
    product: Mapped[str] = mapped_column(String(100), nullable=False)  # 产品/类别 or object
    parameter: Mapped[str] = mapped_column(String(100), nullable=False)  # 项目/参数
    method_standard: Mapped[str] = mapped_column(String(100), nullable=False, default="")  # GB 5009.3-2016
    limits: Mapped[str | None] = mapped_column(String(200))  # 限制范围 or 说明
    product_key: Mapped[str] = mapped_column(String(100), nullable=False)
    parameter_key: Mapped[str] = mapped_column(String(100), nullable=False)

    organisation = relationship(Organisation)

    def __repr__(self) -> str:
        return f"{self.product} · {self.parameter}"


@event.listens_for(TestingCapability, "before_insert")
@event.listens_for(TestingCapability, "before_update")
def _keys(mapper, connection, capability: TestingCapability) -> None:
    capability.product_key, capability.parameter_key = match_key(capability.product), match_key(capability.parameter)


class TestReport(Model):
    """A report issued by an institution, verifiable by anyone holding its number and code."""

    __tablename__ = "test_report"
    __scope__ = {"organisation": "organisation_id"}
    # The reports list's default order: latest first for staff (issued_on), and within one institution
    # for its own list (organisation_id, issued_on), so no page sorts the whole table.
    __table_args__ = (Index("ix_test_report_organisation_issued", "organisation_id", "issued_on"),)
    __test__ = False

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    verification_code: Mapped[str] = mapped_column(String(12), nullable=False)  # printed on the report
    organisation_id: Mapped[int] = mapped_column(ForeignKey("qi_organisation.id"), nullable=False, index=True)
    product: Mapped[str] = mapped_column(String(200), nullable=False)
    client: Mapped[str | None] = mapped_column(String(200))  # 委托单位
    issued_on: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    conclusion: Mapped[str] = mapped_column(String(10), nullable=False, default=PASS)
    summary: Mapped[str | None] = mapped_column(Text)

    organisation = relationship(Organisation)

    @property
    def conclusion_label(self) -> str:
        return str(CONCLUSIONS.get(self.conclusion, self.conclusion))

    def __repr__(self) -> str:
        return self.number


@event.listens_for(TestReport, "before_insert")
def _code(mapper, connection, report: TestReport) -> None:
    report.number = report.number.strip().upper().replace(" ", "")
    report.verification_code = (report.verification_code or "").strip().upper() or new_code()
