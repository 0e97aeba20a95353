"""A need's deadlines: respond within 1 working day, answer with a plan within 3 (6.3.2-1),
counted by ``app.workdays`` from the day the need counts as received (the next working day when it
came after the cut-off hour or on a non-working day)."""
from __future__ import annotations

import datetime as dt

from ..workdays import add_working_days, counting_start, extend_for_pause

RESPOND_DAYS, ANSWER_DAYS = 1, 3
CHINA = dt.timedelta(hours=8)


def deadlines(submitted_at: dt.datetime, respond_days: int = RESPOND_DAYS,
              answer_days: int = ANSWER_DAYS) -> tuple[dt.date, dt.date, dt.date]:
    """(counted from, respond by, answer by) for a need submitted at ``submitted_at`` (naive UTC)."""
    start = counting_start(submitted_at)
    return start, add_working_days(start, respond_days), add_working_days(start, answer_days)


def pushed_back(due: dt.date, paused_on: dt.date, resumed_on: dt.date) -> dt.date:
    """``due`` moved back by the working days the case waited for the enterprise."""
    return extend_for_pause(due, paused_on, resumed_on)
