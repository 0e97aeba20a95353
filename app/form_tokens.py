"""One-use form tokens: a form sent twice (a double click, a resend, a retry) makes one record.

Every add form of ``QiModelView`` carries a random token. Saving the new record also claims the
token in ``qi_form_token`` (unique per view) in the same transaction, so of two posts of the same
form racing in two worker processes one commits and the other fails on the unique constraint; the
loser, and any later post of the same form, is shown the record the first one made. Nothing is
kept in process memory.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets

from flask_appbuilder import Model
from sqlalchemy import DateTime, Integer, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

FIELD = "qi_form_token"
TOKEN_PATTERN = re.compile(r"^[0-9a-f]{32}$")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class FormToken(Model):
    """A claimed add-form token: which view's form it was and the record it made."""

    __tablename__ = "qi_form_token"
    __table_args__ = (UniqueConstraint("view", "token", name="uq_qi_form_token_view_token"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    view: Mapped[str] = mapped_column(String(100), nullable=False)
    token: Mapped[str] = mapped_column(String(32), nullable=False)
    record_id: Mapped[str] = mapped_column(String(100), nullable=False)
    claimed_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)


def new_token() -> str:
    """A fresh token for one rendering of an add form."""
    return secrets.token_hex(16)


def is_token(value) -> bool:
    return isinstance(value, str) and bool(TOKEN_PATTERN.match(value))


def record_of(session, view: str, token: str) -> str | None:
    """The id of the record an earlier post of this form made, or None."""
    return session.scalar(select(FormToken.record_id).where(FormToken.view == view, FormToken.token == token))


def claim(session, view: str, token: str, record_id) -> None:
    """Claim the token for ``record_id`` in the session's transaction (flushed: a second claim of the
    same token fails here or at commit with an IntegrityError)."""
    session.add(FormToken(view=view, token=token, record_id=str(record_id)))
    session.flush()
