"""Organisations, registration and review, changes, deregistration (clauses 6.1-1 … 6.1-6)."""


def is_deregistered_member(user) -> bool:
    """Whether ``user`` acts for a deregistered organisation (and so may no longer sign in)."""
    from sqlalchemy import select

    from ..extensions import db
    from .models import DEREGISTERED, Organisation, UserProfile

    return db.session.scalar(
        select(Organisation.id).join(UserProfile, UserProfile.organisation_id == Organisation.id)
        .where(UserProfile.user_id == user.id, Organisation.status == DEREGISTERED)) is not None
