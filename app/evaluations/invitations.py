"""Survey invitations: the link sent with the completion notice (6.4.1-1, 7.1-1).

When a need is informed, each member of its enterprise (or, for a need filed without an
organisation, its contact) gets a one-use token valid ``QI_SURVEY_VALID_DAYS`` days (default 30).
Only the token's sha256 is stored. The survey page (``/evaluations/survey/<token>``) finds the
invitation by that hash; saving claims it with a conditional UPDATE (``used_at IS NULL``), so of
two posts of the same form one saves and the other is told the survey was answered.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..needs.notices import members_of
from ..parameters.read import setting
from .models import SurveyInvitation, _now

DEFAULT_VALID_DAYS = 30
VALID, USED, EXPIRED, UNKNOWN = "valid", "used", "expired", "unknown"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_path(token: str) -> str:
    """The survey page of an invitation token."""
    return f"/evaluations/survey/{token}"


def valid_days() -> int:
    """How long an invitation is valid (``QI_SURVEY_VALID_DAYS``)."""
    value = setting("QI_SURVEY_VALID_DAYS", DEFAULT_VALID_DAYS)
    return int(value or DEFAULT_VALID_DAYS)


def invite(session: Session, need, now: dt.datetime | None = None) -> dict:
    """Invitations for ``need``: ``{user_id: token}`` for each enterprise member, ``{None: token}``
    for the contact of a need without an organisation. Made once: a need already invited gets ``{}``."""
    if session.scalar(select(SurveyInvitation.id).where(SurveyInvitation.need_id == need.id).limit(1)) is not None:
        return {}
    now = now or _now()
    expires = now + dt.timedelta(days=valid_days())
    users = members_of(session, need.organisation_id)
    recipients = [u.id for u in users] if need.organisation_id is not None else [None]
    tokens = {}
    for user_id in recipients:
        token = secrets.token_urlsafe(24)
        session.add(SurveyInvitation(need_id=need.id, user_id=user_id, token_hash=token_hash(token), created_at=now,
                                     expires_at=expires))
        tokens[user_id] = token
    session.flush()
    return tokens


def find(session: Session, token: str, now: dt.datetime | None = None) -> tuple[SurveyInvitation | None, str]:
    """The invitation of ``token`` and its status: valid, used, expired or unknown."""
    if not token or len(token) > 100:
        return None, UNKNOWN
    invitation = session.scalar(select(SurveyInvitation).where(SurveyInvitation.token_hash == token_hash(token)))
    if invitation is None:
        return None, UNKNOWN
    if invitation.used_at is not None:
        return invitation, USED
    if invitation.expires_at <= (now or _now()):
        return invitation, EXPIRED
    return invitation, VALID


def claim(session: Session, invitation_id: int, now: dt.datetime | None = None) -> bool:
    """Mark an invitation used, once: False when another request used it first."""
    result = session.execute(update(SurveyInvitation)
                             .where(SurveyInvitation.id == invitation_id, SurveyInvitation.used_at.is_(None))
                             .values(used_at=now or _now()).execution_options(synchronize_session=False))
    return result.rowcount == 1


def close_for(session: Session, need_id: int, user_id: int, evaluation_id: int) -> None:
    """A member who rated from the need page has used their invitation too."""
    session.execute(update(SurveyInvitation)
                    .where(SurveyInvitation.need_id == need_id, SurveyInvitation.user_id == user_id,
                           SurveyInvitation.used_at.is_(None))
                    .values(used_at=_now(), evaluation_id=evaluation_id).execution_options(synchronize_session=False))
