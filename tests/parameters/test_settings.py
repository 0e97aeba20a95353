"""Settings (参数管理, issue 18): administrators change typed runtime settings in the UI; every worker
uses the new value at its next request; a value out of range is refused, translated; the
environment still wins and the page says so; each change is in the audit trail."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.extensions import db
from app.parameters.models import SettingValue
from app.testing.fixtures import add_users, login_client


@pytest.fixture(scope="module")
def world(make_app):
    app = make_app()
    add_users(app)
    return {"app": app, "admin": login_client(app, "t_admin")}


def _panel(page: str, key: str) -> str:
    return re.search(rf'<form[^>]*data-key="{key}".*?</form>', page, re.S).group(0)


def _saved(app, key):
    with app.app_context():
        row = db.session.get(SettingValue, key)
        return None if row is None else row.value


def test_a_saved_setting_is_used_at_once_by_every_worker(world, make_app):
    app, admin = world["app"], world["admin"]
    other = make_app(init=False, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])  # another worker
    enterprise = login_client(other, "t_enterprise")
    assert "at most 10 MB" in enterprise.get("/complaints/new?_l_=en").get_data(as_text=True)
    page = admin.get("/admin/settings/?_l_=en").get_data(as_text=True)
    assert "Largest file accepted" in _panel(page, "QI_UPLOAD_MAX_MB") and 'data-source="default"' in page
    assert admin.post("/admin/settings/QI_UPLOAD_MAX_MB", data={"value": "4"}).status_code == 303
    assert _saved(app, "QI_UPLOAD_MAX_MB") == "4.0"
    assert "at most 4 MB" in enterprise.get("/complaints/new?_l_=en").get_data(as_text=True)
    with other.app_context():
        from app.accounts.uploads import max_bytes
        from app.parameters.read import setting

        assert setting("QI_UPLOAD_MAX_MB") == 4.0 and max_bytes() == 4 * 1024 * 1024
    shown = _panel(admin.get("/admin/settings/").get_data(as_text=True), "QI_UPLOAD_MAX_MB")
    assert 'data-source="saved"' in shown and 'value="4.0"' in shown
    # back to the default
    admin.post("/admin/settings/QI_UPLOAD_MAX_MB", data={"reset": "1"})
    assert _saved(app, "QI_UPLOAD_MAX_MB") is None
    assert "at most 10 MB" in enterprise.get("/complaints/new?_l_=en").get_data(as_text=True)


def test_the_working_day_cut_off_and_mail_follow_the_saved_settings(world):
    import datetime as dt

    app, admin = world["app"], world["admin"]
    from app.workdays import counting_start

    monday_4pm = dt.datetime(2026, 11, 23, 8, 0)  # 16:00 China time
    with app.test_request_context():
        assert counting_start(monday_4pm) == dt.date(2026, 11, 23)
    admin.post("/admin/settings/QI_WORKDAY_CUTOFF_HOUR", data={"value": "15"})
    with app.test_request_context():
        assert counting_start(monday_4pm) == dt.date(2026, 11, 24)  # after 15:00: from the next working day
    admin.post("/admin/settings/QI_MAIL_ENABLED", data={"value": "y"})
    with app.test_request_context():
        from app.parameters.read import setting

        assert setting("QI_MAIL_ENABLED") is True
    admin.post("/admin/settings/QI_WORKDAY_CUTOFF_HOUR", data={"reset": "1"})
    admin.post("/admin/settings/QI_MAIL_ENABLED", data={"reset": "1"})


def test_a_value_out_of_range_is_refused_translated_and_nothing_changes(world):
    app, admin = world["app"], world["admin"]
    for value in ("0", "51", "many", "", "nan", "inf"):
        refused = admin.post("/admin/settings/QI_UPLOAD_MAX_MB", data={"value": value})
        assert refused.status_code == 422
        assert "请填写 1 到 50 之间的数" in _panel(refused.get_data(as_text=True), "QI_UPLOAD_MAX_MB")
        assert _saved(app, "QI_UPLOAD_MAX_MB") is None
    english = admin.post("/admin/settings/QI_APPOINTMENT_DAYS?_l_=en", data={"value": "90"})
    assert "Give a number from 1 to 60." in english.get_data(as_text=True)
    assert admin.post("/admin/settings/QI_NO_SUCH_SETTING", data={"value": "1"}).status_code == 404


def test_the_environment_wins_and_the_page_says_so(make_app, monkeypatch):
    monkeypatch.setenv("QI_EVALUATION_MIN_COUNT", "7")
    app = make_app(QI_EVALUATION_MIN_COUNT=7)
    add_users(app)
    admin = login_client(app, "t_admin")
    panel = _panel(admin.get("/admin/settings/?_l_=en").get_data(as_text=True), "QI_EVALUATION_MIN_COUNT")
    assert 'data-source="environment"' in panel and "disabled" in panel and "QI_EVALUATION_MIN_COUNT sets it" in panel
    admin.post("/admin/settings/QI_EVALUATION_MIN_COUNT", data={"value": "3"})
    assert _saved(app, "QI_EVALUATION_MIN_COUNT") is None
    with app.app_context():
        from app.evaluations.satisfaction import min_count

        assert min_count() == 7


def test_each_change_is_audited_and_only_administrators_reach_the_page(world):
    app, admin = world["app"], world["admin"]
    admin.post("/admin/settings/QI_SURVEY_VALID_DAYS", data={"value": "45"})
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.table_name == "qi_setting",
                                                           AuditEntry.record_id == "QI_SURVEY_VALID_DAYS"))
        assert entry is not None and entry.actor == "t_admin" and "45" in entry.details
        from app.evaluations.invitations import valid_days

    with app.test_request_context():
        assert valid_days() == 45
    staff = login_client(app, "t_platform")
    assert staff.get("/admin/settings/").status_code in (302, 403)
    assert staff.post("/admin/settings/QI_SURVEY_VALID_DAYS", data={"value": "5"}).status_code in (302, 403)
    assert _saved(app, "QI_SURVEY_VALID_DAYS") == "45"
