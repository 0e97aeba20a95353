"""The staff pages of the calendar: edits count at once and are logged, a year imported from a
file (a bad file changes nothing), and the dashboard warning for a year without data."""
import datetime as dt
import io

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.spreadsheets import xlsx_bytes
from app.testing.fixtures import add_users, login_client
from app.workdays import add_working_days, calendar_coverage, deadline, is_working_day
from app.workdays.models import CalendarChange, CalendarDay, CalendarYear

from .test_workdays import at


@pytest.fixture(scope="module")
def cal_app(make_app):
    """An app of its own: these tests change its calendar."""
    application = make_app()
    add_users(application)
    return application


@pytest.fixture
def staff(cal_app):
    return login_client(cal_app, "t_platform")


def changes(app, day):
    with app.app_context():
        return [(c.action, c.old_working, c.new_working, c.new_name, c.changed_by) for c in db.session.scalars(
            sa.select(CalendarChange).where(CalendarChange.day == day).order_by(CalendarChange.id))]


def test_staff_add_change_and_delete_a_day_count_at_once_and_are_logged(cal_app, staff):
    day = dt.date(2031, 1, 2)  # a Thursday of a year without data
    response = staff.post("/calendar/day/", data={"day": "2031-01-02", "kind": "holiday", "name": "元旦"})
    assert response.status_code == 302
    with cal_app.app_context():
        assert not is_working_day(day) and add_working_days(dt.date(2031, 1, 1), 1) == dt.date(2031, 1, 3)
    page = staff.get("/calendar/?year=2031").get_data(as_text=True)
    assert 'data-day="2031-01-02"' in page and "元旦" in page
    assert staff.post("/calendar/day/2031-01-02", data={"kind": "working", "name": ""}).status_code == 302
    with cal_app.app_context():
        assert is_working_day(day)
    assert staff.post("/calendar/day/2031-01-02/delete").status_code == 302
    with cal_app.app_context():
        assert db.session.scalar(sa.select(CalendarDay).where(CalendarDay.day == day)) is None
    assert changes(cal_app, day) == [("added", None, False, "new_years_day", "t_platform"),
                                     ("changed", False, True, None, "t_platform"),
                                     ("deleted", True, None, None, "t_platform")]
    log = staff.get("/calendar/changes/").get_data(as_text=True)
    assert "2031-01-02" in log and "t_platform" in log and "元旦" in log
    english = staff.get("/calendar/changes/?_l_=en").get_data(as_text=True)
    assert "New Year&#39;s Day" in english or "New Year's Day" in english


def test_an_edit_moves_a_deadline_of_the_next_request(cal_app, staff):
    with cal_app.app_context():
        before = deadline(at(2025, 10, 9), 1)
    assert before == dt.date(2025, 10, 10)
    staff.post("/calendar/day/", data={"day": "2025-10-10", "kind": "holiday", "name": "Typhoon"})
    with cal_app.app_context():
        assert deadline(at(2025, 10, 9), 1) == dt.date(2025, 10, 11)  # the adjusted Saturday
    staff.post("/calendar/day/2025-10-10/delete")


def test_bad_input_is_refused_with_a_translated_message(cal_app, staff):
    response = staff.post("/calendar/day/", data={"day": "not a date", "kind": "holiday"})
    assert response.status_code == 422
    assert staff.get("/calendar/?year=abc").status_code == 400
    assert staff.get("/calendar/day/2031-13-45").status_code == 404
    assert staff.post("/calendar/day/2099-01-01/delete").status_code == 404


GOOD = "日期,类型,名称\n2027-02-06,休,春节\n2027-02-07,holiday,春节\n2027-02-14,班,春节\n2027-10-01,holiday,国庆节\n"


def upload(client, data: bytes, name: str):
    return client.post("/calendar/import/", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_dashboard_warns_until_next_year_is_imported(cal_app, staff, monkeypatch):
    monkeypatch.setattr("app.workdays.calendar.today", lambda: dt.date(2026, 11, 26))  # 2027 is due now
    page = staff.get("/dashboard/").get_data(as_text=True)
    assert "qi-calendar-warning" in page and "2027" in page.split("qi-calendar-warning")[1].split("</p>")[0]
    response = upload(staff, GOOD.encode(), "2027.csv")
    assert response.status_code == 200 and "导入" in response.get_data(as_text=True)
    with cal_app.app_context():
        assert calendar_coverage()[2027] == "import"
        assert db.session.get(CalendarYear, 2027).detail == "2027.csv"
        assert not is_working_day(dt.date(2027, 10, 1)) and is_working_day(dt.date(2027, 2, 14))
    assert "qi-calendar-warning" not in staff.get("/dashboard/").get_data(as_text=True)
    assert ("imported", None, False, "national_day", "t_platform") in changes(cal_app, dt.date(2027, 10, 1))


def test_the_warning_names_a_year_without_data(cal_app, staff, monkeypatch):
    monkeypatch.setattr("app.workdays.calendar.today", lambda: dt.date(2040, 11, 5))
    page = staff.get("/dashboard/").get_data(as_text=True)
    warning = page.split("qi-calendar-warning")[1].split("</p>")[0]
    assert "2040, 2041" in warning and "调休" in warning


def test_a_bad_file_changes_nothing_and_says_which_lines(cal_app, staff):
    before = changes(cal_app, dt.date(2029, 1, 1))
    bad = "date,kind,name\n2029-01-01,holiday,元旦\n2029-02-30,holiday,春节\n2029-03-01,maybe,x\n2029-01-01,working,\n"
    response = upload(staff, bad.encode(), "2029.csv")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "没有导入" in html
    assert "2029-02-30" in html and "maybe" in html and "两次" in html
    with cal_app.app_context():
        assert 2029 not in calendar_coverage()
        assert db.session.scalar(sa.select(CalendarDay).where(CalendarDay.day == dt.date(2029, 1, 1))) is None
    assert changes(cal_app, dt.date(2029, 1, 1)) == before
    assert upload(staff, b"\x00\x01 not a workbook", "x.xlsx").status_code == 422
    assert upload(staff, b"date,kind,name\n", "empty.csv").status_code == 422


def test_an_xlsx_file_imports_and_replaces_its_year(cal_app, staff):
    data = xlsx_bytes("2030", ["日期", "类型", "名称"], [["2030-01-01", "休", "元旦"], ["2030-05-01", "休", "劳动节"]])
    assert upload(staff, data, "2030.xlsx").status_code == 200
    data = xlsx_bytes("2030", ["date", "kind", "name"], [["2030-05-01", "holiday", "Labour Day"]])
    assert upload(staff, data, "2030b.xlsx").status_code == 200
    with cal_app.app_context():
        assert is_working_day(dt.date(2030, 1, 1)) and not is_working_day(dt.date(2030, 5, 1))
    assert [c[0] for c in changes(cal_app, dt.date(2030, 1, 1))] == ["imported", "imported"]
    assert changes(cal_app, dt.date(2030, 5, 1))[1:] == []  # the same day again: nothing to log


def test_the_sample_file_imports(cal_app, staff):
    sample = staff.get("/calendar/import/sample.csv")
    assert sample.status_code == 200 and "春节" in sample.get_data(as_text=True)
    assert upload(staff, sample.data, "sample.csv").status_code == 200


def test_only_staff_reach_the_calendar(cal_app):
    enterprise = login_client(cal_app, "t_enterprise")
    assert enterprise.get("/calendar/").status_code in (302, 403)
    assert enterprise.post("/calendar/day/", data={"day": "2031-05-05", "kind": "holiday"}).status_code in (302, 403)
    assert login_client(cal_app, "t_admin").get("/calendar/").status_code == 200


def test_the_documented_sample_is_the_one_the_page_offers():
    from pathlib import Path

    from app.workdays.files import SAMPLE_CSV

    assert (Path(__file__).resolve().parents[2] / "docs" / "calendar-sample.csv").read_text(encoding="utf-8") == SAMPLE_CSV
