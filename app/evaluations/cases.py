"""Dissatisfaction cases (7.1-3): a rating at or below ``DISSATISFIED_AT`` opens one case per low
dimension for the responsible window and institution (the need's), whose people are told by a site
message. The institution or window writes down the cause (open → analysed); staff close it.
"""
from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..roles import ADMIN, INSTITUTION, PLATFORM_STAFF, WINDOW_STAFF
from ..scoping import role_names, user_organisation_id, user_window_ids
from .dimensions import DIMENSIONS
from .models import ANALYSED, CLOSED, OPEN, DissatisfactionCase, Evaluation, _now

LABELS = dict(DIMENSIONS)


class CaseError(ValueError):
    """A step of a case refused; ``str()`` is the translated message."""


def open_cases(session: Session, evaluation: Evaluation) -> list[DissatisfactionCase]:
    """One case per low rating with a reason, and a site message to who must answer it."""
    from .notices import tell_responsible

    cases = []
    for column, _label in DIMENSIONS:
        reason = (evaluation.reasons or {}).get(column)
        if reason:
            case = DissatisfactionCase(evaluation_id=evaluation.id, dimension=column,
                                       rating=getattr(evaluation, column), reason=reason,
                                       institution_id=evaluation.institution_id, window_id=evaluation.window_id)
            session.add(case)
            cases.append(case)
    if cases:
        session.flush()
        tell_responsible(session, evaluation, cases)
    return cases


def answers_for(user, case: DissatisfactionCase) -> bool:
    """Whether ``user`` may write the cause: staff, the responsible institution's members, the
    responsible window's staff."""
    roles = role_names(user)
    if roles & {ADMIN, PLATFORM_STAFF}:
        return True
    if INSTITUTION in roles and case.institution_id is not None and user_organisation_id(user) == case.institution_id:
        return True
    return WINDOW_STAFF in roles and case.window_id is not None and case.window_id in user_window_ids(user)


def may_close(user) -> bool:
    """Only platform staff close a case."""
    return bool(role_names(user) & {ADMIN, PLATFORM_STAFF})


def record_cause(session: Session, case: DissatisfactionCase, cause: str, actor: str) -> None:
    """Write the cause analysis (open → analysed; an analysed case may be revised until closed)."""
    if case.state == CLOSED:
        raise CaseError(gettext("This dissatisfaction case is closed."))
    if not (cause or "").strip():
        raise CaseError(gettext("Write down the cause that was found."))
    case.cause, case.answered_by, case.state = cause.strip(), actor[:128], ANALYSED
    session.flush()


def close_case(session: Session, case: DissatisfactionCase) -> None:
    """Close an analysed case; an open one has no cause yet and is refused."""
    if case.state == OPEN:
        raise CaseError(gettext("Record the cause before closing the case."))
    if case.state == CLOSED:
        raise CaseError(gettext("This dissatisfaction case is closed."))
    case.state, case.closed_at = CLOSED, _now()
    session.flush()


def cases_of(session: Session, evaluation: Evaluation) -> list[DissatisfactionCase]:
    return list(session.scalars(select(DissatisfactionCase).where(DissatisfactionCase.evaluation_id == evaluation.id)
                                .order_by(DissatisfactionCase.dimension)))
