"""Calendar months, for the limits the standard gives in months ("within 1 month", 6.1-3, 6.1-4)."""
from __future__ import annotations

import calendar as _calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later, or the month's last day when it has none:
    2026-02-01 + 1 month is 2026-03-01, 2026-01-31 + 1 month is 2026-02-28."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def within_months(start: dt.date, end: dt.date, months: int = 1) -> bool:
    """Whether ``end`` is no later than ``months`` calendar months after ``start``."""
    return end <= add_months(start, months)
