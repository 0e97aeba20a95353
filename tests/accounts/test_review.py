"""Staff review within 3 working days; return for completion and resubmission (6.1-6)."""
import datetime as dt

import pytest
import sqlalchemy as sa

from app.accounts.models import Organisation, OrganisationEvent
from app.extensions import db
from app.notify.models import Message
from app.search.query import search

from .test_registration import form, post

FRIDAY = dt.date(2026, 11, 20)


@pytest.fixture
def on_friday(monkeypatch):
    monkeypatch.setattr("app.accounts.workflow.today", lambda: FRIDAY)
    # The review clock counts from the submission time: Friday 10:00 in China (02:00 UTC, as stored).
    monkeypatch.setattr("app.accounts.workflow._now", lambda: dt.datetime(2026, 11, 20, 2, 0))


def _org(app, marker):
    with app.app_context():
        return db.session.scalar(sa.select(Organisation).where(Organisation.name.contains(marker)))


@pytest.mark.clause("6.1-6")
def test_review_is_due_three_working_days_after_a_friday_submission(app, on_friday, login_as, monkeypatch):
    post(app, form("institution", n="fri@qi.example.cn"))
    org = _org(app, "fri@")
    assert org.review_due_on == dt.date(2026, 11, 25)  # Wednesday, not Monday
    staff = login_as("t_platform")
    monkeypatch.setattr("app.accounts.views.today", lambda: dt.date(2026, 11, 26))
    html = staff.get("/review/").get_data(as_text=True)
    row = html.split(f'data-org="{org.id}"')[0].rsplit("<tr", 1)[1]
    assert "qi-overdue" in row and "已超期" in html.split(f'data-org="{org.id}"')[1].split("</tr>")[0]
    with app.app_context():
        titles = db.session.scalars(sa.select(Message.title_zh).join(
            db.Model.metadata.tables["ab_user"], Message.user_id == db.Model.metadata.tables["ab_user"].c.id).where(
            db.Model.metadata.tables["ab_user"].c.username == "t_platform")).all()
    assert any("宁夏测试企业fri@" in t for t in titles)  # staff were told


@pytest.mark.clause("6.1-6")
def test_return_for_completion_then_resubmit_then_approve(app, on_friday, login_as):
    post(app, form("institution", n="ret@qi.example.cn"))
    org = _org(app, "ret@")
    staff = login_as("t_platform")
    response = staff.post(f"/review/organisation/{org.id}", data={
        "decision": "returned", "missing": ["qualification_certificate"], "reason": "CMA 证书已过期"})
    assert response.status_code == 302
    applicant = app.test_client()
    applicant.post("/login/", data={"username": "ret@qi.example.cn", "password": "Secret2026"})
    page = applicant.get("/account/organisation/").get_data(as_text=True)
    assert "退回补正" in page and "资质证书" in page and "CMA 证书已过期" in page
    assert not search_finds(app, "ret@")  # not public while under review
    # the completion keeps the other files and replaces the certificate
    from .helpers import PNG, upload

    data = {k: v for k, v in form("institution", n="ret@qi.example.cn").items()
            if k not in ("application_form", "business_licence", "integrity_commitment", "capability_scope")}
    data["uscc"] = org.uscc
    data["qualification_certificate"] = upload(PNG, "CMA-2026.png")
    response = applicant.post("/account/organisation/resubmit", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    resubmitted = _org(app, "ret@")
    assert resubmitted.status == "submitted"
    with app.app_context():
        current = db.session.get(Organisation, org.id).current_attachments()
        assert current["qualification_certificate"].filename == "CMA-2026.png"
        assert len(current) == 5
        actions = db.session.scalars(sa.select(OrganisationEvent.action).where(
            OrganisationEvent.organisation_id == org.id).order_by(OrganisationEvent.id)).all()
    assert actions == ["submitted", "returned", "resubmitted"]
    staff.post(f"/review/organisation/{org.id}", data={"decision": "approved"})
    assert _org(app, "ret@").status == "approved"
    assert search_finds(app, "ret@")  # now public
    messages = applicant.get("/messageview/list/").get_data(as_text=True)
    assert "您的注册申请已通过" in messages and "您的申请需要补正" in messages


def test_rejection_needs_a_reason(app, on_friday, login_as):
    post(app, form(n="rej@qi.example.cn"))
    org = _org(app, "rej@")
    staff = login_as("t_platform")
    response = staff.post(f"/review/organisation/{org.id}", data={"decision": "rejected", "reason": ""})
    assert response.status_code == 422 and "不予通过须填写原因" in response.get_data(as_text=True)
    assert _org(app, "rej@").status == "submitted"
    staff.post(f"/review/organisation/{org.id}", data={"decision": "rejected", "reason": "营业执照与名称不符"})
    rejected = _org(app, "rej@")
    assert (rejected.status, rejected.decision_reason) == ("rejected", "营业执照与名称不符")


def test_only_staff_review(app, login_as):
    enterprise = login_as("t_enterprise")
    assert enterprise.get("/review/").status_code == 403


def search_finds(app, marker) -> bool:
    with app.app_context():
        return any(marker in h.title for h in search(db.session, "宁夏测试企业", kind="institution", page_size=100).hits)


@pytest.mark.clause("6.1-6")
def test_an_application_on_the_eve_of_national_day_is_due_after_the_holiday(app, monkeypatch):
    # Tuesday 30 September 2025, 10:00 in China: 1–8 October are holidays, Saturday 11 October is worked.
    monkeypatch.setattr("app.accounts.workflow._now", lambda: dt.datetime(2025, 9, 30, 2, 0))
    post(app, form("institution", n="eve@qi.example.cn"))
    assert _org(app, "eve@").review_due_on == dt.date(2025, 10, 11)
