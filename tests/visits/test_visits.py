"""Visits to enterprises (6.3.1-2): planned and logged by window staff, the needs collected on them
filed with channel "visit", scoped to the visitor's window, and the report per window."""
import csv
import datetime as dt
import io
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.needs.models import Need, NeedEvent
from app.visits import flow
from app.visits.models import DONE, PLANNED, EnterpriseVisit, VisitNeed
from app.form_tokens import new_token
from app.workdays import today


def _plan(client, world, window="window_a", **extra):
    data = {"organisation_id": world["enterprise"], "window_id": world[window], "planned_on": today().isoformat(),
            "purpose": "了解计量需求", "visitor": "王科员", **extra}
    return client.post("/visits/plan", data=data)


def _visit_id(response) -> int:
    assert response.status_code == 303, response.data[:400]
    return int(re.search(r"/visits/(\d+)$", response.headers["Location"]).group(1))


LOG = {"met": "李经理", "notes": "企业有 3 台天平需要校准", "outcome": "登记需求一项"}
NEED = {"title": "电子天平校准", "description": "3 台电子天平需要校准", "contact_name": "李经理",
        "contact": "13900000000", "item": ""}


def _visits(app, **where):
    with app.app_context():
        return db.session.scalars(select(EnterpriseVisit).filter_by(**where)).all()


@pytest.mark.clause("6.3.1-2")
def test_a_need_collected_on_a_visit_is_filed_for_the_enterprise_with_channel_visit(app, visits_world):
    a = visits_world["a"]
    visit_id = _visit_id(_plan(a, visits_world))
    assert a.post(f"/visits/{visit_id}/log", data={"done_on": today().isoformat(), **LOG}).status_code == 303
    response = a.post(f"/visits/{visit_id}/needs", data={**NEED, "token": new_token()})
    assert response.status_code == 303
    with app.app_context():
        link = db.session.scalar(select(VisitNeed).where(VisitNeed.visit_id == visit_id))
        need = db.session.get(Need, link.need_id)
        assert (need.channel, need.window_id, need.organisation_id) == (
            "visit", visits_world["window_a"], visits_world["enterprise"])
        assert need.state == "submitted" and need.title == "电子天平校准"
        number = need.number
    # the visit page lists the need with its state
    page = a.get(f"/visits/{visit_id}").get_data(as_text=True)
    assert number in page and 'data-state="submitted"' in page
    # the enterprise sees it among its cases, and its case page says it came from this visit
    mine = visits_world["enterprise_client"].get("/needs/mine/").get_data(as_text=True)
    assert number in mine
    case = visits_world["enterprise_client"].get(f"/needs/case/{number}", headers={"Accept-Language": "zh"})
    assert case.status_code == 200
    text = case.get_data(as_text=True)
    assert f'data-visit="{visit_id}"' in text and "王科员" in text
    # the window's staff see the need on their window; another window's do not
    assert a.get(f"/needs/case/{number}").status_code == 200
    assert visits_world["b"].get(f"/needs/case/{number}").status_code == 404
    assert visits_world["other_client"].get(f"/needs/case/{number}").status_code == 404


def test_the_same_need_form_sent_twice_files_one_need(app, visits_world):
    a = visits_world["a"]
    visit_id = _visit_id(_plan(a, visits_world))
    a.post(f"/visits/{visit_id}/log", data={"done_on": today().isoformat(), **LOG})
    form = {**NEED, "token": new_token()}
    assert a.post(f"/visits/{visit_id}/needs", data=form).status_code == 303
    assert a.post(f"/visits/{visit_id}/needs", data=form).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(VisitNeed).where(VisitNeed.visit_id == visit_id)) == 1


def test_needs_are_collected_only_on_a_logged_visit(app, visits_world):
    a = visits_world["a"]
    visit_id = _visit_id(_plan(a, visits_world))
    response = a.post(f"/visits/{visit_id}/needs", data={**NEED, "token": new_token()}, follow_redirects=True)
    assert "Needs are collected on a visit once it is logged." in response.get_data(as_text=True) or \
        "走访登记后" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(VisitNeed).where(VisitNeed.visit_id == visit_id)) == 0


def test_logging_twice_or_after_cancelling_is_refused_and_changes_nothing(app, visits_world):
    a = visits_world["a"]
    visit_id = _visit_id(_plan(a, visits_world))
    assert a.post(f"/visits/{visit_id}/log", data={"done_on": today().isoformat(), **LOG}).status_code == 303
    a.post(f"/visits/{visit_id}/log", data={"done_on": today().isoformat(), **LOG, "notes": "第二次"})
    a.post(f"/visits/{visit_id}/cancel", data={"reason": "改期"})
    visit = _visits(app, id=visit_id)[0]
    assert visit.state == DONE and visit.notes == LOG["notes"] and visit.cancel_reason is None
    cancelled = _visit_id(_plan(a, visits_world))
    assert a.post(f"/visits/{cancelled}/cancel", data={"reason": "企业停产"}).status_code == 303
    a.post(f"/visits/{cancelled}/log", data={"done_on": today().isoformat(), **LOG})
    assert _visits(app, id=cancelled)[0].state == "cancelled"


@pytest.mark.parametrize("change, message", [
    ({"done_on": (today() + dt.timedelta(days=2)).isoformat()}, "A visit cannot be logged before it took place."),
    ({"notes": ""}, "Write down what was said."),
    ({"met": ""}, "Say whom you met."),
])
def test_a_bad_log_is_refused_with_a_message(app, visits_world, change, message):
    a = visits_world["a"]
    visit_id = _visit_id(_plan(a, visits_world))
    response = a.post(f"/visits/{visit_id}/log?_l_=en", data={"done_on": today().isoformat(), **LOG, **change},
                      follow_redirects=True)
    assert message in response.get_data(as_text=True)
    assert _visits(app, id=visit_id)[0].state == PLANNED


def test_only_an_approved_enterprise_can_be_visited_and_only_from_ones_own_window(app, visits_world):
    a = visits_world["a"]
    before = len(_visits(app))
    assert _plan(a, visits_world, organisation_id=visits_world["institution"]).status_code == 422
    assert _plan(a, visits_world, organisation_id="").status_code == 422
    assert _plan(a, visits_world, window="window_b").status_code == 422  # not a window of t_window
    assert _plan(a, visits_world, purpose="").status_code == 422
    assert len(_visits(app)) == before


def test_the_enterprise_search_is_bounded(app, visits_world, org_factory):
    for n in range(23):
        org_factory("enterprise", f"批量走访企业{n}号")
    page = visits_world["a"].get("/visits/plan?q=批量走访").get_data(as_text=True)
    assert page.count("批量走访企业") == 20
    assert "走访测试企业有限公司" in visits_world["a"].get("/visits/plan?q=走访测试企业").get_data(as_text=True)


@pytest.mark.clause("6.3.1-2")
def test_overdue_planned_visits_are_shown_to_the_windows_staff(app, visits_world):
    with app.app_context():
        visit = flow.plan_visit(db.session, organisation_id=visits_world["enterprise"],
                                planned_on=today() - dt.timedelta(days=3), purpose="回访", visitor="王科员",
                                actor="t_window", window_id=visits_world["window_a"])
        db.session.commit()
        visit_id = visit.id
    page = visits_world["a"].get("/visits/").get_data(as_text=True)
    assert "qi-visits-overdue" in page and f'data-visit="{visit_id}"' in page
    assert "qi-visit-overdue" in visits_world["a"].get(f"/visits/{visit_id}").get_data(as_text=True)
    # window B's staff are not told of window A's visits
    assert f'data-visit="{visit_id}"' not in visits_world["b"].get("/visits/?show=all").get_data(as_text=True)


def test_window_staff_never_reach_another_windows_visits(app, visits_world, platform_staff_client):
    a, b = visits_world["a"], visits_world["b"]
    visit_id = _visit_id(_plan(a, visits_world))
    for show in ("overdue", "planned", "done", "cancelled", "all"):
        assert f'data-visit="{visit_id}"' not in b.get(f"/visits/?show={show}").get_data(as_text=True)
    assert f'data-visit="{visit_id}"' in a.get("/visits/?show=all").get_data(as_text=True)
    assert f'data-visit="{visit_id}"' in platform_staff_client.get("/visits/?show=all").get_data(as_text=True)
    assert b.get(f"/visits/{visit_id}").status_code == 404
    assert b.post(f"/visits/{visit_id}/log", data={"done_on": today().isoformat(), **LOG}).status_code == 404
    assert b.post(f"/visits/{visit_id}/cancel", data={"reason": "x"}).status_code == 404
    assert b.post(f"/visits/{visit_id}/needs", data={**NEED, "token": new_token()}).status_code == 404
    assert _visits(app, id=visit_id)[0].state == PLANNED
    month = today().strftime("%Y-%m")
    report = b.get(f"/visits/report/?month={month}").get_data(as_text=True)
    assert f'data-window="{visits_world["window_a"]}"' not in report


def test_enterprises_and_institutions_have_no_visit_pages(app, visits_world, institution_client):
    visit_id = _visit_id(_plan(visits_world["a"], visits_world))
    for client in (visits_world["enterprise_client"], institution_client):
        for url in ("/visits/", f"/visits/{visit_id}", "/visits/report/", "/visits/plan"):
            assert client.get(url).status_code in (302, 403), url


def _report(client, query):
    response = client.get(f"/visits/report/?{query}&format=csv")
    assert response.status_code == 200, response.data[:300]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    return {row[0]: row[1:] for row in rows[1:]}


@pytest.mark.clause("6.3.1-2")
def test_the_report_counts_visits_enterprises_and_needs_per_window(app, visits_world, platform_staff_client):
    day = dt.date(2025, 3, 10)
    with app.app_context():
        def visit(window, org, state, needs=0):
            v = flow.plan_visit(db.session, organisation_id=visits_world[org], planned_on=day, purpose="走访",
                                visitor="王科员", actor="t_window", window_id=visits_world[window])
            if state == "done":
                flow.log_visit(db.session, v, done_on=day, met="李经理", notes="记录", outcome="", actor="t_window")
                for n in range(needs):
                    flow.collect_need(db.session, v, title=f"需求{n}", description="说明", contact_name="李经理",
                                      contact="13900000000", actor="t_window")
            elif state == "cancelled":
                flow.cancel_visit(db.session, v, reason="改期", actor="t_window")
            return v
        visit("window_a", "enterprise", "done", needs=2)
        visit("window_a", "enterprise", "done", needs=1)
        visit("window_a", "other", "done")
        visit("window_a", "other", "cancelled")
        visit("window_a", "other", "planned")
        visit("window_b", "enterprise", "done", needs=1)
        db.session.commit()
    lines = _report(platform_staff_client, "month=2025-03")
    # planned, done, cancelled, still open, enterprises visited, needs collected, their states
    assert lines["走访测试甲站"][:6] == ["5", "3", "1", "1", "2", "3"]
    assert "3" in lines["走访测试甲站"][6]
    assert lines["走访测试乙站"][:6] == ["1", "1", "0", "0", "1", "1"]
    assert _report(platform_staff_client, "quarter=2025-Q1")["走访测试甲站"][:6] == ["5", "3", "1", "1", "2", "3"]
    assert _report(platform_staff_client, "start=2025-03-11&end=2025-03-31") == {}
    # window A's staff see their window's line only
    assert set(_report(visits_world["a"], "month=2025-03")) == {"走访测试甲站"}
    page = platform_staff_client.get("/visits/report/?month=2025-03")
    assert page.status_code == 200 and "走访测试乙站" in page.get_data(as_text=True)
    xlsx = platform_staff_client.get("/visits/report/?month=2025-03&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


@pytest.mark.parametrize("query", ["month=2026-13", "month=abc", "quarter=2026-Q5", "quarter=Q1",
                                   "start=2026-02-01&end=2026-01-01", "start=2026-01-01", "start=x&end=y",
                                   "month=2026-01&quarter=2026-Q1", "format=pdf", "start=2000-01-01&end=2026-01-01"])
def test_bad_report_arguments_are_a_400(platform_staff_client, query):
    assert platform_staff_client.get(f"/visits/report/?{query}").status_code == 400


@pytest.mark.parametrize("query", ["show=everything", "page=-1", "page=x"])
def test_bad_list_arguments_are_a_400(platform_staff_client, query):
    assert platform_staff_client.get(f"/visits/?{query}").status_code == 400


def test_get_never_changes_a_visit(app, visits_world):
    a = visits_world["a"]
    visit_id = _visit_id(_plan(a, visits_world))
    for url in (f"/visits/{visit_id}/log?done_on=2020-01-01&met=x&notes=y", f"/visits/{visit_id}/cancel?reason=x",
                f"/visits/{visit_id}/needs?title=x"):
        assert a.get(url).status_code == 405
    for url in ("/visits/", f"/visits/{visit_id}", "/visits/report/", "/visits/plan?q=走访"):
        assert a.get(url).status_code == 200
    visit = _visits(app, id=visit_id)[0]
    assert visit.state == PLANNED
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(NeedEvent).join(VisitNeed, VisitNeed.need_id ==
                                                                                   NeedEvent.need_id)
                                 .where(VisitNeed.visit_id == visit_id)) == 0
