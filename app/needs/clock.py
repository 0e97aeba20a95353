"""A need's deadlines: respond within 1 working day, answer with a plan within 3 (6.3.2-1),
counted by ``app.workdays`` from the day the need counts as received."""
from __future__ import annotations

import datetime as dt

from flask import current_app, has_app_context

from ..workdays import add_working_days, is_working_day, working_days_between

RESPOND_DAYS, ANSWER_DAYS = 1, 3
CHINA = dt.timedelta(hours=8)


def counted_from(submitted_at: dt.datetime) -> dt.date:
    """The day a need submitted at ``submitted_at`` (naive UTC) counts from: its day in China time,
    or the next working day when it came after the cut-off hour or on a non-working day."""
    local = submitted_at + CHINA
    cutoff = int(current_app.config.get("QI_WORKDAY_CUTOFF_HOUR", 17)) if has_app_context() else 17
    day = local.date()
    if local.hour >= cutoff or not is_working_day(day):
        day = add_working_days(day, 1)
    return day


def deadlines(submitted_at: dt.datetime, respond_days: int = RESPOND_DAYS,
              answer_days: int = ANSWER_DAYS) -> tuple[dt.date, dt.date, dt.date]:
    """(counted from, respond by, answer by) for a need submitted at ``submitted_at``."""
    start = counted_from(submitted_at)
    return start, add_working_days(start, respond_days), add_working_days(start, answer_days)


def pushed_back(due: dt.date, paused_on: dt.date, resumed_on: dt.date) -> dt.date:
    """``due`` moved back by the working days the case waited for the enterprise."""
    return add_working_days(due, max(working_days_between(paused_on, resumed_on), 0))
