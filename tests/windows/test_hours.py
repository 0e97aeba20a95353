"""A window's weekly hours laid on the working-day calendar (app.windows.hours)."""
from __future__ import annotations

import datetime as dt

from app.extensions import db
from app.windows.hours import hours_on, week_of
from app.windows.models import ServiceWindow


def test_holidays_close_and_a_weekend_working_day_opens_as_on_monday(app, window_factory):
    window_id = window_factory("park", "日历测试服务站")
    with app.app_context():
        window = db.session.get(ServiceWindow, window_id)
        # 2025: National Day on Wednesday 1 October; Sunday 28 September was a working day (调休)
        assert [h.opens for h in hours_on(window, dt.date(2025, 9, 29))] == [dt.time(9)]
        assert hours_on(window, dt.date(2025, 10, 1)) == []
        assert hours_on(window, dt.date(2025, 10, 4)) == []  # an ordinary Saturday
        assert [h.opens for h in hours_on(window, dt.date(2025, 9, 28))] == [dt.time(9)]
        week = week_of(window, dt.date(2025, 9, 24))
        assert [d.day for d in week] == [dt.date(2025, 9, 22) + dt.timedelta(days=n) for n in range(7)]
        assert [d.open for d in week] == [True, True, True, True, True, False, True]
