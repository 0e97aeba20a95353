"""Who is told what when a need moves: the institution of a match, the enterprise of a response, a
plan or a referral, and the completion notice by site message, e-mail and SMS, sent once."""
import datetime as dt
import logging

import pytest

from app.extensions import db
from app.needs import flow, notices
from app.needs.models import NeedEvent
from app.needs.states import INSTITUTION, STAFF
from app.notify import sms
from app.notify.models import OutboxMail

MON_10 = dt.datetime(2026, 11, 23, 2, 0)


class RecordingGateway:
    """A test SMS backend: keeps what it was asked to send (``QI_SMS_BACKEND`` points here)."""

    sent: list = []

    def send(self, phone, text):
        RecordingGateway.sent.append((phone, text))


@pytest.fixture
def gateway(app, monkeypatch):
    RecordingGateway.sent = []
    monkeypatch.setitem(app.config, "QI_SMS_BACKEND", f"{__name__}:RecordingGateway")
    return RecordingGateway.sent


@pytest.fixture
def parties(org_factory, app):
    enterprise_id, enterprise_user = org_factory("enterprise", "通知测试企业")
    institution_id, institution_user = org_factory("institution", "通知测试检测院")
    return enterprise_id, enterprise_user, institution_id, institution_user


def _messages(username):
    found = db.session.execute(db.text("SELECT m.title_zh, m.title_en, m.body_en FROM qi_message m JOIN ab_user u "
                                       "ON u.id = m.user_id WHERE u.username = :u ORDER BY m.id"), {"u": username})
    return [tuple(row) for row in found]


def _delivered_need(enterprise_id, institution_id, contact="13912345678"):
    need, _ = flow.file_need(db.session, need_type="service", title="压力表校准", contact_name="张三", contact=contact,
                             actor="tester", organisation_id=enterprise_id, submitted_at=MON_10)
    for step, kinds, extra in [("respond", {STAFF}, {}), ("plan", {STAFF}, {"comment": "送检"}),
                               ("match", {STAFF}, {"institution_id": institution_id}), ("accept", {INSTITUTION}, {}),
                               ("deliver", {INSTITUTION}, {"comment": "合格，证书编号 JD-001"})]:
        flow.take_step(db.session, need, step, actor="someone", actor_kinds=kinds, **extra)
    db.session.commit()
    return need


@pytest.mark.clause("6.4.1-1")
def test_the_completion_notice_goes_out_once_by_site_message_mail_and_sms(app, parties, gateway, monkeypatch):
    enterprise_id, enterprise_user, institution_id, _ = parties
    monkeypatch.setitem(app.config, "QI_MAIL_ENABLED", True)
    with app.app_context():
        need = _delivered_need(enterprise_id, institution_id)
        before_mail = db.session.query(OutboxMail).count()
        flow.take_step(db.session, need, "inform", actor="staff", actor_kinds={STAFF})
        assert gateway == []  # nothing is texted before the step is committed
        db.session.commit()
        assert len(gateway) == 1 and gateway[0][0] == "13912345678" and need.number in gateway[0][1]
        assert "合格" in gateway[0][1]
        completed = [m for m in _messages(enterprise_user) if need.number in m[1] and "completed" in m[1]]
        assert len(completed) == 1
        title_zh, title_en, body_en = completed[0]
        assert "办结" in title_zh and "Result: 合格" in body_en
        assert db.session.query(OutboxMail).count() == before_mail + 1  # the member's e-mail

        # a retry of the notice, and a second inform, send nothing more
        assert notices.send_completion_notice(db.session, need) is False
        with pytest.raises(flow.FlowError):
            flow.take_step(db.session, need, "inform", actor="staff", actor_kinds={STAFF})
        db.session.commit()
        assert len(gateway) == 1
        assert len([m for m in _messages(enterprise_user) if need.number in m[1] and "completed" in m[1]]) == 1
        marks = db.session.query(NeedEvent).filter_by(need_id=need.id, action=notices.NOTICE).all()
        assert len(marks) == 1 and "139****5678" in marks[0].comment


def test_no_sms_leaves_when_the_step_is_rolled_back(app, parties, gateway):
    enterprise_id, _, institution_id, _ = parties
    with app.app_context():
        need = _delivered_need(enterprise_id, institution_id)
        flow.take_step(db.session, need, "inform", actor="staff", actor_kinds={STAFF})
        assert sms.pending(db.session)
        db.session.rollback()
        db.session.commit()
        assert gateway == [] and not sms.pending(db.session)
        need = db.session.get(type(need), need.id)
        assert need.state == "delivered" and need.informed_at is None
        flow.take_step(db.session, need, "inform", actor="staff", actor_kinds={STAFF})  # the retry
        db.session.commit()
        assert len(gateway) == 1


def test_the_log_backend_writes_the_sms_to_the_log_and_calls_nothing(app, parties, caplog):
    enterprise_id, _, institution_id, _ = parties
    with app.app_context():
        assert app.config.get("QI_SMS_BACKEND", "log") == "log"
        need = _delivered_need(enterprise_id, institution_id, contact="+86 139-1234-0000")
        with caplog.at_level(logging.INFO, logger="app.notify.sms"):
            flow.take_step(db.session, need, "inform", actor="staff", actor_kinds={STAFF})
            db.session.commit()
        assert any("SMS to 13912340000" in r.getMessage() and need.number in r.getMessage() for r in caplog.records)


def test_an_anonymous_filer_with_an_e_mail_gets_the_notice_by_mail_not_sms(app, gateway, monkeypatch, org_factory):
    institution_id, _ = org_factory("institution", "邮件通知检测院")
    monkeypatch.setitem(app.config, "QI_MAIL_ENABLED", True)
    with app.app_context():
        need = _delivered_need(None, institution_id, contact="asker@example.com")
        flow.take_step(db.session, need, "inform", actor="staff", actor_kinds={STAFF})
        db.session.commit()
        mails = db.session.query(OutboxMail).filter_by(to_address="asker@example.com").all()
        assert len(mails) == 1 and need.number in mails[0].body and f"/needs/case/{need.number}" in mails[0].body
        assert gateway == []


def test_a_landline_contact_gets_no_sms(app, parties, gateway):
    enterprise_id, _, institution_id, _ = parties
    with app.app_context():
        need = _delivered_need(enterprise_id, institution_id, contact="0951-5012345")
        flow.take_step(db.session, need, "inform", actor="staff", actor_kinds={STAFF})
        db.session.commit()
        assert gateway == [] and sms.mobile_number("0951-5012345") is None


def test_the_institution_is_told_of_a_match_and_the_enterprise_of_each_answer(app, parties):
    enterprise_id, enterprise_user, institution_id, institution_user = parties
    with app.app_context():
        need, _ = flow.file_need(db.session, need_type="service", title="扭矩扳手校准", contact_name="张三",
                                 contact="13800000000", actor="tester", organisation_id=enterprise_id,
                                 submitted_at=MON_10)
        for step, extra in [("respond", {}), ("plan", {"comment": "送检"}), ("match", {"institution_id": institution_id})]:
            flow.take_step(db.session, need, step, actor="staff", actor_kinds={STAFF}, **extra)
        db.session.commit()
        told = [m[1] for m in _messages(enterprise_user) if need.number in m[1]]
        assert told == [f"Your need {need.number} was received", f"A plan was given for your need {need.number}"]
        matched = [m for m in _messages(institution_user) if need.number in m[1]]
        assert len(matched) == 1 and "匹配" in matched[0][0]


@pytest.mark.clause("6.3.2-3")
def test_a_referral_tells_the_enterprise_where_to_go(app, parties, gateway):
    enterprise_id, enterprise_user, _, _ = parties
    with app.app_context():
        need, _ = flow.file_need(db.session, need_type="service", title="特种设备检验", contact_name="张三",
                                 contact="13700000000", actor="tester", organisation_id=enterprise_id,
                                 submitted_at=MON_10)
        flow.take_step(db.session, need, "respond", actor="staff", actor_kinds={STAFF})
        flow.take_step(db.session, need, "refer", actor="staff", actor_kinds={STAFF}, comment="宁夏特种设备检验院（平台外）")
        db.session.commit()
        referred = [m for m in _messages(enterprise_user) if need.number in m[1] and "referred" in m[1]]
        assert len(referred) == 1 and "宁夏特种设备检验院" in referred[0][2]
        assert len(gateway) == 1 and "宁夏特种设备检验院" in gateway[0][1]


def test_the_sms_setting_chooses_the_gateway(app, monkeypatch):
    with app.app_context():
        assert isinstance(sms.backend(), sms.LogBackend)
        monkeypatch.setitem(app.config, "QI_SMS_BACKEND", "none")
        assert isinstance(sms.backend(), sms.NullBackend)
        monkeypatch.setitem(app.config, "QI_SMS_BACKEND", f"{__name__}:RecordingGateway")
        assert isinstance(sms.backend(), RecordingGateway)
        monkeypatch.setitem(app.config, "QI_SMS_BACKEND", "smtp")
        with pytest.raises(ValueError, match="QI_SMS_BACKEND"):
            sms.backend()
    assert [sms.mobile_number(c) for c in ("138 0000 1111", "+8613800001111", "8613800001111", "12345678901",
                                           "0951-5012345", "a@b.cn", "")] == \
        ["13800001111", "13800001111", "13800001111", None, None, None, None]


def test_the_notice_in_the_history_reads_in_the_readers_language(app):
    from flask_babel import force_locale

    from app.needs.notices import describe_channels

    with app.test_request_context():
        with force_locale("en"):
            assert describe_channels("site:2 sms:139****2345") == "site message to 2 member(s); SMS to 139****2345"
        with force_locale("zh"):
            assert "短信" in describe_channels("sms:139****2345") and "sms:" not in describe_channels("sms:1")
