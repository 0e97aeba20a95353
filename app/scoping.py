"""Row-level scoping, in one place: who may see which rows.

A model says who owns its rows with ``__scope__``, a mapping from owner kind to its column::

    class Ledger(Model):
        __scope__ = {"organisation": "organisation_id"}      # the enterprise that keeps it
    class Request(Model):
        __scope__ = {"organisation": "enterprise_id", "institution": "institution_id", "window": "window_id"}

Then, for the signed-in user:

- Admin and PlatformStaff see every row;
- Enterprise users see rows whose ``organisation`` column is their organisation;
- Institution users see rows whose ``institution`` column (assigned to them) or ``organisation``
  column is their organisation;
- WindowStaff see rows whose ``window`` column is one of their windows;
- a ``user`` column gives a user their own rows (messages) whatever the role;
- anyone else, and any model without ``__scope__``, sees nothing (deny by default).

``ScopedModelView`` / ``ScopedModelRestApi`` (app.crud) apply it to every list, show, edit,
delete, export and API call through a FAB base filter; ``scoped(select(Model))`` applies it to any
other query (file downloads, charts, exports).
"""
from __future__ import annotations

from flask import g, has_request_context
from flask_appbuilder.models.filters import BaseFilter
from flask_login import current_user
from sqlalchemy import false, or_, select

from .roles import ADMIN, ENTERPRISE, INSTITUTION, PLATFORM_STAFF, WINDOW_STAFF

STAFF = {ADMIN, PLATFORM_STAFF}


def acting_user():
    """The user of this request (session or JWT), or None."""
    if not has_request_context():
        return None
    user = getattr(g, "user", None) or current_user
    return user if getattr(user, "is_authenticated", False) else None


def role_names(user) -> set[str]:
    """The roles the user acts with now (a pending applicant's are replaced: ``app.auth.standing``)."""
    from .auth.standing import effective_role_names

    return effective_role_names(user)


def user_organisation_id(user) -> int | None:
    """The organisation the user acts for (cached for the request on ``g``)."""
    if user is None:
        return None
    cache = g.setdefault("qi_org_of_user", {})
    if user.id not in cache:
        from .accounts.models import UserProfile
        from .extensions import db

        cache[user.id] = db.session.scalar(select(UserProfile.organisation_id).where(UserProfile.user_id == user.id))
    return cache[user.id]


def user_window_ids(user) -> list[int]:
    """The service windows the user staffs (``qi_window_staff``; cached for the request on ``g``).

    Read from the database on every request, never kept on the user object: several workers serve
    the same user, and a change of roster applies at the next request in all of them.
    """
    if user is None:
        return []
    cache = g.setdefault("qi_windows_of_user", {}) if has_request_context() else {}
    if user.id not in cache:
        from .extensions import db
        from .windows.models import WindowStaffMember

        cache[user.id] = list(db.session.scalars(select(WindowStaffMember.window_id)
                                                 .where(WindowStaffMember.user_id == user.id)
                                                 .order_by(WindowStaffMember.window_id)))
    return cache[user.id]


def is_staff(user) -> bool:
    return bool(role_names(user) & STAFF)


def scope_condition(model, user):
    """A WHERE condition limiting ``model`` to the rows ``user`` may see (None: no limit)."""
    if is_staff(user):
        return None
    owners = getattr(model, "__scope__", None) or {}
    roles = role_names(user)
    conditions = []
    if user is not None and "user" in owners:
        conditions.append(getattr(model, owners["user"]) == user.id)
    org = user_organisation_id(user) if roles & {ENTERPRISE, INSTITUTION} else None
    if org is not None:
        if "organisation" in owners:
            conditions.append(getattr(model, owners["organisation"]) == org)
        if INSTITUTION in roles and "institution" in owners:
            conditions.append(getattr(model, owners["institution"]) == org)
    if WINDOW_STAFF in roles and "window" in owners:
        windows = user_window_ids(user)
        if windows:
            conditions.append(getattr(model, owners["window"]).in_(windows))
    return or_(*conditions) if conditions else false()


def scoped(statement, model=None, user=None):
    """``statement`` (a ``select()`` or legacy query of ``model``) limited to what the user may see."""
    model = model or statement.column_descriptions[0]["entity"]
    condition = scope_condition(model, user if user is not None else acting_user())
    return statement if condition is None else statement.filter(condition)


def scoped_or_404(model, pk: int):
    """The row of ``model`` with this id if the user may see it; a 404 otherwise, whoever owns it."""
    from flask import abort

    from .extensions import db

    row = db.session.scalar(scoped(select(model).where(model.id == pk), model))
    if row is None:
        abort(404)
    return row


class ScopeFilter(BaseFilter):
    """The FAB base filter every scoped view and API carries: it ignores its value."""

    name = "scope"
    arg_name = "scope"

    def apply(self, query, value):
        return scoped(query, self.model)


def choices_condition(model, user):
    """A WHERE condition limiting what a drop-down, filter or autocomplete over ``model`` may offer
    ``user`` (None: no limit).

    Staff: every row. A model with ``__scope__``: the rows the user may see, as in lists. A model
    without one is offered only when it declares itself public reference data
    (``__public_choices__ = True``, e.g. the service catalog); anything else, such as FAB's users
    and roles, is offered to nobody but staff.
    """
    if is_staff(user):
        return None
    if getattr(model, "__scope__", None):
        return scope_condition(model, user)
    if getattr(model, "__public_choices__", False):
        return None
    return false()


class ChoicesFilter(BaseFilter):
    """The filter of every relation drop-down of QiModelView forms (``app.choices``)."""

    name = "choices"
    arg_name = "choices"

    def apply(self, query, value):
        condition = choices_condition(self.model, acting_user())
        return query if condition is None else query.filter(condition)
