"""Changes of name, address or legal representative (6.1-3) and deregistration (6.1-4)."""
import datetime as dt

import pytest
import sqlalchemy as sa

from app.accounts.models import ChangeRequest, Organisation, OrganisationEvent
from app.extensions import db
from app.search.query import search
from tests.conftest import login

from .helpers import EXE, PDF, make_org, upload


NAMES = iter(["甲", "乙", "丙", "丁", "戊", "己"])


@pytest.fixture
def institution(app):
    """An approved institution named 银川衡器检测中心 plus a suffix of its own: (id, username, name)."""
    name = f"银川衡器检测中心{next(NAMES)}所"
    with app.app_context():
        return (*make_org("institution", name, types="metrology"), name)


@pytest.mark.clause("6.1-3")
def test_change_is_reviewed_and_old_values_stay_in_history(app, institution, login_as):
    org_id, username, name = institution
    member = app.test_client()
    login(member, username, "pw-member-123")
    bad = member.post("/account/organisation/change", data={
        "new_name": "宁夏衡器计量检测中心", "changed_on_date": "2026-11-01",
        "business_licence": upload(EXE, "licence.pdf")}, content_type="multipart/form-data")
    assert bad.status_code == 422 and 'value="宁夏衡器计量检测中心"' in bad.get_data(as_text=True)
    response = member.post("/account/organisation/change", data={
        "new_name": "宁夏衡器计量检测中心", "changed_on_date": dt.date.today().isoformat(),
        "business_licence": upload(PDF, "新营业执照.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        change = db.session.scalar(sa.select(ChangeRequest).where(ChangeRequest.organisation_id == org_id))
        assert change.old_values["name"] == name and change.review_due_on
        change_id = change.id
        assert db.session.get(Organisation, org_id).name == name  # not before approval
    staff = login_as("t_platform")
    assert "宁夏衡器计量检测中心" in staff.get(f"/review/change/{change_id}").get_data(as_text=True)
    staff.post(f"/review/change/{change_id}", data={"decision": "approved"})
    with app.app_context():
        assert db.session.get(Organisation, org_id).name == "宁夏衡器计量检测中心"
        event = db.session.scalar(sa.select(OrganisationEvent).where(
            OrganisationEvent.organisation_id == org_id, OrganisationEvent.action == "change_approved"))
        assert event.details["old"]["name"] == name
        assert search(db.session, "宁夏衡器计量").total == 1
        # the old name finds the institution no more (others sharing some of its words may show)
        assert name not in [h.title for h in search(db.session, name, page_size=100).hits]


@pytest.mark.clause("6.1-3")
def test_a_change_filed_after_a_month_is_flagged(app, institution, login_as):
    org_id, username, _name = institution
    member = app.test_client()
    login(member, username, "pw-member-123")
    long_ago = (dt.date.today() - dt.timedelta(days=45)).isoformat()
    response = member.post("/account/organisation/change", data={
        "new_address": "银川市兴庆区解放西街2号", "changed_on_date": long_ago,
        "business_licence": upload(PDF, "licence.pdf")}, content_type="multipart/form-data", follow_redirects=True)
    assert "一个月内提交" in response.get_data(as_text=True)
    assert "超过变更之日起一个月提交" in login_as("t_platform").get("/review/").get_data(as_text=True)


@pytest.mark.clause("6.1-4")
def test_institution_deregisters_itself_and_leaves_search_and_login(app, institution):
    org_id, username, name = institution
    with app.app_context():
        assert search(db.session, name).total == 1
    member = app.test_client()
    login(member, username, "pw-member-123")
    response = member.post("/account/organisation/deregister", data={"closure_date": "2026-12-31",
                                                                    "reason": "机构整体并入自治区计量院"})
    assert response.status_code == 302
    with app.app_context():
        org = db.session.get(Organisation, org_id)
        assert (org.status, org.closure_date) == ("deregistered", dt.date(2026, 12, 31))
        assert name not in [h.title for h in search(db.session, name, page_size=100).hits]
        assert search(db.session, name, public_only=False).total == 1  # kept on file
    again = app.test_client()
    response = login(again, username, "pw-member-123")
    assert "/login/" in response.headers["Location"]
    assert "已注销" in again.get(response.headers["Location"]).get_data(as_text=True)
    assert again.get("/account/organisation/").status_code == 302  # not signed in


@pytest.mark.clause("6.1-4")
def test_staff_deregister_an_institution_whose_qualification_was_revoked(app, login_as):
    with app.app_context():
        org_id, username = make_org("institution", "石嘴山某检测公司", types="testing")
    member = app.test_client()
    login(member, username, "pw-member-123")
    assert member.get("/account/organisation/").status_code == 200
    staff = login_as("t_platform")
    assert staff.post(f"/review/organisation/{org_id}/deregister", data={"reason": "CMA 资质被撤销"}).status_code == 302
    assert member.get("/account/organisation/").status_code == 302  # signed out at once
    with app.app_context():
        event = db.session.scalar(sa.select(OrganisationEvent).where(OrganisationEvent.organisation_id == org_id))
        assert (event.action, event.reason) == ("deregistered_by_staff", "CMA 资质被撤销")


def test_deregistration_signal_reaches_listeners(app):
    from app.accounts import workflow

    seen = []
    with app.app_context():
        org_id, _ = make_org("institution", "吴忠信号测试站", types="testing")
        with workflow.organisation_deregistered.connected_to(lambda sender, **kw: seen.append(sender.id)):
            workflow.deregister(db.session, db.session.get(Organisation, org_id), "t", "关闭")
            db.session.commit()
    assert seen == [org_id]


@pytest.mark.clause("6.1-3")
def test_one_month_to_file_a_change_is_a_calendar_month():
    from app.accounts.workflow import is_late

    def filed(changed, on):  # filed at 10:00 China time, stored as naive UTC
        return is_late(ChangeRequest(changed_on_date=changed, submitted_on=dt.datetime.combine(on, dt.time(2))))

    assert not filed(dt.date(2026, 2, 1), dt.date(2026, 3, 1))
    assert filed(dt.date(2026, 2, 1), dt.date(2026, 3, 2))
    assert not filed(dt.date(2026, 1, 31), dt.date(2026, 2, 28))
    assert filed(dt.date(2026, 1, 31), dt.date(2026, 3, 1))    # 29 days, but after 28 February
    assert filed(dt.date(2026, 3, 31), dt.date(2026, 5, 1))    # 31 days, but after 30 April
    assert not filed(dt.date(2026, 7, 31), dt.date(2026, 8, 31))


@pytest.mark.clause("6.1-4")
def test_a_deregistration_more_than_a_month_after_closure_is_flagged_as_late(app, institution):
    from app.accounts.workflow import deregistration_is_late

    assert not deregistration_is_late(dt.date(2026, 1, 31), dt.date(2026, 2, 28))
    assert deregistration_is_late(dt.date(2026, 1, 31), dt.date(2026, 3, 1))
    assert not deregistration_is_late(None, dt.date(2026, 3, 1))
    org_id, username, _name = institution
    member = app.test_client()
    login(member, username, "pw-member-123")
    closed = (dt.date.today() - dt.timedelta(days=70)).isoformat()
    response = member.post("/account/organisation/deregister", data={"closure_date": closed, "reason": "已停业"},
                           follow_redirects=True)
    assert "一个月内办理注销" in response.get_data(as_text=True)
    with app.app_context():
        event = db.session.scalar(sa.select(OrganisationEvent).where(
            OrganisationEvent.organisation_id == org_id, OrganisationEvent.action == "deregistered"))
        assert event.details == {"closure_date": closed, "late": True}
