"""What happens to a visit: planned, then logged or cancelled, and the needs collected on it.

Callers commit. A change refused is a ``VisitError`` with a translated message and changes nothing;
logging or cancelling twice (a double click) is refused the second time because the visit is no
longer planned. A need collected twice with the same form token is filed once (``file_need``).
"""
from __future__ import annotations

import datetime as dt

from flask_babel import gettext
from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session

from ..accounts.models import APPROVED, ENTERPRISE, Organisation
from ..needs import flow as needs_flow
from ..needs.models import VISIT, Need
from ..needs.types import SERVICE
from ..workdays import today
from .models import CANCELLED, DONE, PLANNED, EnterpriseVisit, VisitNeed

TEXT_LIMITS = {"purpose": 2000, "visitor": 128, "met": 200, "notes": 4000, "outcome": 4000, "reason": 2000}


class VisitError(ValueError):
    """A change of a visit refused; ``str()`` is the translated message."""


def _text(value: str | None, name: str, required_message: str | None = None) -> str | None:
    value = (value or "").strip()
    if not value:
        if required_message:
            raise VisitError(required_message)
        return None
    if len(value) > TEXT_LIMITS[name]:
        raise VisitError(gettext("A text of the visit is longer than %(max)s characters.", max=TEXT_LIMITS[name]))
    return value


def is_enterprise(session: Session, organisation_id: int | None) -> bool:
    """Whether ``organisation_id`` is an approved enterprise of the platform (what may be visited)."""
    if not organisation_id:
        return False
    return session.scalar(select(Organisation.id).where(Organisation.id == organisation_id,
                                                        Organisation.kind == ENTERPRISE,
                                                        Organisation.status == APPROVED)) is not None


def plan_visit(session: Session, *, organisation_id: int | None, planned_on: dt.date | None, purpose: str,
               visitor: str, actor: str, window_id: int | None = None, visitor_id: int | None = None) -> EnterpriseVisit:
    """A new planned visit; VisitError when the enterprise, the day or the purpose is missing or wrong."""
    if not is_enterprise(session, organisation_id):
        raise VisitError(gettext("Choose the enterprise to visit."))
    if planned_on is None:
        raise VisitError(gettext("Give the day of the visit."))
    purpose = _text(purpose, "purpose", gettext("Say what the visit is for."))
    visitor = _text(visitor, "visitor") or actor
    visit = EnterpriseVisit(window_id=window_id, organisation_id=organisation_id, planned_on=planned_on,
                            purpose=purpose, visitor=visitor, visitor_id=visitor_id, state=PLANNED, created_by=actor)
    session.add(visit)
    session.flush()
    return visit


def _claim(session: Session, visit: EnterpriseVisit, target: str, **values) -> None:
    """Move a planned visit to ``target`` in one conditional UPDATE: of two posts at once, the second
    finds the visit no longer planned and is refused."""
    moved = session.execute(update(EnterpriseVisit).where(EnterpriseVisit.id == visit.id,
                                                          EnterpriseVisit.state == PLANNED)
                            .values(state=target, **values).execution_options(synchronize_session=False)).rowcount
    if not moved:
        session.refresh(visit)
        raise VisitError(gettext("This visit is %(state)s already; nothing was changed.", state=visit.state_label))
    session.refresh(visit)


def log_visit(session: Session, visit: EnterpriseVisit, *, done_on: dt.date | None, met: str, notes: str,
              outcome: str, actor: str) -> EnterpriseVisit:
    """Log a planned visit as done; VisitError when it is not planned, the day is missing or in the
    future, or nothing was written down."""
    if visit.state != PLANNED:
        raise VisitError(gettext("This visit is %(state)s already; nothing was changed.", state=visit.state_label))
    if done_on is None:
        raise VisitError(gettext("Give the day of the visit."))
    if done_on > today():
        raise VisitError(gettext("A visit cannot be logged before it took place."))
    met = _text(met, "met", gettext("Say whom you met."))
    notes = _text(notes, "notes", gettext("Write down what was said."))
    outcome = _text(outcome, "outcome")
    _claim(session, visit, DONE, done_on=done_on, met=met, notes=notes, outcome=outcome, changed_by=actor)
    return visit


def cancel_visit(session: Session, visit: EnterpriseVisit, *, reason: str, actor: str) -> EnterpriseVisit:
    """Cancel a planned visit; VisitError when it is not planned or no reason is given."""
    if visit.state != PLANNED:
        raise VisitError(gettext("This visit is %(state)s already; nothing was changed.", state=visit.state_label))
    reason = _text(reason, "reason", gettext("Say why the visit is cancelled."))
    _claim(session, visit, CANCELLED, cancel_reason=reason, changed_by=actor)
    return visit


def collect_need(session: Session, visit: EnterpriseVisit, *, title: str, description: str, contact_name: str,
                 contact: str, actor: str, item=None, token: str | None = None,
                 filed_by_id: int | None = None) -> Need:
    """File a need collected on a done visit (channel "visit", the visit's window, the visited
    enterprise) and link it to the visit; the same form token files it once. VisitError when the
    visit is not done; ``needs.flow.FlowError`` when the need is refused."""
    if visit.state != DONE:
        raise VisitError(gettext("Needs are collected on a visit once it is logged."))
    if not (title or "").strip():
        raise VisitError(gettext("Say what the enterprise needs."))
    if not (contact_name or "").strip() or not (contact or "").strip():
        raise VisitError(gettext("Give the enterprise's contact person and phone."))
    need, _ = needs_flow.file_need(session, need_type=SERVICE, title=title, description=description,
                                   contact_name=contact_name, contact=contact, actor=actor, token=token, item=item,
                                   organisation_id=visit.organisation_id, filed_by_id=filed_by_id, channel=VISIT,
                                   window_id=visit.window_id)
    if session.scalar(select(VisitNeed.id).where(VisitNeed.need_id == need.id)) is None:
        session.add(VisitNeed(visit_id=visit.id, need_id=need.id))
        session.flush()
    return need


def needs_of(session: Session, visit: EnterpriseVisit) -> list[Need]:
    """The needs collected on ``visit``, in the order they were filed."""
    return list(session.scalars(select(Need).join(VisitNeed, VisitNeed.need_id == Need.id)
                                .where(VisitNeed.visit_id == visit.id).order_by(Need.id)))


def visit_of_need(session: Session, need_id: int) -> EnterpriseVisit | None:
    """The visit a need was collected on, or None."""
    return session.scalar(select(EnterpriseVisit).join(VisitNeed, VisitNeed.visit_id == EnterpriseVisit.id)
                          .where(VisitNeed.need_id == need_id))


def overdue_condition(on: dt.date | None = None):
    """Visits still planned for a day before ``on`` (today): they should have been logged or cancelled."""
    return and_(EnterpriseVisit.state == PLANNED, EnterpriseVisit.planned_on < (on or today()))
