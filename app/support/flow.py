"""The steps of a support ticket. A user opens one with a subject and a question; support answers
(the user is told by a site message, and by e-mail where mail is on); the user writes back, which
makes it support's turn again; either side closes it, and a message on a closed ticket opens it
again. Every refusal is a ``SupportError`` whose ``str()`` is the translated reason; nothing is
changed then. The caller commits.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..notify.events import message_event
from ..notify.send import notify
from ..numbering import next_number
from .models import ANSWERED, CLOSED, OPEN, SupportMessage, SupportTicket

# the messages this module sends (app.notify.events: administrators may rewrite them)
TICKET_ANSWERED = message_event(
    "support.answered", _l("Support answered your ticket %(number)s"),
    _l("%(subject)s: open the ticket to read the answer."),
    _l("Support ticket: answered"))
TICKET_CLOSED = message_event(
    "support.closed", _l("Support closed your ticket %(number)s"),
    _l("%(subject)s: write on the ticket if the problem is not solved, and it opens again."),
    _l("Support ticket: closed by support"))
TICKET_REPLIED = message_event(
    "support.replied", _l("New message on support ticket %(number)s"),
    _l("%(subject)s: the user wrote back."),
    _l("Support ticket: the user wrote back (to staff)"))

PREFIX = "JSZC"  # 技术支持
SUBJECT_MAX, BODY_MAX = 200, 5000


class SupportError(ValueError):
    """A step the rules refuse; ``str()`` is the translated reason."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _text(value, what: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise SupportError(gettext("%(what)s is required.", what=what))
    if len(value) > limit:
        raise SupportError(gettext("%(what)s is too long (at most %(limit)d characters).", what=what, limit=limit))
    return value


def ticket_url(ticket: SupportTicket) -> str:
    """The ticket page's address, kept on the messages (written outside a request too: the demo)."""
    return f"/support/{ticket.id}"


def open_ticket(session: Session, user, *, subject, body, token: str, page: str | None = None,
                browser: str | None = None, error_id: str | None = None) -> tuple[SupportTicket, bool]:
    """(the ticket, True) for a new one; (the ticket this form already opened, False) when the same
    form comes again (a double click, a resend)."""
    earlier = session.scalar(select(SupportTicket).where(SupportTicket.token == token))
    if earlier is not None:
        return earlier, False
    subject = _text(subject, gettext("The subject"), SUBJECT_MAX)
    body = _text(body, gettext("The description of the problem"), BODY_MAX)
    ticket = SupportTicket(number=next_number(session, PREFIX), token=token, user_id=user.id, subject=subject,
                           page=page, browser=browser, error_id=error_id, state=OPEN)
    session.add(ticket)
    session.flush()
    session.add(SupportMessage(ticket_id=ticket.id, author_id=user.id, from_support=False, body=body))
    session.flush()
    return ticket, True


def write(session: Session, ticket: SupportTicket, author, body, from_support: bool) -> SupportMessage:
    """A message on the ticket: support's answers it (the user is told), the user's gives it back to
    support; on a closed ticket either opens it again."""
    body = _text(body, gettext("The message"), BODY_MAX)
    message = SupportMessage(ticket_id=ticket.id, author_id=author.id, from_support=from_support, body=body)
    session.add(message)
    ticket.state, ticket.updated_at, ticket.closed_at = (ANSWERED if from_support else OPEN), _now(), None
    session.flush()
    if from_support:
        notify(session, [ticket.user], TICKET_ANSWERED, url=ticket_url(ticket),
               number=ticket.number, subject=ticket.subject)
    else:  # whoever answered last follows the conversation; the desk's queue shows it to the others
        last = session.scalar(select(SupportMessage).where(SupportMessage.ticket_id == ticket.id,
                                                           SupportMessage.from_support.is_(True))
                              .order_by(SupportMessage.id.desc()).limit(1))
        if last is not None and last.author is not None and last.author_id != author.id:
            notify(session, [last.author], TICKET_REPLIED, url=ticket_url(ticket),
                   number=ticket.number, subject=ticket.subject)
    return message


def close(session: Session, ticket: SupportTicket, by, by_support: bool) -> None:
    """Close the ticket; when support closes it, the user is told."""
    if ticket.state == CLOSED:
        raise SupportError(gettext("The ticket is already closed."))
    ticket.state, ticket.closed_at, ticket.updated_at = CLOSED, _now(), _now()
    session.flush()
    if by_support and by.id != ticket.user_id:
        notify(session, [ticket.user], TICKET_CLOSED,
               url=ticket_url(ticket), number=ticket.number, subject=ticket.subject)
