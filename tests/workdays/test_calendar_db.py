"""The calendar in the database: seeded by ``flask qi init`` from chinese-calendar, read in one query
per range and per request, falling back to weekends where a year has no data."""
import datetime as dt

import pytest
import sqlalchemy as sa
from flask import g

from app.extensions import db
from app.testing.fixtures import init_app_db
from app.workdays import (add_working_days, calendar_coverage, deadline, is_working_day, uncovered_years,
                          working_days_between)
from app.workdays.editing import delete_day, replace_years, set_day
from app.workdays.seed import package_days
from app.workdays.models import CalendarChange, CalendarDay, CalendarYear

from .test_workdays import at


@pytest.fixture(scope="module")
def cal_app(make_app):
    """An app of its own: these tests change its calendar."""
    return make_app()


def test_init_loads_every_year_the_package_knows(app):
    with app.app_context():
        coverage = calendar_coverage()
        assert set(range(2004, 2027)) <= set(coverage) and coverage[2025] == "chinese-calendar"
        row = db.session.scalar(sa.select(CalendarDay).where(CalendarDay.day == dt.date(2025, 10, 11)))
        assert (row.is_working, row.name, row.source) == (True, "national_day", "chinese-calendar")


@pytest.mark.clause("6.1-6")
def test_deadlines_from_the_database_skip_national_day_and_count_its_adjusted_saturday(app):
    with app.app_context():
        assert not is_working_day(dt.date(2025, 10, 1)) and is_working_day(dt.date(2025, 9, 28))
        assert deadline(at(2025, 9, 30), 3) == dt.date(2025, 10, 11)
        assert deadline(at(2026, 2, 13, 18), 1) == dt.date(2026, 2, 24)


def test_one_query_reads_the_whole_range(app):
    statements = []

    def count(conn, cursor, statement, *args):
        if "qi_calendar_day" in statement:
            statements.append(statement)

    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            add_working_days(dt.date(2025, 9, 25), 20)
            working_days_between(dt.date(2025, 9, 1), dt.date(2025, 12, 31))
            is_working_day(dt.date(2025, 10, 3))
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1  # one year-range query, then the request's copy


def test_a_year_without_data_falls_back_to_weekends(app):
    with app.app_context():
        assert 2031 not in calendar_coverage()
        assert is_working_day(dt.date(2031, 10, 1))  # a Wednesday: no National Day without data
        assert add_working_days(dt.date(2031, 9, 30), 3) == dt.date(2031, 10, 3)
        assert uncovered_years(dt.date(2031, 10, 31)) == [2031]
        assert uncovered_years(dt.date(2031, 11, 1)) == [2031, 2032]  # next year's data is due from November
        assert uncovered_years(dt.date(2026, 10, 1)) == []


def test_init_again_keeps_staff_edits_and_imported_years(cal_app):
    with cal_app.app_context():
        rows = db.session.scalar(sa.select(sa.func.count()).select_from(CalendarDay))
        national_day = db.session.scalar(sa.select(CalendarDay).where(CalendarDay.day == dt.date(2025, 10, 8)))
        delete_day(db.session, national_day, "t_platform")
        set_day(db.session, dt.date(2025, 10, 7), True, "national_day", "t_platform")
        replace_years(db.session, {dt.date(2026, 1, 2): (False, "new_years_day")}, "t_platform", "2026.csv")
        db.session.commit()
    init_app_db(cal_app, "--no-admin")
    with cal_app.app_context():
        assert db.session.scalar(sa.select(CalendarDay).where(CalendarDay.day == dt.date(2025, 10, 8))) is None
        assert is_working_day(dt.date(2025, 10, 7)) and is_working_day(dt.date(2025, 10, 8))
        assert db.session.get(CalendarYear, 2026).source == "import"
        assert db.session.scalars(sa.select(CalendarDay.day).where(CalendarDay.day.between(
            dt.date(2026, 1, 1), dt.date(2026, 12, 31)))).all() == [dt.date(2026, 1, 2)]
        assert is_working_day(dt.date(2026, 10, 1))  # the imported file left National Day 2026 out
        total = db.session.scalar(sa.select(sa.func.count()).select_from(CalendarDay))
        days_2026 = sum(1 for day in package_days() if day.year == 2026)
        assert total == rows - 1 - days_2026 + 1  # 2025-10-08 deleted, 2026's days replaced by one
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarChange)) > 0


def test_an_edit_counts_in_the_same_request_and_in_every_later_one(cal_app):
    day = dt.date(2032, 3, 3)  # a Wednesday of a year without data
    with cal_app.app_context():
        assert is_working_day(day)
        set_day(db.session, day, False, "Sandstorm", "t_platform")
        assert not is_working_day(day)  # this request read 2032 before the edit, and forgot it
        db.session.commit()
    with cal_app.app_context():
        assert "qi_calendar_days" not in g
        assert not is_working_day(day)
        delete_day(db.session, db.session.scalar(sa.select(CalendarDay).where(CalendarDay.day == day)), "t_platform")
        db.session.commit()
    with cal_app.app_context():
        assert is_working_day(day)
