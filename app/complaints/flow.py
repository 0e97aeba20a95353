"""What happens to a complaint: filing it (numbered ``TS-YYYY-NNNNNN``, with a secret code) and each
step of ``states.STEPS``, with its history event and deadline.

Callers commit. A refused step is a ``ComplaintError`` with a translated message and changes
nothing. Of two posts of the same step racing in two workers, the first claims the complaint with a
conditional ``UPDATE … WHERE state = <the state it saw>`` and the second finds nothing to claim and
is refused: one step, one history event.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from blinker import Namespace
from flask_babel import gettext
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..needs.texts import split
from ..numbering import next_number
from ..workdays import CHINA, add_working_days, deadline, today
from .models import INVESTIGATING, OPEN_STATES, RECEIVED, TOLD, Complaint, ComplaintEvent, _now
from .types import is_type
from .states import INVESTIGATE_DAYS, REOPEN_DAYS, STAGE_DAYS, STEPS

PREFIX = "TS"

signals = Namespace()
#: sent with ``complaint``, ``step`` (a step name or ``"file"``) and ``session`` after each step,
#: inside the caller's transaction (``notices`` connects here)
complaint_stepped = signals.signal("qi-complaint-stepped")


class ComplaintError(ValueError):
    """A complaint or a step the platform refuses; ``str()`` is the translated message."""


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def new_code() -> str:
    """A secret code to follow a complaint without an account: 8 characters, no look-alikes."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def code_matches(code_hash: str, code: str) -> bool:
    """Whether ``code`` is the secret code stored as ``code_hash`` (constant time)."""
    return hmac.compare_digest(code_hash, _hash((code or "").strip().upper()))


def file_complaint(session: Session, *, institution_id: int | None, institution_name: str | None,
                   complaint_type: str, content: str, request: str, complainant_name: str, contact: str,
                   actor: str, token: str | None = None, channel: str = "online", need_id: int | None = None,
                   organisation_id: int | None = None, filed_by_id: int | None = None,
                   recorded_by: str | None = None, window_id: int | None = None,
                   submitted_at: dt.datetime | None = None) -> tuple[Complaint, str]:
    """A new complaint, numbered, with its investigation deadline and first history event; returns
    it and its secret code. ``token`` (the form's) makes a second post of the same form return the
    first complaint, with no code (it was shown once). Exactly one of ``institution_id`` (a platform
    institution, checked by the caller) and ``institution_name`` (an outside one) is given."""
    institution_name = (institution_name or "").strip() or None
    if bool(institution_id) == bool(institution_name):
        raise ComplaintError(gettext("Choose the platform institution you complain about, or type the name of "
                                     "an outside one: exactly one of the two."))
    if not is_type(complaint_type):
        raise ComplaintError(gettext("Choose the type of complaint from the list."))
    content, request = (content or "").strip(), (request or "").strip()
    if not content:
        raise ComplaintError(gettext("Please describe what you complain about."))
    if not request:
        raise ComplaintError(gettext("Please say what you ask the platform to do."))
    if token:
        existing = session.scalar(select(Complaint).where(Complaint.token == token))
        if existing is not None:
            return existing, ""
    submitted_at = submitted_at or _now()
    code = new_code()
    complaint = Complaint(
        number=next_number(session, PREFIX, (submitted_at + CHINA.utcoffset(None)).year), code_hash=_hash(code),
        token=token or secrets.token_hex(16), channel=channel, institution_id=institution_id or None,
        institution_name=institution_name, complaint_type=complaint_type, content=content, request=request,
        need_id=need_id, complainant_name=complainant_name.strip(), contact=contact.strip(),
        organisation_id=organisation_id, filed_by_id=filed_by_id, recorded_by=recorded_by, window_id=window_id,
        state=RECEIVED, submitted_at=submitted_at, due_on=deadline(submitted_at, STAGE_DAYS[RECEIVED]))
    session.add(complaint)
    session.flush()
    _event(session, complaint, actor, "file", None, RECEIVED, None, at=submitted_at)
    complaint_stepped.send(complaint, step="file", session=session)
    return complaint, code


def _event(session, complaint, actor, action, from_state, to_state, comment, at=None, comment_key=None):
    session.add(ComplaintEvent(complaint_id=complaint.id, actor=actor, action=action, from_state=from_state,
                               to_state=to_state, comment=comment, comment_key=comment_key, at=at or _now()))


def reopen_until(complaint: Complaint) -> dt.date | None:
    """The last day the complainant may reopen a told complaint (None: it cannot be reopened)."""
    if complaint.state != TOLD or complaint.reopened_at is not None or complaint.told_at is None:
        return None
    return add_working_days((complaint.told_at + CHINA.utcoffset(None)).date(), REOPEN_DAYS)


def _applies(complaint: Complaint, name: str, on: dt.date | None = None) -> bool:
    step = STEPS[name]
    if complaint.state not in step.sources:
        return False
    if name == "forward":  # only a platform institution can be forwarded to
        return complaint.institution_id is not None
    if name == "reopen":
        last = reopen_until(complaint)
        return last is not None and (on or today()) <= last
    return True


def allowed_steps(complaint: Complaint, actor_kinds: set[str]) -> list:
    """The steps ``actor_kinds`` may take on ``complaint`` now, in flow order."""
    return [step for step in STEPS.values() if step.actors & actor_kinds and _applies(complaint, step.name)]


def _due(complaint: Complaint, step_name: str, target: str) -> dt.date | None:
    if step_name == "reopen":
        return add_working_days(today(), INVESTIGATE_DAYS)
    if target == INVESTIGATING:  # taking it up keeps the deadline counted from receipt
        return complaint.due_on
    days = STAGE_DAYS.get(target)
    return add_working_days(today(), days) if days else None


def take_step(session: Session, complaint: Complaint, step_name: str, *, actor: str, actor_kinds: set[str],
              comment=None) -> Complaint:
    """Take ``step_name`` on ``complaint``; ``ComplaintError`` (translated) when it does not apply,
    when it is not the actor's, or when someone else moved the complaint since it was read."""
    step = STEPS.get(step_name)
    if step is None:
        raise ComplaintError(gettext("Unknown step."))
    if not step.actors & actor_kinds:
        raise ComplaintError(gettext("You may not take this step."))
    if not _applies(complaint, step_name):
        if step_name == "reopen" and complaint.state == TOLD:
            raise ComplaintError(gettext("This complaint can no longer be reopened: it may be reopened once, "
                                         "within %(days)d working days after the outcome was told.", days=REOPEN_DAYS))
        raise ComplaintError(gettext("This complaint is “%(state)s”: “%(step)s” does not apply now.",
                                     state=complaint.state_label, step=step.label))
    comment, comment_key = split(comment.strip() if isinstance(comment, str) else comment)
    comment = comment or None
    if step.needs_comment and not comment:
        raise ComplaintError(gettext("%(what)s is required.", what=step.comment_label))
    seen = complaint.state
    # Claim the complaint in the state this request saw: of two racing posts the second waits for
    # the first to commit, then matches no row (one step, one event).
    claimed = session.execute(update(Complaint).where(Complaint.id == complaint.id, Complaint.state == seen)
                              .values(state=seen).execution_options(synchronize_session=False)).rowcount
    if not claimed:
        raise ComplaintError(gettext("This complaint has just been changed by someone else; nothing was done."))
    now, target = _now(), step.target
    if step.keeps:
        setattr(complaint, step.keeps, comment)
    if step_name == "forward":
        complaint.forwarded_to_id = complaint.institution_id
    elif step_name == "tell":
        complaint.told_at = now
    elif step_name == "close":
        complaint.closed_at = now
    elif step_name == "reopen":
        complaint.reopened_at = now
    complaint.due_on = _due(complaint, step_name, target)
    complaint.state = target
    _event(session, complaint, actor, step_name, seen, target, comment, comment_key=comment_key)
    session.flush()
    complaint_stepped.send(complaint, step=step_name, session=session)
    return complaint


def is_overdue(complaint: Complaint, on: dt.date | None = None) -> bool:
    """Whether an open complaint is past its current stage's deadline."""
    return complaint.state in OPEN_STATES and complaint.due_on is not None and complaint.due_on < (on or today())

