"""Evaluations (Appendix B surveys), their invitations, dissatisfaction cases and published quarters.

An evaluation belongs to the quarter it was received in (``year``, ``quarter``, China time), set once
when it is saved: a closed quarter's statistics never change when a paper survey is typed in later,
so they are reproducible. The nine ratings are columns (``r1`` … ``r9``, checked 1–10 by the
database) so the statistics group them in SQL.
"""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import (JSON, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, SmallInteger,
                        String, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Organisation
from .dimensions import COLUMNS, HIGHEST, LOWEST


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


# 7.1-2: user satisfaction, self-evaluation, third-party evaluation
USER, SELF, THIRD_PARTY = "user", "self", "third_party"
KIND_LABELS = {USER: _l("User evaluation"), SELF: _l("Self-evaluation"), THIRD_PARTY: _l("Third-party evaluation")}
# how the survey reached us
ONLINE, PAPER, PHONE, RETURN_VISIT = "online", "paper", "phone", "return_visit"
SOURCE_LABELS = {ONLINE: _l("Online survey"), PAPER: _l("Paper survey"), PHONE: _l("By phone"),
                 RETURN_VISIT: _l("Return visit")}


def _rating(column: str) -> Mapped[int]:
    return mapped_column(column, SmallInteger, nullable=False)


class Evaluation(Model):
    """One filled-in survey (表B.1). One per need and respondent (``respondent``: ``u:<user id>`` for
    a signed-in or invited user, ``c:<contact>`` for a survey staff typed in)."""

    __tablename__ = "qi_evaluation"
    __scope__ = {"user": "user_id", "organisation": "organisation_id", "institution": "institution_id",
                 "window": "window_id"}
    __table_args__ = (
        UniqueConstraint("need_id", "respondent", name="uq_qi_evaluation_need_respondent"),
        Index("ix_qi_evaluation_quarter", "year", "quarter"),
        Index("ix_qi_evaluation_quarter_window", "year", "quarter", "window_id"),
        Index("ix_qi_evaluation_quarter_institution", "year", "quarter", "institution_id"),
        Index("ix_qi_evaluation_submitted", "submitted_at", "id"),
        Index("ix_qi_evaluation_institution_kind", "institution_id", "kind"),  # the computed satisfaction
        # the quarterly statistics read this index only (qi_core_0020, app/evaluations/stats.py)
        Index("ix_qi_evaluation_quarter_ratings", "year", "quarter", "window_id", "institution_id", *COLUMNS),
        *(CheckConstraint(f"{c} BETWEEN {LOWEST} AND {HIGHEST}", name=f"ck_qi_evaluation_{c}") for c in COLUMNS),
        CheckConstraint("quarter BETWEEN 1 AND 4", name="ck_qi_evaluation_quarter"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("qi_need.id"), index=True)
    respondent: Mapped[str] = mapped_column(String(120), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default=USER)
    source: Mapped[str] = mapped_column(String(20), nullable=False, default=ONLINE)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("qi_organisation.id"), index=True)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("qi_organisation.id"))
    window_id: Mapped[int | None] = mapped_column(ForeignKey("qi_window.id"))
    return_visit_id: Mapped[int | None] = mapped_column(ForeignKey("qi_need_visit.id"), unique=True)
    entered_by: Mapped[str | None] = mapped_column(String(128))  # staff who typed a paper or phone survey
    # the survey's header (表B.1)
    user_name: Mapped[str] = mapped_column(String(200), nullable=False)  # 用户名称
    service_date: Mapped[dt.date] = mapped_column(Date, nullable=False)  # 服务日期
    contact_name: Mapped[str] = mapped_column(String(100), nullable=False)  # 联系人
    phone: Mapped[str] = mapped_column(String(40), nullable=False)  # 联系电话
    institution_name: Mapped[str] = mapped_column(String(200), nullable=False)  # 服务机构
    # the nine ratings (dimensions.DIMENSIONS)
    r1: Mapped[int] = _rating("r1")
    r2: Mapped[int] = _rating("r2")
    r3: Mapped[int] = _rating("r3")
    r4: Mapped[int] = _rating("r4")
    r5: Mapped[int] = _rating("r5")
    r6: Mapped[int] = _rating("r6")
    r7: Mapped[int] = _rating("r7")
    r8: Mapped[int] = _rating("r8")
    r9: Mapped[int] = _rating("r9")
    reasons: Mapped[dict | None] = mapped_column(JSON)  # {"r3": "why", …} for every rating ≤ DISSATISFIED_AT
    suggestions: Mapped[str | None] = mapped_column(Text)  # 其他要求或建议
    improvement: Mapped[str | None] = mapped_column(Text)  # 持续改进措施（平台填写）
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    quarter: Mapped[int] = mapped_column(SmallInteger, nullable=False)

    organisation: Mapped[Organisation | None] = relationship(foreign_keys=[organisation_id])
    institution: Mapped[Organisation | None] = relationship(foreign_keys=[institution_id])
    contents: Mapped[list["EvaluationContent"]] = relationship(cascade="all, delete-orphan")

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def source_label(self) -> str:
        return str(SOURCE_LABELS.get(self.source, self.source))

    def ratings(self) -> list[int]:
        return [getattr(self, column) for column in COLUMNS]


class EvaluationContent(Model):
    """One ticked service content of a survey (服务内容，可多选): a platform category."""

    __tablename__ = "qi_evaluation_content"
    __table_args__ = (Index("ix_qi_evaluation_content_category", "category_id", "evaluation_id"),)

    evaluation_id: Mapped[int] = mapped_column(ForeignKey("qi_evaluation.id"), primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("qi_service_category.id"), primary_key=True)


class SurveyInvitation(Model):
    """The link sent when a need is delivered: a one-use token (stored as its sha256) valid until
    ``expires_at``. One per need and user."""

    __tablename__ = "qi_survey_invitation"
    __scope__ = {"user": "user_id"}
    __table_args__ = (UniqueConstraint("need_id", "user_id", name="uq_qi_survey_invitation_need_user"),
                      Index("ix_qi_survey_invitation_created", "created_at"))  # the response rate per quarter

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("qi_need.id"), nullable=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id"), index=True)  # None: the need's contact
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("qi_evaluation.id"))


# a dissatisfaction case: opened by a rating ≤ DISSATISFIED_AT, the cause analysed, then closed (7.1-3)
OPEN, ANALYSED, CLOSED = "open", "analysed", "closed"
CASE_STATE_LABELS = {OPEN: _l("Dissatisfaction open"), ANALYSED: _l("Cause analysed"),
                     CLOSED: _l("Dissatisfaction closed")}


class DissatisfactionCase(Model):
    """A low rating for the responsible window or institution to answer: why, and what was done."""

    __tablename__ = "qi_dissatisfaction"
    __scope__ = {"institution": "institution_id", "window": "window_id"}
    __table_args__ = (
        UniqueConstraint("evaluation_id", "dimension", name="uq_qi_dissatisfaction_dimension"),
        Index("ix_qi_dissatisfaction_state", "state", "created_at"),
        Index("ix_qi_dissatisfaction_created", "created_at", "id"),  # the list's default order
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("qi_evaluation.id"), nullable=False)
    dimension: Mapped[str] = mapped_column(String(4), nullable=False)  # r1 … r9
    rating: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)  # the respondent's
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("qi_organisation.id"), index=True)
    window_id: Mapped[int | None] = mapped_column(ForeignKey("qi_window.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default=OPEN)
    cause: Mapped[str | None] = mapped_column(Text)  # the analysis of the cause
    answered_by: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    evaluation: Mapped[Evaluation] = relationship()

    @property
    def state_label(self) -> str:
        return str(CASE_STATE_LABELS.get(self.state, self.state))


class PublishedQuarter(Model):
    """A quarter's statistics as published (7.1-1): computed once when staff publish it, stored, and
    served from here to the public page and its export."""

    __tablename__ = "qi_evaluation_quarter"
    __table_args__ = (UniqueConstraint("year", "quarter", name="uq_qi_evaluation_quarter"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    quarter: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    results: Mapped[dict] = mapped_column(JSON, nullable=False)
    published_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    published_by: Mapped[str] = mapped_column(String(128), nullable=False)
