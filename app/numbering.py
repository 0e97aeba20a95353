"""Readable case numbers without gaps or duplicates: ``XQ-2026-000123``.

One counter row per (prefix, year) in ``qi_case_counter``. ``next_number`` increments it with a
single ``UPDATE … RETURNING`` inside the caller's transaction: PostgreSQL locks the row until the
transaction ends and SQLite serialises writers, so two concurrent submissions never get the same
number, and a rolled-back submission gives its number back (no gap). Used by needs (``XQ``) and by
any later kind of case (complaints) with its own prefix.
"""
from __future__ import annotations


from flask_appbuilder import Model
from sqlalchemy import Integer, String, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column


class CaseCounter(Model):
    """The last number given for one prefix in one year."""

    __tablename__ = "qi_case_counter"

    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


def _ensure_counter(session: Session, prefix: str, year: int) -> None:
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(CaseCounter).values(prefix=prefix, year=year, last=0)
                    .on_conflict_do_nothing(index_elements=["prefix", "year"]))


def next_number(session: Session, prefix: str, year: int | None = None, width: int = 6) -> str:
    """The next number of ``prefix`` for ``year`` (China time's current year by default)."""
    from .workdays import today

    year = year or today().year
    _ensure_counter(session, prefix, year)
    last = session.execute(update(CaseCounter).where(CaseCounter.prefix == prefix, CaseCounter.year == year)
                           .values(last=CaseCounter.last + 1).returning(CaseCounter.last)).scalar_one()
    return f"{prefix}-{year}-{last:0{width}d}"
