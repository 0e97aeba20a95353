"""Improvement actions (7.2-1, 7.2-2): opened from a dissatisfaction case or a complaint, owned,
marked done, re-checked (failed: back to open), followed up in public; scoped lists with the overdue
highlighted; the yearly summary and plan published on the public page."""
from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select

from app.accounts.models import UserProfile
from app.complaints.models import Complaint
from app.evaluations.models import DissatisfactionCase
from app.extensions import db
from app.improvement import flow
from app.improvement.models import DONE, OPEN, VERIFIED, ImprovementAction, ImprovementYear
from app.testing.fixtures import add_users, login_client
from app.testing.orgs import MEMBER_PASSWORD, make_org
from app.testing.windows import make_window
from tests.evaluations.test_stats import add_evaluation


@pytest.fixture(scope="module")
def world(make_app):
    app = make_app()
    add_users(app)
    with app.app_context():
        session = db.session
        inst, inst_user = make_org("institution", "改进测试检测院", types="testing")
        other, other_user = make_org("institution", "改进测试其他机构", types="testing")
        mine = make_window("park", "改进测试服务站", code="impr-mine", staff=("t_window",))
        theirs = make_window("park", "改进测试别的服务站", code="impr-theirs")
        evaluation = add_evaluation(session, 3, year=2026, quarter=1, window_id=mine, institution_id=inst)
        case = DissatisfactionCase(evaluation_id=evaluation.id, dimension="r5", rating=3, reason="态度差",
                                   institution_id=inst, window_id=mine)
        complaint = Complaint(number="TS-IMPR-000001", code_hash=hashlib.sha256(b"c").hexdigest(), token="impr-1",
                              institution_id=other, window_id=theirs, complaint_type="time_limit", content="超期",
                              request="说明", complainant_name="王五", contact="13800000000")
        session.add_all([case, complaint])
        session.commit()
        ids = {"inst": inst, "other": other, "mine": mine, "theirs": theirs, "case": case.id,
               "complaint": complaint.id, "inst_user": inst_user, "other_user": other_user}
    return app, ids


@pytest.fixture(scope="module")
def staff(world):
    return login_client(world[0], "t_platform")


def _action(app, action_id) -> ImprovementAction:
    with app.app_context():
        action = db.session.get(ImprovementAction, action_id)
        db.session.expunge(action)
        return action


def _open(staff, **data) -> int:
    response = staff.post("/improvement/new" + data.pop("query", ""), data={"due_on": "2030-01-31", **data})
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


@pytest.mark.clause("7.2-1")
@pytest.mark.clause("7.2-2")
def test_an_action_from_a_dissatisfaction_case_goes_done_failed_done_verified(world, staff):
    app, ids = world
    action_id = _open(staff, title="加强服务态度培训", description="全员培训", query=f"?dissatisfaction={ids['case']}")
    action = _action(app, action_id)
    # the case's institution and window own it
    assert (action.owner_org_id, action.window_id, action.dissatisfaction_id) == (ids["inst"], ids["mine"], ids["case"])
    assert action.state == OPEN
    owner = login_client(app, ids["inst_user"], MEMBER_PASSWORD)
    # staff cannot re-check an action nobody marked done: refused, translated, nothing changed
    page = staff.post(f"/improvement/{action_id}/recheck", data={"outcome": "passed", "result": "好"},
                      follow_redirects=True)
    assert "only a done action can be re-checked" in page.get_data(as_text=True) or "只有" in page.get_data(as_text=True)
    assert _action(app, action_id).state == OPEN
    assert owner.post(f"/improvement/{action_id}/done", data={"note": "已培训"}).status_code == 303
    assert _action(app, action_id).state == DONE
    # the owner may not re-check their own work
    assert owner.post(f"/improvement/{action_id}/recheck", data={"outcome": "passed", "result": "x"}).status_code in (302, 403)
    assert _action(app, action_id).state == DONE
    staff.post(f"/improvement/{action_id}/recheck", data={"outcome": "failed", "result": "回访仍不满意"})
    failed = _action(app, action_id)
    assert failed.state == OPEN and failed.recheck_result == "回访仍不满意" and flow.failed_recheck(failed)
    owner.post(f"/improvement/{action_id}/done", data={"note": "再次培训并考核"})
    staff.post(f"/improvement/{action_id}/recheck", data={"outcome": "passed", "result": "回访满意"})
    verified = _action(app, action_id)
    assert verified.state == VERIFIED and verified.rechecked_by == "t_platform"
    # a verified action is not marked done again
    owner.post(f"/improvement/{action_id}/done", data={"note": "又一次"})
    assert _action(app, action_id).done_note == "再次培训并考核"


@pytest.mark.clause("7.2-1")
def test_an_action_from_a_complaint_is_owned_by_the_institution_complained_about(world, staff):
    app, ids = world
    action_id = _open(staff, title="缩短检测周期", query=f"?complaint={ids['complaint']}")
    action = _action(app, action_id)
    assert (action.owner_org_id, action.window_id, action.complaint_id) == (ids["other"], ids["theirs"], ids["complaint"])


def test_bad_input_is_refused_and_changes_nothing(world, staff):
    app, ids = world
    with app.app_context():
        before = len(db.session.scalars(select(ImprovementAction.id)).all())
    assert staff.post("/improvement/new", data={"title": "", "due_on": "2030-01-01"}).status_code == 422
    assert staff.post("/improvement/new", data={"title": "x", "due_on": "not a day"}).status_code == 422
    assert staff.post("/improvement/new", data={"title": "x", "due_on": "2030-01-01", "owner": "nobody-here"}).status_code == 422
    assert staff.post("/improvement/new?dissatisfaction=987654", data={"title": "x", "due_on": "2030-01-01"}).status_code == 422
    assert staff.get("/improvement/new?complaint=abc").status_code == 400
    assert staff.get("/improvement/new?complaint=987654").status_code == 400
    with app.app_context():
        assert len(db.session.scalars(select(ImprovementAction.id)).all()) == before


@pytest.mark.clause("7.2-2")
def test_each_owner_sees_only_its_actions_and_the_overdue_are_highlighted(world, staff):
    app, ids = world
    mine = _open(staff, title="本机构逾期事项", owner_org_id=str(ids["inst"]), due_on="2020-01-01")
    window_one = _open(staff, title="本窗口事项", window_id=str(ids["mine"]))
    theirs = _open(staff, title="别家机构事项", owner_org_id=str(ids["other"]), window_id=str(ids["theirs"]))
    owner = login_client(app, ids["inst_user"], MEMBER_PASSWORD)
    html = owner.get("/improvement/?show=all").get_data(as_text=True)
    assert "本机构逾期事项" in html and "别家机构事项" not in html and "本窗口事项" not in html
    assert owner.get(f"/improvement/{theirs}").status_code == 404
    assert owner.post(f"/improvement/{theirs}/done", data={"note": "x"}).status_code == 404
    assert _action(app, theirs).state == OPEN
    window = login_client(app, "t_window")
    html = window.get("/improvement/?show=all").get_data(as_text=True)
    assert "本窗口事项" in html and "别家机构事项" not in html
    # overdue: highlighted in the list and counted on its tab
    overdue = owner.get("/improvement/?show=overdue").get_data(as_text=True)
    assert f'class="qi-overdue" data-action="{mine}"' in overdue
    assert staff.get(f"/improvement/{window_one}").status_code == 200
    assert login_client(app, "t_enterprise").get("/improvement/").status_code in (302, 403)


@pytest.mark.clause("7.2-1")
def test_the_public_follow_up_and_the_yearly_plan_appear_only_once_published(world, staff):
    app, ids = world
    action_id = _open(staff, title="公开整改事项甲")
    staff.post(f"/improvement/{action_id}/public", data={"public_note": "已完成整改，回访满意"})
    anonymous = app.test_client()
    assert "已完成整改，回访满意" not in anonymous.get("/satisfaction/").get_data(as_text=True)
    staff.post(f"/improvement/{action_id}/public", data={"public_note": "已完成整改，回访满意", "published": "y"})
    assert "已完成整改，回访满意" in anonymous.get("/satisfaction/").get_data(as_text=True)
    # publishing asks for the note
    other = _open(staff, title="公开整改事项乙")
    staff.post(f"/improvement/{other}/public", data={"public_note": "", "published": "y"})
    assert _action(app, other).published is False

    staff.post("/improvement/years/save", data={"year": "2025", "summary": "年度总结正文", "plan": "年度计划正文"})
    assert "年度总结正文" not in anonymous.get("/satisfaction/").get_data(as_text=True)
    staff.post("/improvement/years/save", data={"year": "2025", "summary": "年度总结正文", "plan": "年度计划正文",
                                                 "publish": "y"})
    html = anonymous.get("/satisfaction/").get_data(as_text=True)
    assert "年度总结正文" in html and "年度计划正文" in html
    with app.app_context():
        assert db.session.get(ImprovementYear, 2025).changed_by == "t_platform"
    assert staff.post("/improvement/years/save", data={"year": "x"}).status_code == 400
    assert staff.get("/improvement/years/?year=1800").status_code == 400
    for user in ("t_window", "t_institution"):
        assert login_client(app, user).post("/improvement/years/save", data={"year": "2025", "summary": "改",
                                                                             "plan": "改"}).status_code in (302, 403)
    with app.app_context():
        assert db.session.get(ImprovementYear, 2025).summary == "年度总结正文"
