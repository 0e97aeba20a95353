"""Who is told what when a need takes a step (connected to ``flow.need_stepped``).

- ``match``: the members of the matched institution (site message, and e-mail where configured);
- ``respond``, ``plan``: the members of the enterprise;
- ``refer``: the enterprise, and the need's contact by SMS or e-mail: the outside institution is
  recorded on the need and the enterprise told where to go (6.3.2-3);
- ``inform``: the completion notice (6.4.1-1): a site message to the enterprise's members, e-mail
  through the outbox (``QI_MAIL_ENABLED``), and an SMS to the need's contact when it is a mobile
  number (``app.notify.sms``), or an e-mail when it is an address. It is sent once: a
  ``notice`` event in the need's history marks it, so calling it again (a retry) sends nothing,
  and a second ``inform`` is refused by the flow.

Everything happens inside the step's transaction: site messages and e-mails are rows, SMS wait for
the commit, so a step that fails tells nobody.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import force_locale, gettext, lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.models import UserProfile
from ..i18n import msgid
from ..notify.events import message_event, sms_event
from ..notify.models import OutboxMail
from ..notify.send import notify
from ..notify.sms import masked, mobile_number, queue_sms, sms_number
from ..notify.templates import sms_text
from ..parameters.read import setting
from .flow import need_stepped
from .models import Need, NeedEvent, _now

# the messages this module sends (app.notify.events: administrators may rewrite them)
NEED_MATCHED = message_event(
    "needs.matched", _l("A need was matched to you: %(number)s"),
    _l("%(subject)s. Accept or decline it on the need page."),
    _l("Need: matched to the institution"))
NEED_RECEIVED = message_event(
    "needs.responded", _l("Your need %(number)s was received"),
    _l("The platform answers with a plan by %(due)s."),
    _l("Need: received, plan due"))
NEED_PLANNED = message_event(
    "needs.planned", _l("A plan was given for your need %(number)s"),
    _l("Open the need to read the plan."),
    _l("Need: plan given"))
NEED_REFERRED = message_event(
    "needs.referred", _l("Your need %(number)s was referred to an outside institution"),
    _l("Outside institution: %(referral)s"),
    _l("Need: referred outside"))
NEED_COMPLETED_SURVEY = message_event(
    "needs.completed_survey", _l("Your need %(number)s is completed"),
    _l("Result: %(result)s. Please rate the service with the satisfaction survey (valid until %(until)s): %(link)s"),
    _l("Need: completed, with the survey link"))
# the texts to a need's own contact: an SMS to a mobile number, else an e-mail to an address
CONTACT_REFERRED = sms_event("needs.contact_referred", _l("QI platform: your need %(number)s was referred to %(referral)s."),
                             _l("Need: referred outside (text to the contact)"))
CONTACT_COMPLETED_SURVEY = sms_event(
    "needs.contact_completed_survey",
    _l("QI platform: your need %(number)s is completed. Result: %(result)s Please rate the service: %(link)s"),
    _l("Need: completed, with the survey link (text to the contact)"))
CONTACT_COMPLETED = sms_event(
    "needs.contact_completed", _l("QI platform: your need %(number)s is completed. Result: %(result)s"),
    _l("Need: completed (text to the contact)"))
NEED_COMPLETED = message_event(
    "needs.completed", _l("Your need %(number)s is completed"),
    _l("Result: %(result)s. The details are on the need page."),
    _l("Need: completed"))

NOTICE = "notice"  # the history action that marks the completion notice as sent
#: labels of the history actions this module writes (the need page shows them)
EVENT_LABELS = {NOTICE: _l("Completion notice sent")}
SYSTEM = "system"  # the actor of what the platform does by itself (not a user name: no user is called so)


def describe_channels(comment: str | None) -> str:
    """The channels a notice event records (``site:2 sms:139****2345 mail:contact``), in the reader's
    language at display time."""
    from flask_babel import gettext

    parts = []
    for token in (comment or "").split():
        kind, _, value = token.partition(":")
        if kind == "site":
            parts.append(gettext("site message to %(n)s member(s)", n=value))
        elif kind == "sms":
            parts.append(gettext("SMS to %(phone)s", phone=value))
        elif kind == "mail":
            parts.append(gettext("e-mail to the contact"))
        else:
            parts.append(token)
    return "; ".join(parts)
_RESULT_CHARS = 60  # of the result, in an SMS


def need_url(need: Need) -> str:
    """The need page's address."""
    return f"/needs/case/{need.number}"


def members_of(session: Session, organisation_id: int | None) -> list:
    """The users of an organisation (none for ``None``)."""
    if organisation_id is None:
        return []
    return [p.user for p in session.scalars(select(UserProfile).where(UserProfile.organisation_id == organisation_id))]


def _render(text, **params) -> str:
    """``text`` (a msgid) in Chinese: SMS and the contact's e-mail go to mainland addresses."""
    with force_locale("zh"):
        return gettext(msgid(text), **params)


def _tell_contact(session: Session, need: Need, event, users: list, **params) -> str | None:
    """Text or e-mail the need's own contact (an anonymous filer has no other way to hear) the text
    of ``event`` (an ``sms_event``, its administrators' text when one is saved); returns what was
    used ("sms", "mail") or None."""
    text = sms_text(session, event, **params)
    phone = sms_number(need.contact)
    if phone:
        queue_sms(session, phone, text)
        return "sms"
    address = need.contact.strip()
    if "@" in address and setting("QI_MAIL_ENABLED") and \
            address.lower() not in {(getattr(u, "email", "") or "").lower() for u in users}:
        link = current_app.config.get("QI_BASE_URL", "").rstrip("/") + need_url(need)
        session.add(OutboxMail(to_address=address, subject=_render(_l("Your need %(number)s"), number=need.number),
                               body=text + "\n\n" + link))
        return "mail"
    return None


def tell_matched_institution(session: Session, need: Need) -> int:
    """Tell the institution's members a need was matched to them."""
    return notify(session, members_of(session, need.institution_id), NEED_MATCHED, url=need_url(need),
                  number=need.number, subject=need.title)


def tell_enterprise(session: Session, need: Need, step: str) -> int:
    """Tell the enterprise the need was responded to, answered with a plan, or referred outside."""
    users = members_of(session, need.organisation_id)
    if step == "respond":
        return notify(session, users, NEED_RECEIVED, url=need_url(need), number=need.number,
                      due=need.answer_due.isoformat())
    if step == "plan":
        return notify(session, users, NEED_PLANNED, url=need_url(need), number=need.number)
    if step == "refer":
        count = notify(session, users, NEED_REFERRED, url=need_url(need), number=need.number,
                       referral=need.referral or "")
        _tell_contact(session, need, CONTACT_REFERRED, users,
                      number=need.number, referral=(need.referral or "")[:_RESULT_CHARS])
        return count
    return 0


def completion_notice_sent(session: Session, need: Need) -> bool:
    """Whether the completion notice of ``need`` went out already."""
    return session.scalar(select(NeedEvent.id).where(NeedEvent.need_id == need.id, NeedEvent.action == NOTICE)
                          .limit(1)) is not None


def absolute(path: str) -> str:
    """``path`` under ``QI_BASE_URL`` (for SMS and e-mail, read outside the site)."""
    return current_app.config.get("QI_BASE_URL", "").rstrip("/") + path


def send_completion_notice(session: Session, need: Need, survey_links: dict | None = None) -> bool:
    """The completion notice (6.4.1-1), once per need; returns whether it was sent now.

    ``survey_links`` (``{user_id: token}``, ``None`` for the need's contact; made by
    ``app.evaluations.invitations.invite``) puts each recipient's own survey link in the notice."""
    from ..evaluations.invitations import survey_path, valid_days

    if completion_notice_sent(session, need):
        return False
    survey_links = survey_links or {}
    users = members_of(session, need.organisation_id)
    result = need.result or ""
    until = (need.informed_at or _now()).date() + dt.timedelta(days=valid_days())
    for user in users:
        token = survey_links.get(user.id)
        if token:
            notify(session, [user], NEED_COMPLETED_SURVEY, url=survey_path(token), number=need.number, result=result,
                   until=until.isoformat(), link=absolute(survey_path(token)))
        else:
            notify(session, [user], NEED_COMPLETED, url=need_url(need),
                   number=need.number, result=result)
    short = result if len(result) <= _RESULT_CHARS else result[:_RESULT_CHARS] + "…"
    contact_token = survey_links.get(None)
    if contact_token:
        used = _tell_contact(session, need, CONTACT_COMPLETED_SURVEY, users,
                             number=need.number, result=short,
                             link=absolute(survey_path(contact_token)))
    else:
        used = _tell_contact(session, need, CONTACT_COMPLETED, users, number=need.number, result=short)
    channels = [f"site:{len(users)}"] + ([f"sms:{masked(mobile_number(need.contact))}"] if used == "sms" else []) + \
        (["mail:contact"] if used == "mail" else [])
    session.add(NeedEvent(need_id=need.id, actor=SYSTEM, action=NOTICE, comment=" ".join(channels)))
    session.flush()
    return True


def on_need_stepped(need: Need, step: str, session: Session, **_):
    """The receiver of ``flow.need_stepped``."""
    if step == "match":
        tell_matched_institution(session, need)
    elif step in ("respond", "plan", "refer"):
        tell_enterprise(session, need, step)
    # ``inform``: the completion notice goes out from app.evaluations.notices, with the survey links


need_stepped.connect(on_need_stepped)
