"""Who may see and act on a complaint, and the counts of a user's complaints (for the dashboards).

Visibility is the model's ``__scope__`` (``app.scoping``): staff see every complaint, window staff
their windows', an institution the complaints forwarded to it (never before, never another's), an
enterprise its organisation's, a signed-in complainant the ones they filed.
"""
from __future__ import annotations

from sqlalchemy import case, func, select

from ..extensions import db
from ..roles import ADMIN, ENTERPRISE, INSTITUTION, PLATFORM_STAFF, WINDOW_STAFF
from ..scoping import role_names, scope_condition, user_organisation_id, user_window_ids
from ..workdays import today
from .models import FORWARDED, OPEN_STATES, Complaint
from .states import COMPLAINANT, INSTITUTION as AS_INSTITUTION, STAFF as AS_STAFF


def actor_kinds(user, complaint: Complaint) -> set[str]:
    """What ``user`` acts as on ``complaint`` (``states.STAFF`` …); empty: not theirs to see."""
    if user is None:
        return set()
    roles = role_names(user)
    kinds = set()
    if roles & {ADMIN, PLATFORM_STAFF}:
        kinds.add(AS_STAFF)
    if WINDOW_STAFF in roles and complaint.window_id is not None and complaint.window_id in user_window_ids(user):
        kinds.add(AS_STAFF)
    if complaint.filed_by_id is not None and complaint.filed_by_id == user.id:
        kinds.add(COMPLAINANT)
    org = user_organisation_id(user) if roles & {ENTERPRISE, INSTITUTION} else None
    if org is not None:
        if INSTITUTION in roles and complaint.forwarded_to_id == org:
            kinds.add(AS_INSTITUTION)
        if ENTERPRISE in roles and complaint.organisation_id == org:
            kinds.add(COMPLAINANT)
    return kinds


def complaint_counts(user) -> dict[str, int]:
    """``{"open": n, "overdue": n, "to_answer": n}`` over the complaints ``user`` may see, in one
    grouped query (and one count for an institution). ``to_answer``: for an institution, the complaints forwarded to it and not yet
    replied; for staff, the open complaints waiting for the platform (all but those at an
    institution); for a complainant, none."""
    zero = {"open": 0, "overdue": 0, "to_answer": 0}
    if user is None:
        return zero
    scope = scope_condition(Complaint, user)
    on = today()
    rows = db.session.execute(
        select(Complaint.state, func.count(),
               func.sum(case((Complaint.due_on < on, 1), else_=0)))
        .where(Complaint.state.in_(OPEN_STATES), *([scope] if scope is not None else []))
        .group_by(Complaint.state)).all()
    counts = dict(zero)
    for _, count, late in rows:
        counts["open"] += count
        counts["overdue"] += int(late or 0)
    roles = role_names(user)
    if roles & {ADMIN, PLATFORM_STAFF, WINDOW_STAFF}:
        counts["to_answer"] = sum(count for state, count, _ in rows if state != FORWARDED)
    elif INSTITUTION in roles:
        counts["to_answer"] = forwarded_to_answer(user_organisation_id(user))
    return counts


def forwarded_to_answer(org: int | None) -> int:
    """The complaints forwarded to institution ``org`` and not yet replied."""
    if org is None:
        return 0
    return db.session.scalar(select(func.count()).select_from(Complaint).where(
        Complaint.forwarded_to_id == org, Complaint.state == FORWARDED))
