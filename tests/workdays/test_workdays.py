"""Working days: the deadlines of the standard skip weekends, public holidays and count 调休 days;
the clock's start (cut-off hour, non-working days), its pause, and calendar months. No database: the
calendar is the chinese-calendar package's data (what ``flask qi init`` loads) or weekends."""
import datetime as dt

import pytest

from app.workdays import (WeekendCalendar, add_working_days, counting_start, deadline, extend_for_pause,
                          is_working_day, set_calendar, working_days_between)
from app.workdays.months import add_months
from app.workdays.seed import package_days

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


# --- the clock, with holidays and 调休 of the chinese-calendar data ---------------------------------

CST = dt.timezone(dt.timedelta(hours=8))


class PackageCalendar:
    """The package's holidays and 调休 days, weekends elsewhere: what the database holds after init."""

    days = package_days()

    def is_working_day(self, day):
        return self.days.get(day, (day.weekday() < 5,))[0]


CAL = PackageCalendar()


def at(y, m, d, hour=10, minute=0):
    """A submission at this China time, as the database stores it (naive UTC)."""
    return dt.datetime(y, m, d, hour, minute, tzinfo=CST).astimezone(dt.timezone.utc).replace(tzinfo=None)


@pytest.mark.clause("6.1-6")
def test_registration_on_the_eve_of_national_day_2025_is_due_after_the_holiday():
    # 1–8 October 2025 are holidays; Saturday 11 October is an adjusted working day.
    assert [is_working_day(dt.date(2025, 10, d), CAL) for d in range(1, 12)] == \
        [False] * 8 + [True, True, True]
    assert is_working_day(dt.date(2025, 9, 28), CAL)  # Sunday worked (调休)
    assert deadline(at(2025, 9, 30), 3, CAL) == dt.date(2025, 10, 11)
    assert add_working_days(dt.date(2025, 9, 30), 3, CAL) == dt.date(2025, 10, 11)


def test_national_day_2026_with_its_adjusted_saturday():
    assert is_working_day(dt.date(2026, 9, 20), CAL) and is_working_day(dt.date(2026, 10, 10), CAL)
    assert not is_working_day(dt.date(2026, 10, 7), CAL)
    assert deadline(at(2026, 9, 30), 3, CAL) == dt.date(2026, 10, 10)
    # After the cut-off on 30 September the clock starts on 8 October.
    assert counting_start(at(2026, 9, 30, 17, 30), CAL) == dt.date(2026, 10, 8)


def test_spring_festival_2025_and_2026():
    # 2025: 28 January – 4 February off; Sunday 26 January and Saturday 8 February worked.
    assert is_working_day(dt.date(2025, 1, 26), CAL) and is_working_day(dt.date(2025, 2, 8), CAL)
    assert deadline(at(2025, 1, 27), 1, CAL) == dt.date(2025, 2, 5)
    assert counting_start(at(2025, 1, 27, 18), CAL) == dt.date(2025, 2, 5)
    assert deadline(at(2025, 1, 27, 18), 1, CAL) == dt.date(2025, 2, 6)
    # 2026: 15–23 February off; Saturdays 14 and 28 February worked.
    assert deadline(at(2026, 2, 13), 1, CAL) == dt.date(2026, 2, 14)
    assert deadline(at(2026, 2, 13, 18), 1, CAL) == dt.date(2026, 2, 24)
    assert working_days_between(dt.date(2026, 2, 13), dt.date(2026, 2, 28), CAL) == 6  # 14, 24–27, 28


MON, FRI_ = dt.date(2026, 11, 23), dt.date(2026, 11, 20)


def test_one_working_day_from_monday_morning_is_tuesday():
    assert counting_start(at(2026, 11, 23, 10), CAL) == MON
    assert deadline(at(2026, 11, 23, 10), 1, CAL) == dt.date(2026, 11, 24)
    assert deadline(at(2026, 11, 23, 16, 59), 1, CAL) == dt.date(2026, 11, 24)


def test_after_the_cut_off_or_on_a_weekend_the_clock_starts_on_the_next_working_day():
    assert deadline(at(2026, 11, 23, 17, 0), 1, CAL) == dt.date(2026, 11, 25)  # 17:00 is after hours
    assert counting_start(at(2026, 11, 20, 18), CAL) == MON                    # Friday evening
    assert deadline(at(2026, 11, 20, 18), 1, CAL) == dt.date(2026, 11, 24)
    assert deadline(at(2026, 11, 21, 10), 1, CAL) == dt.date(2026, 11, 24)      # Saturday
    assert deadline(dt.date(2026, 11, 21), 1, CAL) == dt.date(2026, 11, 24)      # a plain date


def test_stored_times_are_utc_and_decided_in_china_time():
    # 23:30 UTC on Monday is 07:30 on Tuesday in China: the clock starts on Tuesday.
    assert counting_start(dt.datetime(2026, 11, 23, 23, 30), CAL) == dt.date(2026, 11, 24)
    # 08:59 UTC is 16:59 in China (before the cut-off), 09:00 UTC is 17:00 (after it).
    assert counting_start(dt.datetime(2026, 11, 23, 8, 59), CAL) == MON
    assert counting_start(dt.datetime(2026, 11, 23, 9, 0), CAL) == dt.date(2026, 11, 24)
    aware = dt.datetime(2026, 11, 23, 17, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert counting_start(aware, CAL) == dt.date(2026, 11, 24)


def test_the_cut_off_hour_is_a_setting(app):
    with app.app_context():
        app.config["QI_WORKDAY_CUTOFF_HOUR"] = 18
        try:
            assert counting_start(at(2026, 11, 23, 17, 30), CAL) == MON
        finally:
            app.config["QI_WORKDAY_CUTOFF_HOUR"] = 17
        assert counting_start(at(2026, 11, 23, 17, 30), CAL) == dt.date(2026, 11, 24)


def test_a_pause_pushes_the_due_date_back_by_the_working_days_waited():
    due = dt.date(2026, 11, 25)
    assert extend_for_pause(due, MON, dt.date(2026, 11, 25), CAL) == dt.date(2026, 11, 27)  # Tue, Wed lost
    assert extend_for_pause(due, MON, MON, CAL) == due                                       # same day: nothing
    assert extend_for_pause(due, dt.date(2026, 11, 20), dt.date(2026, 11, 23), CAL) == dt.date(2026, 11, 26)
    # Waiting over National Day 2025 costs only the working day after it (9 October).
    assert extend_for_pause(dt.date(2025, 10, 11), dt.date(2025, 9, 30), dt.date(2025, 10, 9), CAL) == \
        dt.date(2025, 10, 13)
    # Stored times (naive UTC) are taken in China time: 20:00 UTC on Friday is Saturday in China, so
    # paused on Saturday and resumed on Monday costs Monday only (paused on Friday would cost nothing more
    # than Monday either); 23:00 UTC on Monday is Tuesday in China, which costs Tuesday as well.
    assert extend_for_pause(due, dt.datetime(2026, 11, 20, 20, 0), dt.datetime(2026, 11, 23, 2, 0), CAL) == \
        dt.date(2026, 11, 26)
    assert extend_for_pause(due, dt.datetime(2026, 11, 20, 20, 0), dt.datetime(2026, 11, 23, 23, 0), CAL) == \
        dt.date(2026, 11, 27)


@pytest.mark.clause("6.1-3")
def test_one_month_is_a_calendar_month():
    assert add_months(dt.date(2026, 2, 1), 1) == dt.date(2026, 3, 1)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)
    assert add_months(dt.date(2026, 3, 31), -1) == dt.date(2026, 2, 28)
