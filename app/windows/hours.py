"""A window's opening on real days: its weekly hours laid on the working-day calendar (app.workdays).

A window opens only on working days. On a working day it opens as its weekly template says for that
weekday; on a weekend made a working day (调休) it opens as on a Monday, since its own Saturday or
Sunday template is usually empty. A public holiday that falls on a weekday is closed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..workdays import is_working_day
from .models import ServiceWindow, WindowHours


@dataclass
class DayOpening:
    """One day of a window's week: whether it is a working day and its opening hours."""

    day: dt.date
    working: bool
    hours: list[WindowHours] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return bool(self.hours)


def hours_on(window: ServiceWindow, day: dt.date) -> list[WindowHours]:
    """The hours rows ``window`` opens with on ``day`` (empty: closed that day)."""
    if not is_working_day(day):
        return []
    rows = [h for h in window.hours if h.weekday == day.weekday()]
    if not rows and day.weekday() >= 5:  # a 调休 weekend day works like a Monday
        rows = [h for h in window.hours if h.weekday == 0]
    return sorted(rows, key=lambda h: h.opens)


def week_of(window: ServiceWindow, on: dt.date) -> list[DayOpening]:
    """Monday to Sunday of the week holding ``on``, each with its opening."""
    monday = on - dt.timedelta(days=on.weekday())
    days = [monday + dt.timedelta(days=n) for n in range(7)]
    return [DayOpening(day, is_working_day(day), hours_on(window, day)) for day in days]
