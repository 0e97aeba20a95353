"""Per-item process options and local time limits (issue 18): which steps of the need flow apply to an
item, and a time limit a local regulation sets, labelled as a local rule wherever it is promised."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.catalog.models import ServiceItem
from app.extensions import db
from app.needs import clock
from app.needs.models import Need
from app.testing.fixtures import add_users, login_client

TOKEN = re.compile(r'name="token" type="hidden" value="([0-9a-f]{32})"')
NUMBER = re.compile(r"XQ-\d{4}-\d{6}")
RULE = {"time_rule_zh": "《某省计量监督管理条例》第十二条", "time_rule_en": "Art. 12 of the provincial metrology rules"}


@pytest.fixture(scope="module")
def world(make_app):
    app = make_app()
    add_users(app)
    return {"app": app, "admin": login_client(app, "t_admin"), "staff": login_client(app, "t_platform")}


def _item(app, code) -> ServiceItem:
    with app.app_context():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.code == code))
        db.session.expunge(item)
        return item


def _edit(admin, item, **values):
    data = {"category": str(item.category_id), "clause": item.clause or "", "name_zh": item.name_zh,
            "name_en": item.name_en, "summary_zh": item.summary_zh or "", "summary_en": item.summary_en or "",
            "order": str(item.order), "visible": "y", "need_flow": "full", "respond_days": "", "answer_days": "",
            "time_rule_zh": "", "time_rule_en": "", **values}
    return admin.post(f"/serviceitemview/edit/{item.id}?_l_=en", data=data)


def _file(app, code):
    client = app.test_client()
    page = client.get(f"/needs/new?item={code}").get_data(as_text=True)
    response = client.post("/needs/new", data={
        "token": TOKEN.search(page).group(1), "item": code, "title": "流程测试", "description": "按地方规定办理的需求",
        "contact_name": "周工", "contact": "13995110002"})
    assert response.status_code == 200, response.get_data(as_text=True)[:1500]
    return NUMBER.search(response.get_data(as_text=True)).group(0)


def _steps(client, number) -> list[str]:
    return re.findall(r'data-step="([a-z]+)"', client.get(f"/needs/case/{number}").get_data(as_text=True))


def test_a_local_time_limit_is_checked_used_for_the_deadlines_and_labelled(world):
    app, admin = world["app"], world["admin"]
    item = _item(app, "quality-policy-briefing")
    refused = _edit(admin, item, respond_days="2", answer_days="5").get_data(as_text=True)
    assert "Name the local rule that sets this time limit" in refused
    refused = _edit(admin, item, respond_days="4", answer_days="2", **RULE).get_data(as_text=True)
    assert "The answer cannot be due before the response." in refused
    assert _item(app, item.code).respond_days is None
    assert _edit(admin, item, respond_days="2", answer_days="5", **RULE).status_code == 302
    number = _file(app, item.code)
    with app.app_context():
        need = db.session.scalar(select(Need).where(Need.number == number))
        assert (need.counted_from, need.respond_due, need.answer_due) == clock.deadlines(need.submitted_at, 2, 5)
    case = world["staff"].get(f"/needs/case/{number}?_l_=en").get_data(as_text=True)
    assert "Local rule" in case and RULE["time_rule_en"] in case
    guide = app.test_client().get(f"/item/{item.code}?_l_=en").get_data(as_text=True)
    assert "responds within 2 and answers with a plan within 5 working days" in guide
    form = app.test_client().get(f"/needs/new?item={item.code}&_l_=zh").get_data(as_text=True)
    assert RULE["time_rule_zh"] in form
    assert _edit(admin, item).status_code == 302  # back to the standard's
    assert "qi-local-rule" not in app.test_client().get(f"/item/{item.code}").get_data(as_text=True)


def test_the_process_option_decides_the_steps_of_the_items_needs(world):
    app, admin, staff = world["app"], world["admin"], world["staff"]
    served = _item(app, "quality-chief-quality-officer")
    assert _edit(admin, served, need_flow="no_matching").status_code == 302
    number = _file(app, served.code)
    assert "plan" in _steps(staff, number) and "answer" not in _steps(staff, number)
    assert staff.post(f"/needs/case/{number}/step", data={"step": "plan", "comment": "平台直接提供"}).status_code in (302, 303)
    steps = _steps(staff, number)
    assert "start" in steps and "match" not in steps
    assert staff.post(f"/needs/case/{number}/step", data={"step": "match", "institution_id": "1"}).status_code in (
        302, 303, 400, 409, 422)
    assert staff.post(f"/needs/case/{number}/step", data={"step": "start"}).status_code in (302, 303)
    with app.app_context():
        assert db.session.scalar(select(Need.state).where(Need.number == number)) == "in_service"

    consulting = _item(app, "brand-trademark-consulting")
    assert _edit(admin, consulting, need_flow="answer_only").status_code == 302
    number = _file(app, consulting.code)
    steps = _steps(staff, number)
    assert "answer" in steps and "plan" not in steps
    # an item on the whole flow is unchanged
    plain = _file(app, "brand-building")
    assert "plan" in _steps(staff, plain) and "answer" not in _steps(staff, plain) and "start" not in _steps(staff, plain)
