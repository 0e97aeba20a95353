"""The archive of a need: the service record (6.3.2-4), its documents and return visits (6.4.1-2),
written only by those who may, read only by those who may see the need."""
import datetime as dt
import io
import os

import pytest
from flask import g, render_template_string

from app.accounts.uploads import upload_dir
from app.extensions import db
from app.needs import flow
from app.needs.models import Need, NeedDocument, ReturnVisit, ServiceRecord
from app.needs.states import INSTITUTION, STAFF
from app.testing.fixtures import login_client
from app.testing.orgs import MEMBER_PASSWORD

MON_10 = dt.datetime(2026, 11, 23, 2, 0)
PDF = b"%PDF-1.4\n% a small test report\n"


@pytest.fixture
def case(app, org_factory):
    """An enterprise's need in service at an institution, with clients of both and of outsiders."""
    enterprise_id, enterprise_user = org_factory("enterprise", "档案测试企业")
    institution_id, institution_user = org_factory("institution", "档案测试检测院")
    _, other_enterprise = org_factory("enterprise", "无关企业")
    _, other_institution = org_factory("institution", "无关检测院")
    with app.app_context():
        need, _ = flow.file_need(db.session, need_type="service", title="电子天平校准", contact_name="张三",
                                 contact="13800000000", actor="tester", organisation_id=enterprise_id,
                                 submitted_at=MON_10)
        for step, extra in [("respond", {}), ("plan", {"comment": "送检"}), ("match", {"institution_id": institution_id})]:
            flow.take_step(db.session, need, step, actor="staff", actor_kinds={STAFF}, **extra)
        flow.take_step(db.session, need, "accept", actor="inst", actor_kinds={INSTITUTION})
        db.session.commit()
        need_id = need.id
    return {"need_id": need_id, "enterprise": login_client(app, enterprise_user, MEMBER_PASSWORD),
            "institution": login_client(app, institution_user, MEMBER_PASSWORD),
            "other_enterprise": login_client(app, other_enterprise, MEMBER_PASSWORD),
            "other_institution": login_client(app, other_institution, MEMBER_PASSWORD)}


RECORD = {"items": "电子天平 3 台校准", "cycle": "5 个工作日", "price": "600 元", "started_on": "2026-11-24",
          "finished_on": "2026-11-27", "follow_ups": "11-26 电话跟进", "problems": "砝码缺失",
          "coordination": "机构调配备用砝码"}


def _record(app, need_id):
    with app.app_context():
        return db.session.query(ServiceRecord).filter_by(need_id=need_id).one_or_none()


@pytest.mark.clause("6.3.2-4")
def test_the_matched_institution_keeps_the_service_record(app, case):
    response = case["institution"].post(f"/needs/record/{case['need_id']}", data=RECORD)
    assert response.status_code == 303 and response.headers["Location"].endswith("#qi-need-record")
    record = _record(app, case["need_id"])
    assert record.items == "电子天平 3 台校准" and record.price == "600 元" and record.coordination == "机构调配备用砝码"
    assert (record.started_on, record.finished_on) == (dt.date(2026, 11, 24), dt.date(2026, 11, 27))
    assert record.changed_by.endswith("_institution")


def test_platform_staff_keep_the_record_too(app, case, platform_staff_client):
    assert platform_staff_client.post(f"/needs/record/{case['need_id']}", data=RECORD).status_code == 303
    assert _record(app, case["need_id"]).changed_by == "t_platform"


def test_others_may_not_write_the_record(app, case, window_staff_client):
    # window staff see only the needs of their windows: this one came online
    assert window_staff_client.post(f"/needs/record/{case['need_id']}", data=RECORD).status_code == 404
    assert case["enterprise"].post(f"/needs/record/{case['need_id']}", data=RECORD).status_code == 403
    assert case["other_institution"].post(f"/needs/record/{case['need_id']}", data=RECORD).status_code == 404
    assert case["other_enterprise"].post(f"/needs/record/{case['need_id']}", data=RECORD).status_code == 403
    assert app.test_client().post(f"/needs/record/{case['need_id']}", data=RECORD).status_code in (302, 401)
    assert _record(app, case["need_id"]) is None


@pytest.mark.parametrize("change, message", [
    ({"finished_on": "2026-11-20"}, "结束日期不能早于开始日期"),
    ({"items": ""}, "请填写服务项目"),
    ({"started_on": "not a date"}, "开始日期"),
    ({"price": "9" * 101}, "服务价格"),
])
def test_a_refused_record_changes_nothing_and_says_why(app, case, change, message):
    client = case["institution"]
    response = client.post(f"/needs/record/{case['need_id']}", data={**RECORD, **change}, follow_redirects=False)
    assert response.status_code == 303
    assert _record(app, case["need_id"]) is None
    with client.session_transaction() as session:
        flashes = " ".join(text for _, text in session.get("_flashes", []))
    assert message in flashes


def _upload(client, need_id, data=PDF, name="报告.pdf", kind="report"):
    return client.post(f"/needs/record/{need_id}/documents", data={"kind": kind, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _stored_files(app):
    with app.app_context():
        return set(os.listdir(upload_dir()))


@pytest.mark.clause("6.3.2-4")
def test_a_report_is_stored_and_downloadable_only_by_those_who_see_the_need(app, case, platform_staff_client):
    assert _upload(case["institution"], case["need_id"]).status_code == 303
    with app.app_context():
        document = db.session.query(NeedDocument).filter_by(need_id=case["need_id"]).one()
        doc_id = document.id
        assert document.kind == "report" and document.filename == "报告.pdf"
    for client in (case["enterprise"], case["institution"], platform_staff_client):
        response = client.get(f"/needs/documents/{doc_id}")
        assert response.status_code == 200 and response.data == PDF and response.mimetype == "application/pdf"
    assert case["other_enterprise"].get(f"/needs/documents/{doc_id}").status_code == 404
    assert case["other_institution"].get(f"/needs/documents/{doc_id}").status_code == 404
    assert app.test_client().get(f"/needs/documents/{doc_id}").status_code in (302, 401)


def test_a_refused_file_keeps_nothing_and_says_why(app, case):
    before = _stored_files(app)
    client = case["institution"]
    assert _upload(client, case["need_id"], data=b"MZ\x90\x00 not a report", name="report.pdf").status_code == 303
    with client.session_transaction() as session:
        flashes = " ".join(text for _, text in session.get("_flashes", []))
    assert "不是 PDF、JPEG 或 PNG" in flashes
    assert _upload(client, case["need_id"], kind="invoice").status_code == 303
    with app.app_context():
        assert db.session.query(NeedDocument).filter_by(need_id=case["need_id"]).count() == 0
    assert _stored_files(app) == before


def test_an_upload_whose_commit_fails_leaves_no_file_behind(app, case, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from app.needs import record_views

    before = _stored_files(app)

    def failing_commit():
        raise OperationalError("COMMIT", {}, Exception("database is locked"))

    monkeypatch.setattr(record_views.db.session, "commit", failing_commit)
    response = _upload(case["institution"], case["need_id"])
    monkeypatch.undo()
    assert response.status_code == 303
    assert _stored_files(app) == before
    with app.app_context():
        assert db.session.query(NeedDocument).filter_by(need_id=case["need_id"]).count() == 0


def _finish(app, need_id):
    with app.app_context():
        need = db.session.get(Need, need_id)
        flow.take_step(db.session, need, "deliver", actor="inst", actor_kinds={INSTITUTION}, comment="合格")
        flow.take_step(db.session, need, "inform", actor="staff", actor_kinds={STAFF})
        db.session.commit()


@pytest.mark.clause("6.4.1-2")
def test_staff_schedule_and_record_a_return_visit(app, case, platform_staff_client):
    need_id = case["need_id"]
    early = platform_staff_client.post(f"/needs/record/{need_id}/visits", data={"scheduled_on": "2026-12-01",
                                                                               "channel": "phone"})
    assert early.status_code == 303  # still in service: refused
    with app.app_context():
        assert db.session.query(ReturnVisit).filter_by(need_id=need_id).count() == 0
    _finish(app, need_id)
    assert platform_staff_client.post(f"/needs/record/{need_id}/visits",
                                      data={"scheduled_on": "2026-12-01", "channel": "phone"}).status_code == 303
    assert platform_staff_client.post(f"/needs/record/{need_id}/visits",  # a double click: one visit
                                      data={"scheduled_on": "2026-12-01", "channel": "phone"}).status_code == 303
    with app.app_context():
        visit = db.session.query(ReturnVisit).filter_by(need_id=need_id).one()
        visit_id = visit.id
    assert case["institution"].post(f"/needs/visits/{visit_id}", data={"done_on": "2026-11-25", "notes": "x"}
                                    ).status_code == 403
    empty = platform_staff_client.post(f"/needs/visits/{visit_id}", data={"done_on": "2026-11-25", "notes": ""})
    assert empty.status_code == 303
    with app.app_context():
        assert db.session.get(ReturnVisit, visit_id).done_on is None
    done = platform_staff_client.post(f"/needs/visits/{visit_id}",
                                      data={"done_on": "2026-11-25", "done_by": "李丽", "notes": "企业满意，证书已收到"})
    assert done.status_code == 303
    with app.app_context():
        visit = db.session.get(ReturnVisit, visit_id)
        assert (visit.done_on, visit.done_by, visit.notes) == (dt.date(2026, 11, 25), "李丽", "企业满意，证书已收到")
    again = platform_staff_client.post(f"/needs/visits/{visit_id}", data={"done_on": "2026-11-26", "notes": "再次"})
    assert again.status_code == 303
    with app.app_context():
        assert db.session.get(ReturnVisit, visit_id).notes == "企业满意，证书已收到"


def test_the_archive_partials_show_the_record_documents_and_visits(app, case, platform_staff_client):
    need_id = case["need_id"]
    case["institution"].post(f"/needs/record/{need_id}", data=RECORD)
    _upload(case["institution"], need_id, name="证书.pdf", kind="certificate")
    _finish(app, need_id)
    platform_staff_client.post(f"/needs/record/{need_id}/visits", data={"scheduled_on": "2026-12-01",
                                                                        "channel": "phone"})
    page = "{% include 'qi/needs/_record.html' %}{% include 'qi/needs/_documents.html' %}" \
           "{% include 'qi/needs/_visits.html' %}"
    with app.test_request_context("/needs/case/x"):
        need = db.session.get(Need, need_id)
        g.user = app.appbuilder.sm.find_user(username="t_platform")
        staff_html = render_template_string(page, need=need)
        g.pop("qi_need_sections")
        g.user = app.appbuilder.sm.find_user(username="t_enterprise")
        outsider_sections = app.jinja_env.globals["need_sections"](need)
    assert "机构调配备用砝码" in staff_html and "证书.pdf" in staff_html and "2026-12-01" in staff_html
    assert 'action="/needs/record/%d"' % need_id in staff_html  # staff may still correct the record
    assert 'action="/needs/record/%d/visits"' % need_id in staff_html
    assert not outsider_sections["may_keep"] and not outsider_sections["may_visit"]
    assert outsider_sections["record_form"] is None
