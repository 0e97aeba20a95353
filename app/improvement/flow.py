"""The steps of an improvement action (7.2-1, 7.2-2) and the yearly summary and plan (7.2-1 d).

An action is opened by staff from a dissatisfaction case, a complaint, or freely; its owner (a
person, an institution and/or a window) marks it done with a note; staff re-check it: passed
(verified) or failed, which sends it back to open with the re-check result kept. Staff write the
public follow-up note and choose whether it is published. Every refusal is an ``ImprovementError``
whose ``str()`` is the translated reason; nothing is changed then.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..workdays import today
from .models import DONE, OPEN, VERIFIED, ImprovementAction, ImprovementYear

TITLE_MAX, TEXT_MAX = 200, 5000


class ImprovementError(ValueError):
    """A step the rules refuse; ``str()`` is the translated reason."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _text(value, what: str, required: bool = True, limit: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ImprovementError(gettext("%(what)s is required.", what=what))
    if len(value) > limit:
        raise ImprovementError(gettext("%(what)s is too long (at most %(limit)d characters).", what=what, limit=limit))
    return value


def is_overdue(action: ImprovementAction, on: dt.date | None = None) -> bool:
    """Open past its due date."""
    return action.state == OPEN and action.due_on < (on or today())


def failed_recheck(action: ImprovementAction) -> bool:
    """Back to open after a re-check that failed."""
    return action.state == OPEN and action.rechecked_at is not None


def source_of(session: Session, dissatisfaction_id: int | None = None, complaint_id: int | None = None) -> dict:
    """The owner an action opened from a dissatisfaction case or a complaint gets by default: the case's
    institution and window. ImprovementError when the case does not exist."""
    if dissatisfaction_id is not None:
        from ..evaluations.models import DissatisfactionCase

        case = session.get(DissatisfactionCase, dissatisfaction_id)
        if case is None:
            raise ImprovementError(gettext("That dissatisfaction case does not exist."))
        return {"owner_org_id": case.institution_id, "window_id": case.window_id}
    if complaint_id is not None:
        from ..complaints.models import Complaint

        complaint = session.get(Complaint, complaint_id)
        if complaint is None:
            raise ImprovementError(gettext("That complaint does not exist."))
        return {"owner_org_id": complaint.institution_id, "window_id": complaint.window_id}
    return {}


def open_action(session: Session, *, title, description, due_on: dt.date | None, actor: str,
                owner_id: int | None = None, owner_org_id: int | None = None, window_id: int | None = None,
                dissatisfaction_id: int | None = None, complaint_id: int | None = None) -> ImprovementAction:
    """A new open action; from a case, its institution and window own it unless others are given."""
    title = _text(title, gettext("The title"), limit=TITLE_MAX)
    description = _text(description, gettext("The description"), required=False)
    if due_on is None:
        raise ImprovementError(gettext("Give the due date."))
    if dissatisfaction_id is not None and complaint_id is not None:
        raise ImprovementError(gettext("An action comes from one dissatisfaction case or one complaint, not both."))
    owners = source_of(session, dissatisfaction_id, complaint_id)
    action = ImprovementAction(title=title, description=description, due_on=due_on, created_by=actor,
                               owner_id=owner_id, owner_org_id=owner_org_id or owners.get("owner_org_id"),
                               window_id=window_id or owners.get("window_id"),
                               dissatisfaction_id=dissatisfaction_id, complaint_id=complaint_id, state=OPEN)
    session.add(action)
    session.flush()
    return action


def mark_done(session: Session, action: ImprovementAction, note, actor: str) -> ImprovementAction:
    """The owner says the action is done, with what was done."""
    if action.state != OPEN:
        raise ImprovementError(gettext("This action is “%(state)s”: only an open action can be marked done.",
                                       state=action.state_label))
    action.done_note = _text(note, gettext("What was done"))
    action.state, action.done_at = DONE, _now()
    session.flush()
    return action


def recheck(session: Session, action: ImprovementAction, passed: bool, result, actor: str) -> ImprovementAction:
    """Staff re-check a done action: passed (verified), or failed and back to open."""
    if action.state != DONE:
        raise ImprovementError(gettext("This action is “%(state)s”: only a done action can be re-checked.",
                                       state=action.state_label))
    action.recheck_result = _text(result, gettext("The re-check result"))
    action.rechecked_by, action.rechecked_at = actor, _now()
    action.state = VERIFIED if passed else OPEN
    session.flush()
    return action


def set_public_note(session: Session, action: ImprovementAction, note, published: bool) -> ImprovementAction:
    """The follow-up note the public page shows (7.2-1 c), and whether it is shown."""
    note = _text(note, gettext("The public follow-up note"), required=published)
    action.public_note, action.published = note or None, bool(published)
    session.flush()
    return action


def save_year(session: Session, year: int, summary, plan, publish: bool, actor: str) -> ImprovementYear:
    """Save the yearly summary and plan (7.2-1 d); publishing needs both texts."""
    if not 2000 <= year <= 2100:
        raise ImprovementError(gettext("Give a year between 2000 and 2100."))
    summary = _text(summary, gettext("The summary"), required=publish, limit=50_000)
    plan = _text(plan, gettext("The plan"), required=publish, limit=50_000)
    row = session.scalar(select(ImprovementYear).where(ImprovementYear.year == year))
    if row is None:
        row = ImprovementYear(year=year)
        session.add(row)
    row.summary, row.plan, row.changed_by, row.changed_at = summary, plan, actor, _now()
    row.published_at = (row.published_at or _now()) if publish else None
    session.flush()
    return row
