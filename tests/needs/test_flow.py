"""The need flow: numbers, deadlines, each step and each refused one, the pause."""
import datetime as dt

import pytest

from app.extensions import db
from app.needs import flow
from app.needs.models import Need, NeedEvent
from app.needs.states import ENTERPRISE, INSTITUTION, STAFF

MON_10 = dt.datetime(2026, 11, 23, 2, 0)  # Monday 10:00 in China (naive UTC)


def _file(app, **kw):
    values = dict(need_type="service", title="校准需求", contact_name="张三", contact="13800000000", actor="tester",
                  submitted_at=MON_10)
    values.update(kw)
    return flow.file_need(db.session, **values)


@pytest.mark.clause("6.3.2-1")
def test_a_need_is_numbered_and_due_in_1_and_3_working_days(app):
    with app.app_context():
        need, code = _file(app)
        db.session.commit()
        assert need.number.startswith("XQ-2026-") and len(need.number) == len("XQ-2026-000001")
        assert (need.counted_from, need.respond_due, need.answer_due) == (
            dt.date(2026, 11, 23), dt.date(2026, 11, 24), dt.date(2026, 11, 26))
        assert flow.code_matches(need, code.lower()) and not flow.code_matches(need, "WRONG")
        second, _ = _file(app)
        assert int(second.number[-6:]) == int(need.number[-6:]) + 1


def test_a_need_after_hours_on_friday_counts_from_monday(app):
    with app.app_context():
        need, _ = _file(app, submitted_at=dt.datetime(2026, 11, 20, 10, 0))  # Friday 18:00 China
        assert (need.counted_from, need.respond_due) == (dt.date(2026, 11, 23), dt.date(2026, 11, 24))
        db.session.rollback()


def test_the_same_form_sent_twice_files_one_need(app):
    with app.app_context():
        first, code = _file(app, token="t-double")
        again, again_code = _file(app, token="t-double")
        assert again.id == first.id and code and not again_code
        db.session.rollback()


@pytest.mark.clause("6.3.2-3")
def test_the_whole_flow_keeps_its_history(app, org_factory):
    institution_id, _ = org_factory("institution", "流程检测院")
    with app.app_context():
        need, _ = _file(app)
        for step, kinds, extra in [("respond", {STAFF}, {}), ("plan", {STAFF}, {"comment": "送检"}),
                                   ("match", {STAFF}, {"institution_id": institution_id}),
                                   ("decline", {INSTITUTION}, {"comment": "满负荷"}),
                                   ("match", {STAFF}, {"institution_id": institution_id}),
                                   ("accept", {INSTITUTION}, {}), ("deliver", {INSTITUTION}, {"comment": "合格"}),
                                   ("inform", {STAFF}, {}), ("close", {STAFF}, {})]:
            flow.take_step(db.session, need, step, actor="someone", actor_kinds=kinds, **extra)
        db.session.commit()
        actions = [e.action for e in db.session.query(NeedEvent).filter_by(need_id=need.id).order_by(NeedEvent.id)]
        # "notice": the completion notice sent on "inform" is kept in the history (app.needs.notices)
        assert actions == ["file", "respond", "plan", "match", "decline", "match", "accept", "deliver", "inform",
                           "notice", "close"]
        assert need.state == "closed" and need.result == "合格" and need.informed_at and need.closed_at


def test_refused_steps_change_nothing(app):
    with app.app_context():
        need, _ = _file(app)
        with pytest.raises(flow.FlowError, match="does not apply|现在不能"):
            flow.take_step(db.session, need, "accept", actor="x", actor_kinds={INSTITUTION})
        with pytest.raises(flow.FlowError):
            flow.take_step(db.session, need, "respond", actor="x", actor_kinds={ENTERPRISE})
        with pytest.raises(flow.FlowError):
            flow.take_step(db.session, need, "plan", actor="x", actor_kinds={STAFF})  # no plan text
        assert need.state == "submitted"
        flow.take_step(db.session, need, "respond", actor="x", actor_kinds={STAFF})
        with pytest.raises(flow.FlowError):  # a double click
            flow.take_step(db.session, need, "respond", actor="x", actor_kinds={STAFF})
        db.session.rollback()


@pytest.mark.clause("6.3.2-3")
def test_referral_keeps_the_outside_institution(app):
    with app.app_context():
        need, _ = _file(app)
        flow.take_step(db.session, need, "respond", actor="x", actor_kinds={STAFF})
        flow.take_step(db.session, need, "refer", actor="x", actor_kinds={STAFF}, comment="省计量院（平台外）")
        assert need.state == "referred" and need.referral == "省计量院（平台外）" and need.answered_at
        db.session.rollback()


def test_waiting_pauses_the_clock(app, monkeypatch):
    with app.app_context():
        need, _ = _file(app)
        monkeypatch.setattr(flow, "today", lambda: dt.date(2026, 11, 23))
        flow.take_step(db.session, need, "wait", actor="x", actor_kinds={STAFF}, comment="缺少器具清单")
        assert not flow.is_overdue(need, dt.date(2026, 12, 31))
        monkeypatch.setattr(flow, "today", lambda: dt.date(2026, 11, 25))  # waited 2 working days
        flow.take_step(db.session, need, "resume", actor="x", actor_kinds={ENTERPRISE})
        assert need.state == "submitted"
        assert (need.respond_due, need.answer_due) == (dt.date(2026, 11, 26), dt.date(2026, 11, 30))
        db.session.rollback()


def test_a_consultation_is_answered_in_one_step(app):
    with app.app_context():
        need, _ = _file(app, need_type="consultation")
        with pytest.raises(flow.FlowError):
            flow.take_step(db.session, need, "plan", actor="x", actor_kinds={STAFF}, comment="p")
        flow.take_step(db.session, need, "answer", actor="x", actor_kinds={STAFF}, comment="请带上说明书")
        assert need.state == "to_evaluate" and need.plan == "请带上说明书" and need.responded_at
        db.session.rollback()


def test_unknown_kinds_are_refused(app):
    with app.app_context():
        with pytest.raises(flow.FlowError):
            _file(app, need_type="nonsense")
        assert db.session.query(Need).filter_by(need_type="nonsense").count() == 0


@pytest.mark.clause("6.3.2-1")
@pytest.mark.parametrize("submitted, respond, answer", [
    # the eve of National Day 2025, 10:00: the holiday runs to 8 October, Saturday 11 October is worked
    (dt.datetime(2025, 9, 30, 2, 0), dt.date(2025, 10, 9), dt.date(2025, 10, 11)),
    # Friday before the Spring Festival 2026, 10:00: Saturday 14 February is worked, then 15–23 off
    (dt.datetime(2026, 2, 13, 2, 0), dt.date(2026, 2, 14), dt.date(2026, 2, 25)),
    # the same Friday at 18:00: counts from the adjusted Saturday
    (dt.datetime(2026, 2, 13, 10, 0), dt.date(2026, 2, 24), dt.date(2026, 2, 26)),
])
def test_deadlines_skip_the_holidays_and_count_their_adjusted_working_days(app, submitted, respond, answer):
    with app.app_context():
        need, _ = _file(app, submitted_at=submitted)
        assert (need.respond_due, need.answer_due) == (respond, answer)
        db.session.rollback()


def test_what_the_platform_writes_into_a_need_reads_in_each_readers_language(app):
    from flask_babel import force_locale

    from app.needs.texts import need_text

    with app.test_request_context():
        need, _ = _file(app, title=need_text("Patent navigation: %(field)s", field="枸杞深加工"))
        flow.take_step(db.session, need, "plan", actor="x", actor_kinds={STAFF},
                       comment=need_text("%(count)s instruments to %(name)s, chosen by the enterprise among the "
                                         "institutions authorised for them.", count=2, name="计量院"))
        event = db.session.query(NeedEvent).filter_by(need_id=need.id, action="plan").one()
        with force_locale("en"):
            assert need.shown_title == "Patent navigation: 枸杞深加工"
            assert need.shown_plan.startswith("2 instruments to 计量院") and event.shown_comment == need.shown_plan
        with force_locale("zh"):
            assert need.shown_title.startswith("专利导航") and "计量院" in need.shown_plan
            assert "instruments" not in need.shown_plan
        typed, _ = _file(app, title="我自己写的标题")
        with force_locale("en"):
            assert typed.shown_title == "我自己写的标题"  # what a person typed stays as typed
        db.session.rollback()
