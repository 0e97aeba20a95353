"""Working days: the deadlines of the standard skip weekends (and holidays, once a calendar has them)."""
import datetime as dt

import pytest

from app.workdays import WeekendCalendar, add_working_days, set_calendar, working_days_between

FRI = dt.date(2026, 11, 20)


@pytest.mark.clause("6.1-6")
def test_three_working_days_from_a_friday_is_wednesday():
    assert add_working_days(FRI, 3) == dt.date(2026, 11, 25)
    assert add_working_days(dt.datetime(2026, 11, 21, 10, 0), 3) == dt.date(2026, 11, 25)  # Saturday
    assert add_working_days(dt.date(2026, 11, 23), 1) == dt.date(2026, 11, 24)


def test_a_calendar_with_holidays_plugs_into_the_same_function():
    class Holidays(WeekendCalendar):
        def is_working_day(self, day):
            return super().is_working_day(day) and day != dt.date(2026, 11, 24)

    set_calendar(Holidays())
    try:
        assert add_working_days(FRI, 3) == dt.date(2026, 11, 26)
    finally:
        set_calendar(None)  # back to the database calendar: later tests use it


def test_working_days_between():
    assert working_days_between(FRI, dt.date(2026, 11, 25)) == 3
    assert working_days_between(dt.date(2026, 11, 25), FRI) == -3
