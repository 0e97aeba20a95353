"""Saving a survey of Appendix B (7.1-1), whoever filled it in: the respondent online (through an
invitation or from the need page) or staff from paper, a phone call or a return visit (7.1-2 kinds).

``save_evaluation`` writes the evaluation, its service contents and, for every rating at or below
``DISSATISFIED_AT``, a dissatisfaction case for the responsible window and institution
(``cases.open_cases``), all in the caller's transaction. The quarter is the one of the moment of
receipt in China time and is never changed afterwards: a closed quarter's figures stay reproducible.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..catalog.models import ServiceCategory
from ..workdays import china_time
from .dimensions import CONTENT_CODES
from .models import ONLINE, USER, Evaluation, EvaluationContent, _now


@dataclass
class SurveyAnswers:
    """What a survey says (表B.1): its header, the ticked contents (category ids), the nine ratings,
    the reasons of the low ones and the suggestions."""

    user_name: str
    service_date: dt.date
    contact_name: str
    phone: str
    institution_name: str
    category_ids: list[int]
    ratings: dict[str, int]
    reasons: dict[str, str] = field(default_factory=dict)
    suggestions: str | None = None


def quarter_of(moment: dt.datetime) -> tuple[int, int]:
    """(year, quarter) of a stored moment (naive UTC) in China time."""
    local = china_time(moment)
    return local.year, (local.month - 1) // 3 + 1


def user_respondent(user_id: int) -> str:
    """The respondent key of a user (one survey per need and respondent)."""
    return f"u:{user_id}"


def contact_respondent(contact: str) -> str:
    """The respondent key of a person known by a phone number or address (paper, phone, contact)."""
    return "c:" + "".join((contact or "").split()).lower()[:110]


def content_categories(session: Session) -> list[ServiceCategory]:
    """The service contents a survey offers: the platform's categories of ``CONTENT_CODES``, in that order."""
    rows = {c.code: c for c in session.scalars(select(ServiceCategory).where(ServiceCategory.code.in_(CONTENT_CODES)))}
    return [rows[code] for code in CONTENT_CODES if code in rows]


def prefill(session: Session, need) -> dict:
    """The header of a survey about ``need``: user, institution, service date, contents."""
    if need is None:
        return {}
    served = need.informed_at or need.changed_at or need.submitted_at
    return {"user_name": need.organisation.name if need.organisation else need.contact_name,
            "contact_name": need.contact_name, "phone": need.contact if "@" not in need.contact else "",
            "institution_name": need.institution.name if need.institution else (need.referral or "")[:200],
            "service_date": china_time(served).date(),
            "contents": [str(need.category_id)] if need.category_id else []}


def save_evaluation(session: Session, answers: SurveyAnswers, *, respondent: str, need=None, kind: str = USER,
                    source: str = ONLINE, user_id: int | None = None, entered_by: str | None = None,
                    return_visit_id: int | None = None, organisation_id: int | None = None,
                    submitted_at: dt.datetime | None = None) -> Evaluation:
    """Write one survey and open its dissatisfaction cases (flushed, not committed).

    The responsible institution and window are the need's; a second survey of the same need and
    respondent fails on the unique constraint (the caller answers "already answered")."""
    from .cases import open_cases

    submitted_at = submitted_at or _now()
    year, quarter = quarter_of(submitted_at)
    evaluation = Evaluation(
        need_id=need.id if need is not None else None, respondent=respondent, kind=kind, source=source,
        user_id=user_id, organisation_id=need.organisation_id if need is not None else organisation_id,
        institution_id=need.institution_id if need is not None else None,
        window_id=need.window_id if need is not None else None, return_visit_id=return_visit_id,
        entered_by=entered_by, user_name=answers.user_name.strip(), service_date=answers.service_date,
        contact_name=answers.contact_name.strip(), phone=answers.phone.strip(),
        institution_name=answers.institution_name.strip(), reasons=answers.reasons or None,
        suggestions=(answers.suggestions or "").strip() or None, submitted_at=submitted_at, year=year,
        quarter=quarter, **answers.ratings)
    session.add(evaluation)
    session.flush()
    for category_id in dict.fromkeys(answers.category_ids):
        session.add(EvaluationContent(evaluation_id=evaluation.id, category_id=category_id))
    open_cases(session, evaluation)
    session.flush()
    return evaluation
