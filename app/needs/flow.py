"""What happens to a need, step by step.

``file_need`` numbers a new need and sets its deadlines; ``take_step`` moves it along
``states.STEPS`` after checking the step applies to its state and to the actor, and appends a
``NeedEvent``. Callers commit. A step refused is a ``FlowError`` with a translated message and
changes nothing; a step taken twice (a double click) is refused the second time because the need
is no longer in a state the step starts from.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from blinker import Namespace
from flask import current_app, has_app_context
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..numbering import next_number
from ..workdays import today
from . import clock, texts
from .models import Need, NeedEvent, _now
from .states import ANSWERED_STEPS, RESPONDED, STEPS, SUBMITTED, WAITING
from .types import BUILT_IN, NeedType

PREFIX = "XQ"

signals = Namespace()
#: sent with ``need`` and ``step`` (a step name, or ``"file"``) after each step, inside the caller's
#: transaction: notices (completion notice, the institution told of a match …) connect here.
need_stepped = signals.signal("qi-need-stepped")


class FlowError(ValueError):
    """A step that does not apply; ``str()`` is the translated message for the user."""


def need_types() -> dict[str, NeedType]:
    """Every need type: the platform's and the loaded plugins'."""
    types = current_app.extensions.get("qi_need_types") if has_app_context() else None
    return {t.code: t for t in (types if types is not None else BUILT_IN)}


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def new_code() -> str:
    """A secret code to follow a need without an account: 8 characters, no look-alikes."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def code_matches(need: Need, code: str) -> bool:
    return hmac.compare_digest(need.code_hash, _hash(code.strip().upper()))


def file_need(session: Session, *, need_type: str, title, contact_name: str, contact: str, actor: str,
              token: str | None = None, description: str = "", item=None, organisation_id: int | None = None,
              filed_by_id: int | None = None, channel: str = "online", window_id: int | None = None,
              details: dict | None = None, submitted_at: dt.datetime | None = None) -> tuple[Need, str]:
    """A new need, numbered, with its deadlines and first event; returns it and its secret code.

    ``token`` (the form's one-use token) makes a second submission of the same form return the
    first need (with no code: it was shown once). ``title`` is what the person typed, or a
    ``need_text(...)`` the platform generated (shown in each reader's language)."""
    types = need_types()
    if need_type not in types:
        raise FlowError(gettext("Unknown kind of need."))
    if token:
        existing = session.scalar(select(Need).where(Need.token == token))
        if existing is not None:
            return existing, ""
    kind = types[need_type]
    submitted_at = submitted_at or _now()
    respond_days, answer_days = kind.respond_days, kind.answer_days
    if item is not None and item.local_time_limits:  # a local rule set for the item (labelled where shown)
        respond_days = item.respond_days if item.respond_days is not None else respond_days
        answer_days = max(item.answer_days if item.answer_days is not None else answer_days, respond_days)
    start, respond_due, answer_due = clock.deadlines(submitted_at, respond_days, answer_days)
    code = new_code()
    if item is None:  # a plugin's type says where its needs belong (lists, SLA board, matchers)
        item = _type_item(session, kind)
    category_id = item.category_id if item is not None else _type_category_id(session, kind)
    title, title_key = texts.split(title.strip() if isinstance(title, str) else title, 200)
    need = Need(number=next_number(session, PREFIX, (submitted_at + clock.CHINA).year), code_hash=_hash(code),
                token=token or secrets.token_hex(16), need_type=need_type, item_id=item.id if item else None,
                category_id=category_id, organisation_id=organisation_id, filed_by_id=filed_by_id, channel=channel,
                window_id=window_id, contact_name=contact_name.strip(), contact=contact.strip(),
                title=title, title_key=title_key, description=(description or "").strip(), details=details, state=SUBMITTED,
                submitted_at=submitted_at, counted_from=start, respond_due=respond_due, answer_due=answer_due)
    session.add(need)
    session.flush()
    _event(session, need, actor, "file", None, SUBMITTED, None, at=submitted_at)
    need_stepped.send(need, step="file", session=session)
    return need, code


def _type_item(session: Session, kind: NeedType):
    from ..catalog.models import ServiceItem

    return session.scalar(select(ServiceItem).where(ServiceItem.code == kind.item)) if kind.item else None


def _type_category_id(session: Session, kind: NeedType) -> int | None:
    from ..catalog.models import ServiceCategory

    if not kind.category:
        return None
    return session.scalar(select(ServiceCategory.id).where(ServiceCategory.code == kind.category))


def _event(session, need, actor, action, from_state, to_state, comment, at=None, comment_key=None):
    session.add(NeedEvent(need_id=need.id, actor=actor, action=action, from_state=from_state, to_state=to_state,
                          comment=comment, comment_key=comment_key, at=at or _now()))


def allowed_steps(need: Need, actor_kinds: set[str]) -> list:
    """The steps ``actor_kinds`` (``states.STAFF`` …) may take on ``need`` now, in flow order."""
    return [step for step in STEPS.values()
            if need.state in step.sources and step.actors & actor_kinds and _fits_type(need, step.name)]


def _fits_type(need: Need, step: str) -> bool:
    # A consultation (or a need of an item answered in one go) is answered in one step; other needs go
    # through a plan, matched to an institution unless their item is served by the platform itself.
    from ..catalog.models import ANSWER_ONLY, NO_MATCHING

    process = need.item.need_flow if need.item_id is not None and need.item is not None else None
    if need.need_type == "consultation" or process == ANSWER_ONLY:
        return step not in ("plan", "match", "refer", "start")
    if process == NO_MATCHING:
        return step not in ("answer", "match")
    return step not in ("answer", "start")


def take_step(session: Session, need: Need, step_name: str, *, actor: str, actor_kinds: set[str],
              comment=None, institution_id: int | None = None) -> Need:
    """Take ``step_name`` on ``need``; FlowError (translated) when it does not apply."""
    step = STEPS.get(step_name)
    if step is None:
        raise FlowError(gettext("Unknown step."))
    if not step.actors & actor_kinds:
        raise FlowError(gettext("You may not take this step."))
    if need.state not in step.sources or not _fits_type(need, step_name):
        raise FlowError(gettext("This need is %(state)s: “%(step)s” does not apply now.",
                                state=need.state_label, step=step.label))
    # what a person typed, or a need_text(...) the platform wrote (shown in each reader's language)
    comment, comment_key = texts.split(comment.strip() if isinstance(comment, str) else comment)
    comment = comment or None
    if step.needs_comment and not comment:
        raise FlowError(gettext("%(what)s is required.", what=step.comment_label))
    if step_name == "match" and not institution_id:
        raise FlowError(gettext("Choose the institution."))
    now, before = _now(), need.state
    target = step.target or need.resume_state or SUBMITTED
    if step_name == "respond" or (step_name in ANSWERED_STEPS and need.responded_at is None):
        need.responded_at = now
    if step_name in ANSWERED_STEPS:
        need.answered_at = need.answered_at or now
    if step_name in ("plan", "answer"):
        need.plan, need.plan_key = comment, comment_key
    elif step_name == "match":
        need.institution_id = institution_id
    elif step_name == "decline":
        need.institution_id = None
    elif step_name == "refer":
        need.referral = comment
    elif step_name == "deliver":
        need.result = comment
    elif step_name == "inform":
        need.informed_at = now
    elif step_name == "close":
        need.closed_at = now
    elif step_name == "wait":
        need.resume_state, need.paused_on = before, today()
    elif step_name == "resume":
        resumed = today()
        if need.responded_at is None:
            need.respond_due = clock.pushed_back(need.respond_due, need.paused_on, resumed)
        if need.answered_at is None:
            need.answer_due = clock.pushed_back(need.answer_due, need.paused_on, resumed)
        need.resume_state, need.paused_on = None, None
    need.state = target
    _event(session, need, actor, step_name, before, target, comment, comment_key=comment_key)
    session.flush()
    need_stepped.send(need, step=step_name, session=session)
    return need


def is_overdue(need: Need, on: dt.date | None = None) -> bool:
    """Whether the need owes a response or an answer past its due date (never while waiting)."""
    on = on or today()
    if need.state == WAITING:
        return False
    return (need.responded_at is None and need.respond_due < on) or (
        need.answered_at is None and need.state in (SUBMITTED, RESPONDED) and need.answer_due < on)
