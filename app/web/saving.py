"""Committing what a page changed, with the user told either way."""
from __future__ import annotations

from flask import flash
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..extensions import db


def committed(success: str | None, failure: str, duplicate: str | None = None) -> bool:
    """Commit the session; flash ``success`` (when given) or, rolled back, ``failure`` (``duplicate``
    when a unique constraint refused the change and one is given). Whether it was saved."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        flash(duplicate or failure, "danger")
        return False
    except SQLAlchemyError:
        db.session.rollback()
        flash(failure, "danger")
        return False
    if success:
        flash(success, "success")
    return True
