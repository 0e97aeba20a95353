"""What happens to an application, a change request or a deregistration, step by step.

Each step changes the record, appends an ``OrganisationEvent`` (who, when, what) and tells the
people concerned (``app.notify``). Callers commit. Review is due 3 working days after submission
(6.1-6), counted by ``app.workdays`` from the submission (after the cut-off hour or on a
holiday it counts from the next working day). Changes (6.1-3) and deregistrations after a closure
(6.1-4) are due within one calendar month; a late one is accepted, flagged and recorded as late.
"""
from __future__ import annotations

import datetime as dt

from blinker import Namespace
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..notify.events import message_event
from ..notify.send import notify
from ..auth.sessions import end_sessions
from ..roles import PLATFORM_STAFF
from ..workdays import add_months, china_time, deadline, today
from .models import (APPROVED, DEREGISTERED, REJECTED, RETURNED, SUBMITTED, ChangeRequest, Organisation,
                     OrganisationEvent, UserProfile)

# the messages this module sends (app.notify.events: administrators may rewrite them)
APPLICATION_TO_REVIEW = message_event(
    "accounts.application_submitted", _l("Application to review: %(name)s"),
    _l("Due on %(due)s."),
    _l("Registration: an application to review (to staff)"))
REGISTRATION_APPROVED = message_event(
    "accounts.approved", _l("Your registration is approved"),
    _l("%(name)s is now registered on the platform."),
    _l("Registration: approved"))
REGISTRATION_REJECTED = message_event(
    "accounts.rejected", _l("Your registration is rejected"),
    _l("Reason: %(reason)s"),
    _l("Registration: rejected"))
REGISTRATION_RETURNED = message_event(
    "accounts.returned", _l("Your application needs completing"),
    _l("Please complete it and submit it again."),
    _l("Registration: returned to be completed"))
CHANGE_TO_REVIEW = message_event(
    "accounts.change_submitted", _l("Change to review: %(name)s"),
    _l("Due on %(due)s."),
    _l("Organisation change: to review (to staff)"))
CHANGE_APPROVED = message_event(
    "accounts.change_approved", _l("Your change is approved"), "", _l("Organisation change: approved"))
CHANGE_REJECTED = message_event(
    "accounts.change_rejected", _l("Your change is rejected"), _l("Reason: %(reason)s"),
    _l("Organisation change: rejected"))
CHANGE_RETURNED = message_event(
    "accounts.change_returned", _l("Your change needs completing"), _l("Reason: %(reason)s"),
    _l("Organisation change: returned to be completed"))
DEREGISTERED_NOTICE = message_event(
    "accounts.deregistered", _l("%(name)s is deregistered"),
    _l("Reason: %(reason)s"),
    _l("Organisation deregistered"))

REVIEW_WORKING_DAYS = 3
FILING_MONTHS = 1  # 6.1-3 and 6.1-4: a change, or a closure, is filed within one calendar month

signals = Namespace()
#: sent with ``organisation`` after it is deregistered; modules with open work for it (requests)
#: connect to flag that work for reassignment.
organisation_deregistered = signals.signal("qi-organisation-deregistered")


class WorkflowError(ValueError):
    """A step that does not apply to the record's current state."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def members(session: Session, organisation: Organisation) -> list:
    return [p.user for p in session.scalars(select(UserProfile).where(UserProfile.organisation_id == organisation.id))]


def staff(session: Session) -> list:
    from flask_appbuilder.security.sqla.models import Role, User

    return list(session.scalars(select(User).join(User.roles).where(Role.name == PLATFORM_STAFF, User.active.is_(True))))


def _event(session, organisation, action, actor, reason=None, details=None, change=None):
    session.add(OrganisationEvent(organisation_id=organisation.id, action=action, actor=actor, reason=reason,
                                  details=details, change_request_id=change.id if change else None))


def submit_application(session: Session, organisation: Organisation, actor: str) -> None:
    """Send (or send again, after a return) an application to review."""
    if organisation.status not in (None, "draft", RETURNED):
        raise WorkflowError(f"cannot submit an application that is {organisation.status}")
    action = "resubmitted" if organisation.status == RETURNED else "submitted"
    organisation.status, organisation.submitted_on = SUBMITTED, _now()
    organisation.review_due_on = deadline(organisation.submitted_on, REVIEW_WORKING_DAYS)
    organisation.missing = None
    session.flush()
    _event(session, organisation, action, actor, details={"due": organisation.review_due_on.isoformat()})
    notify(session, staff(session), APPLICATION_TO_REVIEW,
           url=f"/review/organisation/{organisation.id}", name=organisation.name,
           due=organisation.review_due_on.isoformat())


def _decide(organisation, status, actor):
    if organisation.status != SUBMITTED:
        raise WorkflowError(f"the application is {organisation.status}, not under review")
    organisation.status, organisation.decided_on, organisation.decision_reason = status, _now(), None


def approve(session: Session, organisation: Organisation, actor: str) -> None:
    _decide(organisation, APPROVED, actor)
    _event(session, organisation, "approved", actor)
    notify(session, members(session, organisation), REGISTRATION_APPROVED, url="/account/organisation/",
           name=organisation.name)


def reject(session: Session, organisation: Organisation, actor: str, reason: str) -> None:
    if not (reason or "").strip():
        raise WorkflowError("a rejection needs a reason")
    _decide(organisation, REJECTED, actor)
    organisation.decision_reason = reason.strip()
    _event(session, organisation, "rejected", actor, reason=organisation.decision_reason)
    notify(session, members(session, organisation), REGISTRATION_REJECTED,
           url="/account/organisation/", reason=organisation.decision_reason)
    for profile in organisation.members:  # its users lose access now, not when their session expires
        end_sessions(session, profile.user_id)


def return_for_completion(session: Session, organisation: Organisation, actor: str, missing: list[str],
                          note: str = "") -> None:
    """Send an application back with the list of what is missing; the applicant completes it."""
    if not missing and not note.strip():
        raise WorkflowError("say what is missing")
    _decide(organisation, RETURNED, actor)
    organisation.missing, organisation.decision_reason = list(missing), note.strip() or None
    _event(session, organisation, "returned", actor, reason=organisation.decision_reason, details={"missing": missing})
    notify(session, members(session, organisation), REGISTRATION_RETURNED, url="/account/organisation/")


def submit_change(session: Session, organisation: Organisation, actor: str, changed_on_date: dt.date,
                  new_name: str | None = None, new_address: str | None = None,
                  new_legal_representative: str | None = None) -> ChangeRequest:
    """File a change of name, address or legal representative (6.1-3)."""
    if organisation.status != APPROVED:
        raise WorkflowError("only an approved organisation files changes")
    change = ChangeRequest(
        organisation_id=organisation.id, new_name=new_name or None, new_address=new_address or None,
        new_legal_representative=new_legal_representative or None, changed_on_date=changed_on_date,
        old_values={"name": organisation.name, "address": organisation.address,
                    "legal_representative": organisation.legal_representative},
        review_due_on=deadline(_now(), REVIEW_WORKING_DAYS))
    if not change.new_values():
        raise WorkflowError("nothing changes")
    session.add(change)
    session.flush()
    _event(session, organisation, "change_submitted", actor, change=change,
           details={"new": change.new_values(), "late": is_late(change)})
    notify(session, staff(session), CHANGE_TO_REVIEW,
           url=f"/review/change/{change.id}", name=organisation.name, due=change.review_due_on.isoformat())
    return change


def is_late(change: ChangeRequest) -> bool:
    """Filed more than one calendar month after the change happened (the reviewer is reminded of
    6.1-3): a change of 2026-01-31 is on time until 2026-02-28."""
    filed = china_time(change.submitted_on).date() if change.submitted_on else today()
    return filed > add_months(change.changed_on_date, FILING_MONTHS)


def deregistration_is_late(closure_date: dt.date | None, filed: dt.date | None = None) -> bool:
    """A closed institution deregisters within one calendar month of its closure (6.1-4): whether
    deregistering on ``filed`` (today) is later than that. Without a closure date it cannot be."""
    if closure_date is None:
        return False
    return (filed or today()) > add_months(closure_date, FILING_MONTHS)


def decide_change(session: Session, change: ChangeRequest, actor: str, decision: str, reason: str = "",
                  missing: list[str] | None = None) -> None:
    """Approve (the new values replace the old, which stay in the history), reject or return."""
    if change.status != SUBMITTED:
        raise WorkflowError(f"the change is {change.status}, not under review")
    organisation = change.organisation
    if decision == APPROVED:
        new = change.new_values()
        for field, value in new.items():
            setattr(organisation, field, value)
        details = {"old": change.old_values, "new": new}
        event = CHANGE_APPROVED
    elif decision in (REJECTED, RETURNED):
        if not (reason or "").strip() and not missing:
            raise WorkflowError("a rejection or return needs a reason")
        details = {"missing": missing or []}
        event = CHANGE_REJECTED if decision == REJECTED else CHANGE_RETURNED
    else:
        raise WorkflowError(f"unknown decision {decision}")
    change.status, change.decided_on = decision, _now()
    change.decision_reason, change.missing = (reason or "").strip() or None, missing or None
    _event(session, organisation, f"change_{decision}", actor, reason=change.decision_reason, details=details,
           change=change)
    notify(session, members(session, organisation), event, url="/account/organisation/",
           reason=change.decision_reason or "—")


def deregister(session: Session, organisation: Organisation, actor: str, reason: str,
               closure_date: dt.date | None = None, by_staff: bool = False) -> None:
    """Deregister (6.1-4): by the institution when it closes, by staff when a qualification is revoked.

    The organisation leaves public search, its users can no longer sign in, its records stay.
    """
    if organisation.status == DEREGISTERED:
        raise WorkflowError("already deregistered")
    if not (reason or "").strip():
        raise WorkflowError("a deregistration needs a reason")
    organisation.status, organisation.closure_date = DEREGISTERED, closure_date
    organisation.decision_reason, organisation.decided_on = reason.strip(), _now()
    _event(session, organisation, "deregistered_by_staff" if by_staff else "deregistered", actor,
           reason=organisation.decision_reason,
           details={"closure_date": closure_date.isoformat() if closure_date else None,
                    "late": deregistration_is_late(closure_date)})
    notify(session, members(session, organisation), DEREGISTERED_NOTICE,
           name=organisation.name, reason=organisation.decision_reason)
    for profile in organisation.members:  # tokens and sessions issued before end now
        end_sessions(session, profile.user_id)
    organisation_deregistered.send(organisation, session=session)
