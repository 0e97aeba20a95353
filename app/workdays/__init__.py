"""The working-day calendar: every time limit of the standard (3 working days to review, 1 to
respond, 3 to answer) is counted with it, never in calendar days.

- ``models``: public holidays and 调休 working days as dated rows (``qi_calendar_day``), the years
  loaded (``qi_calendar_year``) and the staff change log (``qi_calendar_change``).
- ``calendar``: the lookup and the clock: ``is_working_day``, ``add_working_days`` (the one entry
  point), ``working_days_between``, ``counting_start`` (the cut-off hour ``QI_WORKDAY_CUTOFF_HOUR``),
  ``deadline`` and ``extend_for_pause``. A day without a row follows the weekend rule, so a year
  without data falls back to weekends (``calendar_coverage`` / ``uncovered_years`` say which).
- ``months``: calendar months for the limits given in months (``add_months``).
- ``seed``: ``flask qi init`` loads every year the ``chinesecalendar`` package knows.
- ``files``: a year imported from a small CSV/xlsx file (the State Council notice).
- ``editing``: staff edits, each recorded in the change log; ``views``: the staff pages.

Another calendar can still be installed without changing any caller: ``set_calendar`` (process
wide, for tests and tools) or ``app.extensions["qi_calendar"]``.
"""
from .calendar import (CHINA, Calendar, DatabaseCalendar, WeekendCalendar, add_working_days, china_time,
                       counting_start, current_calendar, cutoff_hour, deadline, extend_for_pause, is_working_day,
                       set_calendar, today, working_days_between)
from .months import add_months, within_months
from .coverage import calendar_coverage, uncovered_years, years_needed

__all__ = [
    "Calendar", "WeekendCalendar", "DatabaseCalendar", "set_calendar", "current_calendar", "CHINA", "china_time",
    "cutoff_hour", "is_working_day", "add_working_days", "working_days_between", "counting_start", "deadline",
    "extend_for_pause", "today", "calendar_coverage", "uncovered_years", "years_needed", "add_months", "within_months",
]
