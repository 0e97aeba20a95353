"""Which slots a window offers: its hours cut into slots on the working days of the calendar."""
import datetime as dt

import pytest
from sqlalchemy import select

from app.appointments import slots as slot_offer
from app.windows.models import ServiceWindow, WindowHours
from app.workdays.models import CalendarDay
from app.extensions import db


def _window(hours):
    window = ServiceWindow(id=1, code="x", kind="park", name="x", region_code="330100", address="x", phone="x")
    window.hours = [WindowHours(weekday=d, opens=o, closes=c, slot_minutes=m, capacity=2) for d, o, c, m in hours]
    return window


def test_hours_are_cut_into_slots_and_a_slot_past_closing_is_left_out():
    hours = [WindowHours(weekday=0, opens=dt.time(9), closes=dt.time(10, 45), slot_minutes=30, capacity=3)]
    slots = slot_offer.cut(1, dt.date(2026, 12, 7), hours)
    assert [s.starts_at.strftime("%H:%M") for s in slots] == ["09:00", "09:30", "10:00"]
    assert slots[-1].ends_at == dt.datetime(2026, 12, 7, 10, 30) and {s.capacity for s in slots} == {3}


def test_a_public_holiday_is_closed_and_a_worked_weekend_day_takes_the_first_weekday_hours(db_session):
    holiday = db_session.scalar(select(CalendarDay.day).where(CalendarDay.is_working.is_(False),
                                                              CalendarDay.day >= dt.date(2026, 1, 1)).limit(1))
    worked = db_session.scalar(select(CalendarDay.day).where(CalendarDay.is_working.is_(True),
                                                             CalendarDay.day >= dt.date(2026, 1, 1)).limit(1))
    assert holiday is not None and worked is not None and worked.weekday() >= 5
    monday_afternoon = [(0, dt.time(14), dt.time(16), 60)]
    window = _window([(d, dt.time(9), dt.time(12), 30) for d in range(holiday.weekday(), holiday.weekday() + 1)]
                     + monday_afternoon)
    assert slot_offer.hours_on(window, holiday) == []
    weekend = slot_offer.hours_on(_window(monday_afternoon + [(2, dt.time(9), dt.time(12), 30)]), worked)
    assert [(h.weekday, h.opens) for h in weekend] == [(0, dt.time(14))]
    # an ordinary Saturday stays closed even for a window with Saturday hours
    listed = set(db_session.scalars(select(CalendarDay.day)))
    saturday = next(d for d in (worked + dt.timedelta(days=n) for n in range(7, 70, 7)) if d not in listed)
    assert slot_offer.hours_on(_window([(saturday.weekday(), dt.time(9), dt.time(12), 30)]), saturday) == []


def test_the_horizon_is_the_next_working_days_and_started_slots_cannot_be_booked(app, db_session, window_factory):
    window = db_session.get(ServiceWindow, window_factory(capacity=1))
    monday = dt.datetime(2026, 12, 7, 10, 10)  # a working Monday
    days = slot_offer.horizon(monday)
    assert len(days) == 10 and days[0] == monday.date() and all(d.weekday() < 5 for d in days)
    offered = slot_offer.offered(db_session, window, now=monday)
    first_day = [(s.starts_at.strftime("%H:%M"), s.bookable) for s in offered[monday.date()]]
    assert first_day[:4] == [("09:00", False), ("09:30", False), ("10:00", False), ("10:30", True)]
    assert slot_offer.find(db_session, window, dt.datetime(2026, 12, 7, 10), now=monday) is None
    assert slot_offer.find(db_session, window, dt.datetime(2026, 12, 7, 10, 30), now=monday) is not None
    assert slot_offer.find(db_session, window, dt.datetime(2026, 12, 7, 10, 40), now=monday) is None  # not a slot
    assert slot_offer.find(db_session, window, dt.datetime.combine(days[-1] + dt.timedelta(days=7), dt.time(9)),
                           now=monday) is None  # beyond the horizon


@pytest.mark.parametrize("raw", ["", "2026-12-07", "2026-13-07T09:00", "2026-12-07T09:00:00x", "x" * 16])
def test_malformed_slot_keys_are_refused(raw):
    assert slot_offer.parse_key(raw) is None
