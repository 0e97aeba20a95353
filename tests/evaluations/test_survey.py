"""The survey of Appendix B (7.1-1): invitations sent with the completion notice, the form and its
ranges, one-use tokens, dissatisfaction cases, staff entry (7.1-2) and return visits (6.4.1-2)."""
from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.evaluations.models import (DissatisfactionCase, Evaluation, EvaluationContent, SurveyInvitation)
from app.evaluations.survey import quarter_of
from app.extensions import db
from app.needs import flow
from app.needs.models import ReturnVisit
from app.needs.states import INSTITUTION, STAFF
from app.notify.models import Message
from app.testing.fixtures import login_client
from app.testing.orgs import MEMBER_PASSWORD

MON_10 = dt.datetime(2026, 11, 23, 2, 0)


def informed_need(enterprise_id, institution_id, contact="13912345678", window_id=None, inform=True):
    """A need of ``enterprise_id`` served by ``institution_id`` and told (to_evaluate); commits."""
    need, _ = flow.file_need(db.session, need_type="service", title="压力表校准", contact_name="张三", contact=contact,
                             actor="tester", organisation_id=enterprise_id, submitted_at=MON_10, window_id=window_id)
    steps = [("respond", {STAFF}, {}), ("plan", {STAFF}, {"comment": "送检"}),
             ("match", {STAFF}, {"institution_id": institution_id}), ("accept", {INSTITUTION}, {}),
             ("deliver", {INSTITUTION}, {"comment": "合格"})] + ([("inform", {STAFF}, {})] if inform else [])
    for step, kinds, extra in steps:
        flow.take_step(db.session, need, step, actor="someone", actor_kinds=kinds, **extra)
    db.session.commit()
    return SimpleNamespace(id=need.id, number=need.number)


def token_of(username: str, number: str) -> str:
    """The survey token in the completion notice ``username`` got for need ``number``."""
    from flask_appbuilder.security.sqla.models import User

    user_id = db.session.scalar(select(User.id).where(User.username == username))
    url = db.session.scalar(select(Message.url).where(Message.user_id == user_id, Message.title_en.contains(number),
                                                      Message.url.like("/evaluations/survey/%")))
    return url.rsplit("/", 1)[1]


def survey_form(rating=8, **overrides) -> dict:
    data = {"user_name": "评价企业", "service_date": "2026-11-20", "contact_name": "张三", "phone": "13912345678",
            "institution_name": "评价机构", "contents": [], "suggestions": "无"}
    data.update({f"r{i}": str(rating) for i in range(1, 10)})
    data.update(overrides)
    return data


@pytest.fixture
def parties(org_factory, app):
    enterprise_id, enterprise_user = org_factory("enterprise", "评价测试企业")
    institution_id, institution_user = org_factory("institution", "评价测试检测院")
    with app.app_context():
        from app.catalog.models import ServiceCategory

        category = db.session.scalar(select(ServiceCategory.id).where(ServiceCategory.code == "quality"))
    return {"enterprise": enterprise_id, "enterprise_user": enterprise_user, "institution": institution_id,
            "institution_user": institution_user, "category": str(category)}


def _count(model, **where):
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


@pytest.mark.clause("7.1-1")
def test_the_survey_has_the_header_the_nine_dimensions_with_their_band_words(app, parties):
    with app.app_context():
        need = informed_need(parties["enterprise"], parties["institution"])
        token = token_of(parties["enterprise_user"], need.number)
    page = app.test_client().get(f"/evaluations/survey/{token}?_l_=zh").get_data(as_text=True)
    for label in ("用户名称", "服务日期", "联系人", "联系电话", "服务机构", "服务内容",
                  "服务需求匹配程度", "服务专业水平", "服务环境及便利程度", "远程信息化服务水平", "服务态度",
                  "服务性价比", "处理投诉及时性、公正性", "服务期望达成程度", "与其他同类机构相比",
                  "非常不满意", "比较不满意", "一般", "比较满意", "非常满意", "其他要求或建议"):
        assert label in page, label
    assert len(re.findall(r'type="radio" name="r\d"', page)) == 90
    assert "评价测试企业" in page and "评价测试检测院" in page  # pre-filled from the need
    assert 'name="improvement"' not in page  # the platform writes the improvement measures


@pytest.mark.parametrize("value, message", [("0", "不在评分范围内"), ("11", "不在评分范围内"), ("", "请选择评分"),
                                            ("7.5", "必须是"), ("abc", "必须是")])
def test_a_rating_outside_1_to_10_is_refused_with_a_message_and_nothing_is_saved(app, parties, value, message):
    with app.app_context():
        need = informed_need(parties["enterprise"], parties["institution"])
        token = token_of(parties["enterprise_user"], need.number)
        before = _count(Evaluation)
    client = app.test_client()
    response = client.post(f"/evaluations/survey/{token}?_l_=zh",
                           data=survey_form(r5=value, contents=[parties["category"]]))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page and "服务态度" in page  # the message names the dimension
    with app.app_context():
        assert _count(Evaluation) == before
        assert db.session.scalar(select(SurveyInvitation.used_at).where(SurveyInvitation.need_id == need.id)) is None


@pytest.mark.clause("7.1-1")
def test_invitations_are_made_on_inform_and_the_notice_carries_the_link(app, parties):
    with app.app_context():
        need = informed_need(parties["enterprise"], parties["institution"], inform=False)
        assert _count(SurveyInvitation, need_id=need.id) == 0
        from app.needs.models import Need
        flow.take_step(db.session, db.session.get(Need, need.id), "inform", actor="staff", actor_kinds={STAFF})
        db.session.commit()
        invitation = db.session.scalar(select(SurveyInvitation).where(SurveyInvitation.need_id == need.id))
        token = token_of(parties["enterprise_user"], need.number)
        assert invitation.token_hash != token and len(invitation.token_hash) == 64  # only the hash is kept
        assert (invitation.expires_at - invitation.created_at).days == 30
        body = db.session.scalar(select(Message.body_zh).where(Message.url == f"/evaluations/survey/{token}"))
        assert f"/evaluations/survey/{token}" in body and "满意度" in body


def test_a_need_without_organisation_invites_its_contact_by_sms(app, parties, monkeypatch):
    sent = []

    class Gateway:
        def send(self, phone, text):
            sent.append((phone, text))
    import sys
    monkeypatch.setattr(sys.modules[__name__], "Gateway", Gateway, raising=False)
    monkeypatch.setitem(app.config, "QI_SMS_BACKEND", f"{__name__}:Gateway")
    with app.app_context():
        need = informed_need(None, parties["institution"], contact="13700001111")
        invitations = db.session.scalars(select(SurveyInvitation).where(SurveyInvitation.need_id == need.id)).all()
    assert len(invitations) == 1 and invitations[0].user_id is None
    assert sent and "/evaluations/survey/" in sent[0][1]
    token = sent[0][1].rsplit("/evaluations/survey/", 1)[1].split()[0]
    response = app.test_client().post(f"/evaluations/survey/{token}", data=survey_form(contents=[parties["category"]]))
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Evaluation.respondent).where(Evaluation.need_id == need.id)) == "c:13700001111"


def test_a_token_is_used_once_expires_and_an_unknown_one_is_a_404(app, parties):
    with app.app_context():
        need = informed_need(parties["enterprise"], parties["institution"])
        token = token_of(parties["enterprise_user"], need.number)
    client = app.test_client()
    assert client.post(f"/evaluations/survey/{token}", data=survey_form(contents=[parties["category"]])).status_code == 200
    again = client.get(f"/evaluations/survey/{token}?_l_=zh")
    assert again.status_code == 409 and "已经提交" in again.get_data(as_text=True)
    assert client.get("/evaluations/survey/no-such-token").status_code == 404
    with app.app_context():
        evaluation = db.session.scalar(select(Evaluation).where(Evaluation.need_id == need.id))
        assert evaluation.kind == "user" and evaluation.source == "online"
        assert evaluation.institution_id == parties["institution"]
        assert [c.category_id for c in db.session.scalars(select(EvaluationContent).where(
            EvaluationContent.evaluation_id == evaluation.id))] == [int(parties["category"])]
        other = informed_need(parties["enterprise"], parties["institution"])
        old = token_of(parties["enterprise_user"], other.number)
        db.session.execute(SurveyInvitation.__table__.update().where(SurveyInvitation.need_id == other.id)
                           .values(expires_at=dt.datetime(2020, 1, 1)))
        db.session.commit()
    expired = client.post(f"/evaluations/survey/{old}?_l_=zh", data=survey_form(contents=[parties["category"]]))
    assert expired.status_code == 410 and "已过期" in expired.get_data(as_text=True)
    with app.app_context():
        assert _count(Evaluation, need_id=other.id) == 0


def test_the_same_survey_posted_twice_saves_one(app, parties):
    with app.app_context():
        need = informed_need(parties["enterprise"], parties["institution"])
        token = token_of(parties["enterprise_user"], need.number)
    client = app.test_client()
    first = client.post(f"/evaluations/survey/{token}", data=survey_form(contents=[parties["category"]]))
    second = client.post(f"/evaluations/survey/{token}", data=survey_form(contents=[parties["category"]]))
    assert (first.status_code, second.status_code) == (200, 409)
    with app.app_context():
        assert _count(Evaluation, need_id=need.id) == 1
    # the member also cannot rate the same need again from the need page
    member = login_client(app, parties["enterprise_user"], MEMBER_PASSWORD)
    member.post(f"/evaluations/need/{need.number}", data=survey_form(contents=[parties["category"]]))
    with app.app_context():
        assert _count(Evaluation, need_id=need.id) == 1


def test_a_member_rates_from_the_need_page_and_the_invitation_is_used(app, parties):
    with app.app_context():
        need = informed_need(parties["enterprise"], parties["institution"])
        token = token_of(parties["enterprise_user"], need.number)
    member = login_client(app, parties["enterprise_user"], MEMBER_PASSWORD)
    case = member.get(f"/needs/case/{need.number}").get_data(as_text=True)
    assert f"/evaluations/need/{need.number}" in case
    response = member.post(f"/evaluations/need/{need.number}", data=survey_form(contents=[parties["category"]]))
    assert response.status_code == 303
    assert app.test_client().get(f"/evaluations/survey/{token}").status_code == 409
    assert "/evaluations/need/" not in member.get(f"/needs/case/{need.number}").get_data(as_text=True)


@pytest.mark.clause("7.1-3")
def test_a_low_rating_needs_a_reason_and_opens_a_case_for_that_institution_only(app, parties, org_factory):
    other_id, other_user = org_factory("institution", "无关检测院")
    with app.app_context():
        need = informed_need(parties["enterprise"], parties["institution"])
        token = token_of(parties["enterprise_user"], need.number)
    client = app.test_client()
    refused = client.post(f"/evaluations/survey/{token}?_l_=zh", data=survey_form(r6="3", contents=[parties["category"]]))
    assert refused.status_code == 422 and "服务性价比" in refused.get_data(as_text=True)
    with app.app_context():
        assert _count(Evaluation, need_id=need.id) == 0
    saved = client.post(f"/evaluations/survey/{token}",
                        data=survey_form(r6="3", r2="4", reason_r6="价格太高", reason_r2="报告有误",
                                         contents=[parties["category"]]))
    assert saved.status_code == 200
    with app.app_context():
        evaluation = db.session.scalar(select(Evaluation).where(Evaluation.need_id == need.id))
        cases = db.session.scalars(select(DissatisfactionCase).where(DissatisfactionCase.evaluation_id == evaluation.id)
                                   .order_by(DissatisfactionCase.dimension)).all()
        assert [(c.dimension, c.rating, c.reason, c.institution_id, c.state) for c in cases] == [
            ("r2", 4, "报告有误", parties["institution"], "open"), ("r6", 3, "价格太高", parties["institution"], "open")]
        from flask_appbuilder.security.sqla.models import User
        member_id = db.session.scalar(select(User.id).where(User.username == parties["institution_user"]))
        assert _count(Message, user_id=member_id, url=f"/evaluations/cases/{cases[0].id}") == 1
        case_id = cases[0].id
    institution = login_client(app, parties["institution_user"], MEMBER_PASSWORD)
    assert f'data-case="{case_id}"' in institution.get("/evaluations/cases/").get_data(as_text=True)
    outsider = login_client(app, other_user, MEMBER_PASSWORD)
    assert f'data-case="{case_id}"' not in outsider.get("/evaluations/cases/").get_data(as_text=True)
    assert outsider.get(f"/evaluations/cases/{case_id}").status_code == 404
    assert outsider.post(f"/evaluations/cases/{case_id}/cause", data={"cause": "x"}).status_code == 404
    # the institution analyses the cause; only staff close
    assert institution.post(f"/evaluations/cases/{case_id}/cause", data={"cause": "报告审核漏检"}).status_code == 303
    assert institution.post(f"/evaluations/cases/{case_id}/close").status_code == 403
    staff = login_client(app, "t_platform")
    assert staff.post(f"/evaluations/cases/{case_id}/close").status_code == 303
    with app.app_context():
        case = db.session.get(DissatisfactionCase, case_id)
        assert (case.state, case.cause) == ("closed", "报告审核漏检") and case.closed_at is not None


@pytest.mark.clause("7.1-2")
def test_staff_enter_user_self_and_third_party_evaluations_from_paper_and_phone(app, parties):
    staff = login_client(app, "t_platform")
    with app.app_context():
        need = informed_need(parties["enterprise"], parties["institution"])
    for kind, source, phone in [("user", "paper", "13800000001"), ("self", "phone", "13800000002"),
                                ("third_party", "paper", "13800000003")]:
        response = staff.post("/evaluations/enter", data=survey_form(kind=kind, source=source, phone=phone,
                                                                     need_number=need.number,
                                                                     contents=[parties["category"]]))
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    refused = staff.post("/evaluations/enter?_l_=zh", data=survey_form(kind="user", source="paper", phone="13800000001",
                                                                       need_number=need.number, r1="11",
                                                                       contents=[parties["category"]]))
    assert refused.status_code == 422
    with app.app_context():
        rows = db.session.execute(select(Evaluation.kind, Evaluation.source, Evaluation.entered_by)
                                  .where(Evaluation.need_id == need.id).order_by(Evaluation.id)).all()
        assert [tuple(r) for r in rows] == [("user", "paper", "t_platform"), ("self", "phone", "t_platform"),
                                            ("third_party", "paper", "t_platform")]
    page = staff.get("/evaluations/?kind=self&_l_=zh").get_data(as_text=True)
    assert "自我评价" in page
    assert staff.get("/evaluations/?kind=bogus").status_code == 400
    # the same person twice on the same need: one survey per need and user
    again = staff.post("/evaluations/enter", data=survey_form(kind="user", source="paper", phone="13800000001",
                                                              need_number=need.number, contents=[parties["category"]]))
    assert again.status_code == 409


@pytest.mark.clause("6.4.1-2")
def test_a_return_visit_feeds_the_evaluation_archive(app, parties):
    with app.app_context():
        need = informed_need(parties["enterprise"], parties["institution"])
        visit = ReturnVisit(need_id=need.id, scheduled_on=dt.date(2026, 11, 24), channel="phone",
                            done_on=dt.date(2026, 11, 24), done_by="t_platform", notes="客户满意")
        db.session.add(visit)
        db.session.commit()
        visit_id, number = visit.id, need.number
    staff = login_client(app, "t_platform")
    case = staff.get(f"/needs/case/{number}").get_data(as_text=True)
    link = f"/evaluations/enter?need={number}&amp;visit={visit_id}"
    assert link in case
    form = staff.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "客户满意" in form  # the visit's notes come into the survey
    response = staff.post("/evaluations/enter", data=survey_form(kind="user", source="return_visit",
                                                                 need_number=number, return_visit=str(visit_id),
                                                                 contents=[parties["category"]]))
    assert response.status_code == 303
    with app.app_context():
        evaluation = db.session.scalar(select(Evaluation).where(Evaluation.return_visit_id == visit_id))
        assert evaluation is not None and evaluation.source == "return_visit" and evaluation.need_id == need.id
    archive = staff.get("/evaluations/").get_data(as_text=True)
    assert f'data-evaluation="{evaluation.id}"' in archive


def test_the_quarter_is_the_china_time_of_receipt():
    assert quarter_of(dt.datetime(2026, 3, 31, 16, 30)) == (2026, 2)  # 00:30 on 1 April in Beijing
    assert quarter_of(dt.datetime(2026, 3, 31, 15, 59)) == (2026, 1)
    assert quarter_of(dt.datetime(2025, 12, 31, 16, 0)) == (2026, 1)
