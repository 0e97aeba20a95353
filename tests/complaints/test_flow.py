"""The steps of a complaint (6.4.2-3): who takes which, the history, the working-day deadlines,
refusals that change nothing, racing posts, reopening once, the notices."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from app.complaints import flow
from app.complaints.models import Complaint
from app.complaints.states import DECIDE_DAYS, INVESTIGATE_DAYS, REOPEN_DAYS, REPLY_DAYS, TELL_DAYS
from app.extensions import db
from app.notify.models import Message
from app.workdays import add_working_days, deadline, today

from .conftest import events, filed, member, post_complaint, staff, step, stored, zh


def _follow(client, number, code):
    return client.post("/complaints/follow", data={"number": number, "code": code})


@pytest.mark.clause("6.4.2-3")
def test_a_complaint_goes_from_received_to_closed_with_its_history_and_deadlines(world):
    app = world["app"]
    number, code = filed(post_complaint(world))
    complaint = stored(world, number)
    assert complaint.state == "received"
    assert complaint.due_on == deadline(complaint.submitted_at, INVESTIGATE_DAYS)
    platform, institution = staff(world), member(world, "inst_c")
    assert institution.get(f"/complaints/case/{number}").status_code == 404  # not forwarded yet

    step(platform, number, "investigate")
    assert stored(world, number).due_on == complaint.due_on  # the investigation's clock runs from receipt
    step(platform, number, "forward", "请核实并答复")
    assert (stored(world, number).state, stored(world, number).due_on) == ("forwarded",
                                                                          add_working_days(today(), REPLY_DAYS))
    page = institution.get(f"/complaints/case/{number}").get_data(as_text=True)
    assert 'data-step="reply"' in page and 'data-step="decide"' not in page  # the institution only replies
    step(institution, number, "reply", "已重新检测，数据无误")
    assert (stored(world, number).reply, stored(world, number).due_on) == ("已重新检测，数据无误",
                                                                          add_working_days(today(), DECIDE_DAYS))
    step(platform, number, "decide", "投诉不成立，已解释检测依据")
    assert stored(world, number).due_on == add_working_days(today(), TELL_DAYS)
    step(platform, number, "tell")
    told = stored(world, number)
    assert told.state == "told" and told.told_at is not None and told.outcome == "投诉不成立，已解释检测依据"
    # the complainant reads the outcome by number and code
    followed = _follow(app.test_client(), number, code).get_data(as_text=True)
    assert "投诉不成立，已解释检测依据" in followed and zh(app, "Outcome told to the complainant") in followed
    step(platform, number, "close")
    assert stored(world, number).state == "closed"
    assert [(a, f, t) for a, f, t, _ in events(world, number)] == [
        ("file", None, "received"), ("investigate", "received", "investigating"),
        ("forward", "investigating", "forwarded"), ("reply", "forwarded", "replied"),
        ("decide", "replied", "decided"), ("tell", "decided", "told"), ("close", "told", "closed")]
    assert [actor for *_, actor in events(world, number)][3] == world["inst_c"]["user"]


def test_a_refused_step_is_translated_and_changes_nothing(world):
    app = world["app"]
    number, _ = filed(post_complaint(world))
    platform, institution = staff(world), member(world, "inst_c")
    before = (stored(world, number).state, events(world, number))
    page = step(platform, number, "close").get_data(as_text=True)  # not told yet
    assert zh(app, "This complaint is “%(state)s”: “%(step)s” does not apply now.",
              state=zh(app, "Complaint received"), step=zh(app, "Close the complaint")) in page
    step(platform, number, "investigate")
    missing = step(platform, number, "forward", "").get_data(as_text=True)  # a forward says what to answer
    assert zh(app, "%(what)s is required.", what=zh(app, "What the institution is asked to answer")) in missing
    assert stored(world, number).state == "investigating"
    step(platform, number, "forward", "请答复")
    refused = step(institution, number, "decide", "我说了算").get_data(as_text=True)
    assert zh(app, "You may not take this step.") in refused
    assert stored(world, number).outcome is None and stored(world, number).state == "forwarded"
    assert before[0] == "received" and len(events(world, number)) == 3


def test_an_outside_institution_cannot_be_forwarded_to_the_platform_decides_itself(world):
    number, _ = filed(post_complaint(world, institution_id="", institution_name="平台外某公司"))
    platform = staff(world)
    step(platform, number, "investigate")
    assert 'data-step="forward"' not in platform.get(f"/complaints/case/{number}").get_data(as_text=True)
    step(platform, number, "forward", "请答复")
    assert stored(world, number).state == "investigating" and stored(world, number).forwarded_to_id is None
    step(platform, number, "decide", "已告知投诉人向主管部门反映")
    assert stored(world, number).state == "decided"


def test_two_racing_posts_of_one_step_make_one_step(world):
    app = world["app"]
    number, _ = filed(post_complaint(world))
    with app.app_context():
        seen = db.session.scalar(sa.select(Complaint).where(Complaint.number == number))  # read by request A
        with app.app_context():  # request B takes the step and commits first
            other = db.session.scalar(sa.select(Complaint).where(Complaint.number == number))
            flow.take_step(db.session, other, "investigate", actor="b", actor_kinds={"staff"})
            db.session.commit()
        with pytest.raises(flow.ComplaintError):
            flow.take_step(db.session, seen, "investigate", actor="a", actor_kinds={"staff"})
        db.session.rollback()
    assert [a for a, *_ in events(world, number)] == ["file", "investigate"]


def _told(world):
    number, code = filed(post_complaint(world))
    platform = staff(world)
    for name, comment in [("investigate", ""), ("decide", "退还多收费用"), ("tell", "")]:
        step(platform, number, name, comment)
    return number, code


@pytest.mark.clause("6.4.2-3")
def test_the_complainant_reopens_once_from_the_follow_page(world):
    app = world["app"]
    number, code = _told(world)
    client = app.test_client()
    page = _follow(client, number, code).get_data(as_text=True)
    assert 'class="qi-reopen-form"' in page
    reopened = client.post("/complaints/follow/reopen", data={"number": number, "code": code,
                                                               "comment": "费用仍未退还"}).get_data(as_text=True)
    assert zh(app, "Under investigation") in reopened
    complaint = stored(world, number)
    assert complaint.state == "investigating" and complaint.reopened_at is not None
    assert complaint.due_on == add_working_days(today(), INVESTIGATE_DAYS)
    platform = staff(world)
    step(platform, number, "decide", "已退还")
    step(platform, number, "tell")
    page = _follow(client, number, code).get_data(as_text=True)
    assert 'class="qi-reopen-form"' not in page  # once only
    again = client.post("/complaints/follow/reopen", data={"number": number, "code": code, "comment": "再次"})
    assert zh(app, "This complaint can no longer be reopened: it may be reopened once, within %(days)d working "
                   "days after the outcome was told.", days=REOPEN_DAYS) in again.get_data(as_text=True)
    assert stored(world, number).state == "told"
    wrong = client.post("/complaints/follow/reopen", data={"number": number, "code": "AAAAAAAA", "comment": "x"})
    assert wrong.status_code == 404 and stored(world, number).state == "told"


def test_reopening_after_the_working_day_limit_is_refused(world):
    app = world["app"]
    number, code = _told(world)
    with app.app_context():
        row = db.session.scalar(sa.select(Complaint).where(Complaint.number == number))
        row.told_at = dt.datetime.now() - dt.timedelta(days=3 * REOPEN_DAYS)
        db.session.commit()
        assert flow.reopen_until(row) < today()
    response = app.test_client().post("/complaints/follow/reopen", data={"number": number, "code": code,
                                                                          "comment": "太晚了"})
    assert "qi-reopen-form" not in response.get_data(as_text=True)
    assert stored(world, number).state == "told"


def test_the_institution_is_told_when_forwarded_and_the_complainant_when_told(world):
    app = world["app"]
    ent = member(world, "ent_a")
    number, _ = filed(post_complaint(world, client=ent, contact="13995112233"))
    platform = staff(world)
    step(platform, number, "investigate")
    step(platform, number, "forward", "请答复")
    with app.app_context():
        titles = list(db.session.scalars(sa.select(Message.title_zh).where(Message.url == f"/complaints/case/{number}")))
    assert titles == [zh(app, "A complaint was forwarded to you: %(number)s", number=number)]
    step(member(world, "inst_c"), number, "reply", "情况属实")
    step(platform, number, "decide", "投诉成立")
    step(platform, number, "tell")
    with app.app_context():
        told = list(db.session.scalars(sa.select(Message.title_zh).where(Message.url == f"/complaints/case/{number}")
                                       .order_by(Message.id)))
    assert len(told) == 2 and told[-1] == zh(app, "The outcome of your complaint %(number)s", number=number)
