"""Staff changes to the calendar: add, change or delete a day, or replace whole years from a file.

Every change writes a ``CalendarChange`` (who, when, the day, from what to what) in the same
transaction, and drops the rows this request has read (``calendar.forget``), so the next lookup,
in this request or any worker, counts with the new data. Callers commit.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .calendar import forget
from .models import SOURCE_IMPORT, SOURCE_STAFF, CalendarChange, CalendarDay, CalendarYear, _now
from .names import holiday_key


def _log(session: Session, day: dt.date, action: str, actor: str, old: CalendarDay | None = None,
         new_working: bool | None = None, new_name: str | None = None) -> None:
    session.add(CalendarChange(day=day, action=action, changed_by=actor,
                               old_working=old.is_working if old else None, old_name=old.name if old else None,
                               new_working=new_working, new_name=new_name))


def set_day(session: Session, day: dt.date, is_working: bool, name: str | None, actor: str) -> CalendarDay | None:
    """Make ``day`` a working day or a holiday (adding its row or changing it); returns the row,
    or None when nothing changed."""
    name = holiday_key(name)
    row = session.scalar(select(CalendarDay).where(CalendarDay.day == day))
    if row is not None and row.is_working == is_working and row.name == name:
        return None
    _log(session, day, "changed" if row else "added", actor, row, is_working, name)
    if row is None:
        row = CalendarDay(day=day)
        session.add(row)
    row.is_working, row.name, row.source, row.changed_by, row.changed_on = is_working, name, SOURCE_STAFF, actor, _now()
    session.flush()
    forget()
    return row


def delete_day(session: Session, row: CalendarDay, actor: str) -> None:
    """Remove ``row``: the day follows the weekend rule again."""
    _log(session, row.day, "deleted", actor, row)
    session.delete(row)
    session.flush()
    forget()


def replace_years(session: Session, days: dict[dt.date, tuple[bool, str | None]], actor: str, detail: str) -> list[int]:
    """Make the years of ``days`` hold exactly ``days`` (a notice lists every holiday and 调休 day
    of its year); every day that changes is logged as ``imported``. Returns the years."""
    years = sorted({day.year for day in days})
    first, last = dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
    old = {row.day: row for row in session.scalars(select(CalendarDay).where(CalendarDay.day.between(first, last)))
           if row.day.year in years}
    for day in sorted(set(old) | set(days)):
        before, after = old.get(day), days.get(day)
        if before is not None and after is not None and (before.is_working, before.name) == after:
            continue
        _log(session, day, "imported", actor, before, *(after if after else (None, None)))
    if old:
        session.execute(delete(CalendarDay).where(CalendarDay.id.in_([row.id for row in old.values()])))
    session.add_all(CalendarDay(day=day, is_working=working, name=name, source=SOURCE_IMPORT, changed_by=actor)
                    for day, (working, name) in sorted(days.items()))
    for year in years:
        record = session.get(CalendarYear, year) or CalendarYear(year=year)
        record.source, record.detail, record.loaded_by, record.loaded_on = SOURCE_IMPORT, detail[:200], actor, _now()
        session.add(record)
    session.flush()
    forget()
    return years
