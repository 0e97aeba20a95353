"""Who is told what when a complaint takes a step (connected to ``flow.complaint_stepped``), inside
the step's transaction (site messages and e-mails are rows, SMS wait for the commit):

- ``forward``: the members of the institution it was forwarded to (site message, e-mail where
  configured), so it can reply by the deadline;
- ``tell``: the complainant: the members of their enterprise, or the signed-in user who filed it
  (site message), and their contact by SMS when it is a mobile number, or by e-mail (outbox) when it
  is an address. SMS and the contact's e-mail are written in Chinese: they go to mainland numbers.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import force_locale, gettext, lazy_gettext as _l
from flask_appbuilder.security.sqla.models import User
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..i18n import msgid
from ..needs.notices import members_of
from ..notify.events import message_event, sms_event
from ..notify.models import OutboxMail
from ..notify.send import notify
from ..notify.sms import queue_sms, sms_number
from ..notify.templates import sms_text
from ..parameters.read import setting
from .flow import complaint_stepped
from .models import Complaint

# the messages this module sends (app.notify.events: administrators may rewrite them)
COMPLAINT_FORWARDED = message_event(
    "complaints.forwarded", _l("A complaint was forwarded to you: %(number)s"),
    _l("Please reply on the complaint page by %(due)s."),
    _l("Complaint: forwarded to the institution"))
OUTCOME_SMS = sms_event("complaints.outcome_sms", _l("QI platform: the outcome of your complaint %(number)s: %(outcome)s"),
                        _l("Complaint: outcome (SMS to the complainant)"))
COMPLAINT_OUTCOME = message_event(
    "complaints.outcome", _l("The outcome of your complaint %(number)s"),
    _l("Outcome: %(outcome)s"),
    _l("Complaint: the outcome told"))

_OUTCOME_CHARS = 60  # of the outcome, in an SMS


def complaint_url(complaint: Complaint) -> str:
    """The complaint page's address (for those who may open it)."""
    return f"/complaints/case/{complaint.number}"


def _zh(text, **params) -> str:
    with force_locale("zh"):
        return gettext(msgid(text), **params)


def tell_institution(session: Session, complaint: Complaint) -> int:
    """Tell the institution's members a complaint about them was forwarded to them."""
    return notify(session, members_of(session, complaint.forwarded_to_id),
                  COMPLAINT_FORWARDED, url=complaint_url(complaint),
                  number=complaint.number, due=complaint.due_on.isoformat() if complaint.due_on else "")


def tell_complainant(session: Session, complaint: Complaint) -> str | None:
    """Tell the complainant the outcome; returns the channel used for their contact ("sms", "mail")."""
    users = members_of(session, complaint.organisation_id)
    if complaint.filed_by_id is not None and complaint.filed_by_id not in {u.id for u in users}:
        filer = session.scalar(select(User).where(User.id == complaint.filed_by_id))
        users += [filer] if filer is not None else []
    outcome = complaint.outcome or ""
    notify(session, users, COMPLAINT_OUTCOME,
           url=complaint_url(complaint), number=complaint.number, outcome=outcome)
    short = outcome if len(outcome) <= _OUTCOME_CHARS else outcome[:_OUTCOME_CHARS] + "…"
    phone = sms_number(complaint.contact)
    if phone:
        queue_sms(session, phone, sms_text(session, OUTCOME_SMS, number=complaint.number, outcome=short))
        return "sms"
    address = complaint.contact.strip()
    if "@" in address and setting("QI_MAIL_ENABLED") and \
            address.lower() not in {(u.email or "").lower() for u in users}:
        link = current_app.config.get("QI_BASE_URL", "").rstrip("/") + "/complaints/follow"
        session.add(OutboxMail(to_address=address, subject=_zh(_l("The outcome of your complaint %(number)s"),
                                                               number=complaint.number),
                               body=_zh(_l("Outcome: %(outcome)s"), outcome=outcome) + "\n\n" + link))
        return "mail"
    return None


def on_complaint_stepped(complaint: Complaint, step: str, session: Session, **_):
    """The receiver of ``flow.complaint_stepped``."""
    if step == "forward":
        tell_institution(session, complaint)
    elif step == "tell":
        tell_complainant(session, complaint)


complaint_stepped.connect(on_complaint_stepped)
