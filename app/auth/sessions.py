"""Sessions and tokens that can be ended, across every worker process.

Flask's session is a signed cookie: signing out forgets it in this browser, but a copy (stolen, or
replayed) stays valid. Each session and JWT therefore carries the user's session version
(``SessionVersion``) from when it was issued, and a request whose version is older is treated as
signed out. ``end_sessions`` raises the version: on sign-out, password change, when a role is taken
away, and on deregistration.
"""
from __future__ import annotations

from flask import has_request_context, session
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from .models import SessionVersion

SESSION_KEY = "_qi_sv"
CLAIM = "qi_sv"


def current_version(db_session, user_id: int) -> int:
    return db_session.scalar(select(SessionVersion.version).where(SessionVersion.user_id == user_id)) or 0


def end_sessions(db_session, user_id: int) -> int:
    """Raise the user's session version (in the caller's transaction); returns the new version.

    An upsert, so two processes ending the same user's sessions at once both succeed."""
    dialect = db_session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = (postgresql if dialect == "postgresql" else sqlite).insert(SessionVersion)
        db_session.execute(insert.values(user_id=user_id, version=1).on_conflict_do_update(
            index_elements=[SessionVersion.user_id], set_={"version": SessionVersion.version + 1}))
    else:  # pragma: no cover - other engines: update, then insert the first row
        if not db_session.execute(update(SessionVersion).where(SessionVersion.user_id == user_id)
                                  .values(version=SessionVersion.version + 1)).rowcount:
            db_session.add(SessionVersion(user_id=user_id, version=1))
            db_session.flush()
    return current_version(db_session, user_id)


def remember_version(version: int) -> None:
    """Stamp this browser's session with the version it now holds (at sign-in)."""
    if has_request_context():
        session[SESSION_KEY] = version


def session_is_current(version: int) -> bool:
    """Whether this browser's session was issued under ``version`` (sessions from before this
    check existed carry none and are refused once, which signs their users out)."""
    return session.get(SESSION_KEY) == version


def _roles_taken_away(session, _flush_context, _instances) -> None:
    """A user who lost a role loses every session and token that still carries it."""
    from flask_appbuilder.security.sqla.models import User
    from sqlalchemy import inspect

    for user in [o for o in session.dirty if isinstance(o, User)]:
        if user.id is not None and inspect(user).attrs.roles.history.deleted:
            end_sessions(session, user.id)


def watch_role_changes() -> None:
    """Listen for users losing a role on every session (once per process)."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    if not event.contains(Session, "before_flush", _roles_taken_away):
        event.listen(Session, "before_flush", _roles_taken_away)
