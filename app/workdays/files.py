"""A year's holidays and 调休 days from a small file, as the State Council notice publishes them.

One row per day: ``date, working or holiday, name`` (CSV or xlsx, a header row optional), e.g.::

    date,kind,name
    2027-02-06,holiday,春节
    2027-02-14,working,春节

The kind may be written ``holiday``/``working`` or ``休``/``班`` (also ``休息``, ``放假``, ``上班``,
``工作日``). The file is checked whole before anything is written: one bad row and nothing changes.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import gettext

from ..importing import parse_date

COLUMNS = ("date", "kind", "name")
HEADER_WORDS = ("date", "日期")
MAX_DAYS = 400  # a notice lists some 40 days a year; this allows a few years at once
HOLIDAY_WORDS = {"holiday", "休", "休息", "放假", "假", "off"}
WORKING_WORDS = {"working", "work", "班", "上班", "工作日", "补班", "调休上班"}

SAMPLE_CSV = """date,kind,name
2026-01-01,holiday,元旦
2026-01-02,holiday,元旦
2026-01-03,holiday,元旦
2026-01-04,working,元旦
2026-02-14,working,春节
2026-02-15,holiday,春节
2026-02-16,holiday,春节
2026-02-17,holiday,春节
2026-02-18,holiday,春节
2026-02-19,holiday,春节
2026-02-20,holiday,春节
2026-02-21,holiday,春节
2026-02-22,holiday,春节
2026-02-23,holiday,春节
2026-02-28,working,春节
"""


class CalendarFileError(ValueError):
    """A file that cannot be imported; ``problems`` are (line, reason) in the reader's language."""

    def __init__(self, problems: list[tuple[int, str]]):
        super().__init__("; ".join(f"{line}: {reason}" for line, reason in problems))
        self.problems = problems


def parse_days(rows: list[list[str]]) -> dict[dt.date, tuple[bool, str | None]]:
    """``{day: (is_working, name)}`` from the file's rows; CalendarFileError naming every bad line."""
    from .names import holiday_key

    first = 1
    if rows and rows[0] and rows[0][0].strip().lower() in HEADER_WORDS:
        rows, first = rows[1:], 2
    if not rows:
        raise CalendarFileError([(first, gettext("The file lists no days."))])
    if len(rows) > MAX_DAYS:
        raise CalendarFileError([(first, gettext("The file lists %(count)d days; at most %(limit)d can be imported.",
                                                 count=len(rows), limit=MAX_DAYS))])
    days, problems = {}, []
    for line, row in enumerate(rows, start=first):
        cells = [c.strip() for c in row] + [""] * (len(COLUMNS) - len(row))
        try:
            day = parse_date(cells[0])
            if day is None:
                raise ValueError(gettext("the date is missing"))
            kind = cells[1].lower()
            if kind in HOLIDAY_WORDS:
                working = False
            elif kind in WORKING_WORDS:
                working = True
            else:
                raise ValueError(gettext("the kind must be “holiday” or “working”, not “%(value)s”", value=cells[1]))
            if len(cells[2]) > 100:
                raise ValueError(gettext("the name is longer than 100 characters"))
            if day in days:
                raise ValueError(gettext("%(day)s is listed twice", day=day.isoformat()))
        except ValueError as exc:
            problems.append((line, str(exc)))
            continue
        days[day] = (working, holiday_key(cells[2]))
    if problems:
        raise CalendarFileError(problems)
    return days
