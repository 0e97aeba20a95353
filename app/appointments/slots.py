"""Which slots a window offers: cut from its weekly hours on the working days of the calendar.

- A day is open when the calendar says it is a working day (``app.workdays``): public holidays are
  closed whatever the window's hours say, and a window's Saturday hours do not open a normal weekend.
- The hours of a working day are the window's hours for that weekday. A 调休 working Saturday or
  Sunday (a weekend day the State Council moves work to) uses the window's own hours for that
  weekday when it has some, else the hours of the first weekday, Monday to Friday, the window opens
  on (Monday for most windows): the day is worked as an ordinary weekday.
- Each opening (``WindowHours``: opens, closes, slot_minutes, capacity) is cut into slots of
  ``slot_minutes`` from ``opens``; a slot that would run past ``closes`` is not offered.
- Bookable: the slots of the next ``QI_APPOINTMENT_DAYS`` working days (default 10, today counted
  when it is a working day) that start after now; what has started or passed cannot be booked.

The offer is always computed from the window's current hours; ``qi_appointment_slot`` only counts the
places taken. Times are China time at the window, naive (``now_local``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..parameters.read import setting
from ..windows.models import ServiceWindow, WindowHours
from ..workdays import CHINA, add_working_days, is_working_day
from .models import AppointmentSlot

DEFAULT_DAYS = 10
MAX_DAYS = 60  # bounds every loop over the horizon, whatever the setting says


def now_local() -> dt.datetime:
    """Now, in China time at the windows, naive (as slot times are stored)."""
    return dt.datetime.now(CHINA).replace(tzinfo=None)


def horizon_length() -> int:
    """``QI_APPOINTMENT_DAYS``: how many working days ahead appointments can be booked (1 to 60)."""
    days = int(setting("QI_APPOINTMENT_DAYS") or DEFAULT_DAYS)
    return max(1, min(days, MAX_DAYS))


def horizon(now: dt.datetime | None = None, length: int | None = None) -> list[dt.date]:
    """The working days a booking may fall on: today when it is a working day, and the next ones,
    ``horizon_length()`` days in all."""
    today = (now or now_local()).date()
    length = length or horizon_length()
    first = today if is_working_day(today) else add_working_days(today, 1)
    days = [first]
    while len(days) < length:
        days.append(add_working_days(days[-1], 1))
    return days


def hours_on(window: ServiceWindow, day: dt.date) -> list[WindowHours]:
    """The window's openings on ``day``: none on a day the calendar does not work, the weekday's on a
    working day, and for a 调休 working weekend day without hours of its own the first weekday's."""
    if not is_working_day(day):
        return []
    by_day: dict[int, list[WindowHours]] = {}
    for hours in window.hours:
        by_day.setdefault(hours.weekday, []).append(hours)
    own = by_day.get(day.weekday(), [])
    if own or day.weekday() < 5:
        return sorted(own, key=lambda h: h.opens)
    for weekday in range(5):
        if by_day.get(weekday):
            return sorted(by_day[weekday], key=lambda h: h.opens)
    return []


@dataclass
class Slot:
    """One slot a window offers, with the places taken so far."""

    window_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    booked: int = 0
    bookable: bool = True

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)

    @property
    def key(self) -> str:
        """The slot in a URL: ``2026-12-01T09:30``."""
        return self.starts_at.strftime("%Y-%m-%dT%H:%M")


def cut(window_id: int, day: dt.date, openings: list[WindowHours]) -> list[Slot]:
    """The slots of ``openings`` on ``day``, in order (a slot running past closing is left out)."""
    slots = []
    for hours in openings:
        step = dt.timedelta(minutes=max(int(hours.slot_minutes or 0), 5))
        start, close = dt.datetime.combine(day, hours.opens), dt.datetime.combine(day, hours.closes)
        while start + step <= close and len(slots) < 24 * 12:  # at most one slot per 5 minutes
            slots.append(Slot(window_id, start, start + step, max(int(hours.capacity or 0), 0)))
            start += step
    return slots


def offered(session: Session, window: ServiceWindow, now: dt.datetime | None = None,
            days: list[dt.date] | None = None) -> dict[dt.date, list[Slot]]:
    """The window's slots of the horizon by day, with places taken (one query) and whether each can
    still be booked (it starts after now and has a free place)."""
    now = now or now_local()
    days = days if days is not None else horizon(now)
    by_day = {day: cut(window.id, day, hours_on(window, day)) for day in days}
    if not days:
        return by_day
    taken = dict(session.execute(
        select(AppointmentSlot.starts_at, AppointmentSlot.booked).where(
            AppointmentSlot.window_id == window.id,
            AppointmentSlot.starts_at >= dt.datetime.combine(min(days), dt.time()),
            AppointmentSlot.starts_at < dt.datetime.combine(max(days) + dt.timedelta(days=1), dt.time()))).all())
    for slots in by_day.values():
        for slot in slots:
            slot.booked = taken.get(slot.starts_at, 0)
            slot.bookable = slot.starts_at > now and slot.free > 0
    return by_day


def find(session: Session, window: ServiceWindow, starts_at: dt.datetime,
         now: dt.datetime | None = None) -> Slot | None:
    """The slot of the window starting at ``starts_at`` if the window offers it now (in the horizon,
    in its current hours, not started yet), full or not; None otherwise."""
    now = now or now_local()
    if starts_at <= now or starts_at.date() not in horizon(now):
        return None
    for slot in cut(window.id, starts_at.date(), hours_on(window, starts_at.date())):
        if slot.starts_at == starts_at:
            return slot
    return None


def parse_key(raw: str) -> dt.datetime | None:
    """A slot key from a URL or form (``2026-12-01T09:30``) as a datetime; None when malformed."""
    try:
        return dt.datetime.strptime((raw or "")[:16], "%Y-%m-%dT%H:%M") if len(raw or "") == 16 else None
    except ValueError:
        return None
