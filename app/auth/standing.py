"""The standing of a signed-in user, checked on every authenticated request, session or token.

- The account must be active.
- A user acting for an organisation acts only while it is approved. While its application is a
  draft, under review or returned for completion, the user is a pending applicant: their roles are
  replaced by ``Applicant`` (their own application, messages and files, nothing else). A rejected or
  deregistered organisation's users are refused altogether: no session, no token, no refresh.
- Staff and other users without an organisation keep the roles they were given.

One query per request answers all of it (``standing_of``), with the session version
(``app.auth.sessions``) and the organisation the user acts for, which row scoping reuses.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from flask import g, has_request_context
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from ..roles import APPLICANT

PENDING = {"draft", "submitted", "returned"}
REFUSED = {"rejected", "deregistered"}


@dataclass(frozen=True)
class Standing:
    user_id: int
    active: bool
    organisation_id: int | None
    organisation_status: str | None
    decision_reason: str | None
    session_version: int

    @property
    def refused(self) -> bool:
        return not self.active or self.organisation_status in REFUSED

    @property
    def applicant(self) -> bool:
        return self.organisation_status in PENDING

    def refusal_message(self) -> str:
        """Why the user may not sign in, in the reader's language (never whether a password was right:
        this is shown only after the password matched)."""
        if self.organisation_status == "deregistered":
            return gettext("Your organisation is deregistered: its account can no longer be used.")
        if self.organisation_status == "rejected":
            return gettext("Your organisation's application was rejected: the account cannot be used. "
                           "Reason: %(reason)s", reason=self.decision_reason or "—")
        return gettext("This account is disabled.")


def standing_of(user_id: int) -> Standing | None:
    """The standing of ``user_id`` (cached for the request); None when there is no such user."""
    cache = g.setdefault("qi_standing", {}) if has_request_context() else {}
    if user_id not in cache:
        cache[user_id] = _load(user_id)
        if cache[user_id] is not None and has_request_context():
            g.setdefault("qi_org_of_user", {})[user_id] = cache[user_id].organisation_id
    return cache[user_id]


def forget(user_id: int) -> None:
    """Drop the request's cached standing of ``user_id`` (after it changed in this request)."""
    if has_request_context():
        g.setdefault("qi_standing", {}).pop(user_id, None)


def _load(user_id: int) -> Standing | None:
    return user_and_standing(None, user_id)[1]


def user_and_standing(user_model, user_id: int, *collections) -> tuple[object | None, Standing | None]:
    """The user (a ``user_model`` row with its ``collections`` loaded, e.g. ``User.roles``; None for
    no model) and their standing, in one statement: every signed-in request needs both. The
    standing is kept for the request."""
    from flask_appbuilder.security.sqla.models import User

    from ..accounts.models import Organisation, UserProfile
    from ..extensions import db
    from .models import SessionVersion

    base = user_model or User
    columns = (base.active, UserProfile.organisation_id, Organisation.status, Organisation.decision_reason,
               SessionVersion.version)
    query = (select(*((base,) if user_model else ()), *columns)
             .select_from(base)
             .outerjoin(UserProfile, UserProfile.user_id == base.id)
             .outerjoin(Organisation, Organisation.id == UserProfile.organisation_id)
             .outerjoin(SessionVersion, SessionVersion.user_id == base.id)
             .where(base.id == user_id))
    # Flat outer joins through the association tables: joinedload nests them, "(ab_user_role JOIN
    # ab_role)", which SQLite builds whole for every request (19 ms with 100,000 users).
    for collection in collections:
        prop = collection.property
        query = (query.outerjoin(prop.secondary, prop.primaryjoin).outerjoin(prop.mapper.class_, prop.secondaryjoin)
                 .options(contains_eager(collection)))
    result = db.session.execute(query)
    row = (result.unique() if collections else result).one_or_none()
    if row is None:
        return None, None
    user, values = (row[0], row[1:]) if user_model else (None, row)
    found = Standing(user_id, bool(values[0]), values[1], values[2], values[3], values[4] or 0)
    if has_request_context():
        g.setdefault("qi_standing", {})[user_id] = found
        g.setdefault("qi_org_of_user", {})[user_id] = found.organisation_id
    return user, found


_APPLICANT_ROLE = SimpleNamespace(name=APPLICANT, id=None)


def effective_roles(user) -> list:
    """The roles ``user`` acts with now: ``Applicant`` alone while their organisation is pending."""
    roles = list(getattr(user, "roles", None) or [])
    user_id = getattr(user, "id", None)
    if user_id is None:
        return roles
    standing = standing_of(user_id)
    if standing is not None and standing.applicant:
        return [_APPLICANT_ROLE]
    return roles


def effective_role_names(user) -> set[str]:
    return {role.name for role in effective_roles(user)} if user else set()
