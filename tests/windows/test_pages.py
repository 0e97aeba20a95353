"""The window pages: the public network list and window page, staff setting windows up, owners
keeping their own window's details, closing a window, and coverage per region."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.testing.fixtures import USERS, add_users, login_client
from app.testing.orgs import MEMBER_PASSWORD, make_org
from app.testing.windows import make_window
from app.windows.models import ServiceWindow, WindowService

ITEM = "testing-demand-matching"


@pytest.fixture(scope="module")
def world(make_app):
    """An app of its own: an institution and an enterprise with a window each, a park station in
    Yinchuan (640100) worked by t_window, a closed station, and a second window staff member."""
    app = make_app()
    add_users(app)
    add_users(app, {"w_other": ("WindowStaff", "pw-window-2")})
    out = {"app": app}
    with app.app_context():
        inst, inst_user = make_org("institution", "宁夏窗口检测院", types="testing")
        ent, ent_user = make_org("enterprise", "窗口重点企业有限公司")
        other, other_user = make_org("institution", "别家检测院", types="testing")
        item_id = db.session.scalar(sa.text("select id from qi_service_item where code = :c"), {"c": ITEM})
        out.update(inst=inst, inst_user=inst_user, ent=ent, ent_user=ent_user, other_user=other_user)
        out["park"] = make_window("park", "银川园区质量服务站", code="yc-park", region_code="640100", staff=("t_window",),
                                  name_en="Yinchuan Park Station", address="银川市经开区 1 号", phone="0951-1111111")
        db.session.add(WindowService(window_id=out["park"], item_id=item_id))
        db.session.commit()
        out["inst_window"] = make_window("institution", "检测院受理窗口", code="inst-win", organisation_id=inst,
                                         region_code="640100", flow="送样—检测—出具报告", cycle="7 个工作日",
                                         price="按国家收费标准")
        out["ent_window"] = make_window("enterprise", "重点企业服务窗口", code="ent-win", organisation_id=ent,
                                        region_code="640300", staff=("w_other",))
        out["other_window"] = make_window("institution", "别家窗口", code="other-win", organisation_id=other,
                                          region_code="640200")
        out["closed"] = make_window("park", "已撤销的服务站", code="gone-park", region_code="640200", active=False)
    return out


def member(world, key):
    return login_client(world["app"], world[key], MEMBER_PASSWORD)


def staff(world, username="t_platform"):
    password = USERS[username][1] if username in USERS else "pw-window-2"
    return login_client(world["app"], username, password)


def window_of(world, code) -> ServiceWindow:
    with world["app"].app_context():
        window = db.session.scalar(sa.select(ServiceWindow).where(ServiceWindow.code == code))
        if window is not None:
            window.hours, window.services, window.staff  # loaded before the session closes
            db.session.expunge_all()
        return window


# -- the public network --------------------------------------------------------------------------

@pytest.mark.clause("4.1-2")
def test_the_network_lists_active_windows_by_region_and_kind_for_anyone(world):
    client = world["app"].test_client()
    html = client.get("/windows/").get_data(as_text=True)
    groups = re.findall(r'data-region="(\d+)" data-kind="(\w+)"', html)
    assert ("640100", "park") in groups and ("640100", "institution") in groups and ("640300", "enterprise") in groups
    assert groups == sorted(groups)  # grouped: each region and kind once, in order
    assert "银川园区质量服务站" in html and "银川市 · 园区服务站" in html.replace("\n", "")
    assert "已撤销的服务站" not in html  # a closed window has left the network
    only = client.get("/windows/?region=640100&kind=park").get_data(as_text=True)
    assert "银川园区质量服务站" in only and "检测院受理窗口" not in only and "重点企业服务窗口" not in only


@pytest.mark.parametrize("query", ["kind=shop", "region=999999", "region=<b>", "page=-1", "page=x"])
def test_bad_network_filters_are_refused_with_400(world, query):
    response = world["app"].test_client().get(f"/windows/?{query}")
    assert response.status_code == 400


@pytest.mark.clause("4.2.2-4")
def test_an_institution_windows_page_publishes_its_items_flow_cycle_and_price(world):
    client = world["app"].test_client()
    html = client.get("/windows/inst-win").get_data(as_text=True)
    assert "送样—检测—出具报告" in html and "7 个工作日" in html and "按国家收费标准" in html
    assert "宁夏窗口检测院" in html
    park = client.get("/windows/yc-park").get_data(as_text=True)
    assert f'href="/item/{ITEM}"' in park and "银川市经开区 1 号" in park and "0951-1111111" in park
    assert "/appointments/book/yc-park" in park
    assert client.get("/windows/gone-park").status_code == 404
    assert client.get("/windows/no-such").status_code == 404


def test_the_week_follows_the_working_day_calendar(world, monkeypatch):
    """National Day 2025 fell on Wednesday 1 October: Monday and Tuesday open, the holiday closed."""
    import app.windows.views as views

    monkeypatch.setattr(views, "today", lambda: dt.date(2025, 10, 1))
    html = world["app"].test_client().get("/windows/yc-park").get_data(as_text=True)
    days = dict(re.findall(r'data-day="([\d-]+)" data-open="(\w+)"', html))
    assert days == {"2025-09-29": "yes", "2025-09-30": "yes", "2025-10-01": "no", "2025-10-02": "no",
                    "2025-10-03": "no", "2025-10-04": "no", "2025-10-05": "no"}
    assert "09:00–12:00" in html


# -- filing a need at a window ---------------------------------------------------------------------

def test_file_a_need_here_carries_the_window(world):
    client = world["app"].test_client()
    page = client.get("/windows/yc-park").get_data(as_text=True)
    assert 'href="/needs/new?window=yc-park"' in page
    form = client.get("/needs/new?window=yc-park").get_data(as_text=True)
    assert 'name="window" type="hidden" value="yc-park"' in form and "银川园区质量服务站" in form
    token = re.search(r'name="token" type="hidden" value="([0-9a-f]{32})"', form).group(1)
    html = client.post("/needs/new", data={"token": token, "window": "yc-park", "item": ITEM, "title": "窗口现场需求",
                                           "description": "在服务站提出的检测需求", "contact_name": "马先生",
                                           "contact": "13995100001"}).get_data(as_text=True)
    number = re.search(r"XQ-\d{4}-\d{6}", html).group(0)
    with world["app"].app_context():
        assert db.session.scalar(sa.text("select window_id from qi_need where number = :n"),
                                 {"n": number}) == world["park"]


@pytest.mark.parametrize("code", ["gone-park", "no-such", "x" * 80])
def test_a_need_for_a_closed_or_unknown_window_is_refused(world, code):
    client = world["app"].test_client()
    assert client.get(f"/needs/new?window={code}").status_code == 400
    form = client.get("/needs/new").get_data(as_text=True)
    token = re.search(r'name="token" type="hidden" value="([0-9a-f]{32})"', form).group(1)
    with world["app"].app_context():
        before = db.session.scalar(sa.text("select count(*) from qi_need"))
    refused = client.post("/needs/new", data={"token": token, "window": code, "item": ITEM, "title": "需求",
                                              "description": "不应当提交成功", "contact_name": "马先生",
                                              "contact": "13995100001"})
    assert refused.status_code == 422
    with world["app"].app_context():
        assert db.session.scalar(sa.text("select count(*) from qi_need")) == before


# -- staff set windows up ---------------------------------------------------------------------------

def _window_form(**override) -> dict:
    data = {"code": "new-station", "kind": "park", "name": "石嘴山园区服务站", "name_en": "", "organisation_id": "",
            "region_code": "640200", "address": "石嘴山市大武口区 8 号", "latitude": "39.01", "longitude": "106.38",
            "phone": "0952-2222222", "industry": "", "active": "y", "description": "检测送样、计量咨询",
            "flow": "", "cycle": "", "price": "",
            "hours-0-weekday": "0", "hours-0-opens": "09:00", "hours-0-closes": "12:00",
            "hours-0-slot_minutes": "30", "hours-0-capacity": "3",
            "hours-1-weekday": "0", "hours-1-opens": "", "hours-1-closes": "",
            "hours-1-slot_minutes": "30", "hours-1-capacity": "2",
            "staff-0-user_id": "", "staff-0-duty": ""}
    data.update(override)
    return data


@pytest.mark.parametrize("field, value, message", [
    ("hours-0-closes", "08:00", "关门时间必须晚于开门时间"),
    ("hours-0-slot_minutes", "3", "每个时段为 5 到 240 分钟"),
    ("hours-0-capacity", "0", "每个时段有 1 到 500 个名额"),
    ("hours-0-capacity", "501", "每个时段有 1 到 500 个名额"),
    ("region_code", "330100", "请选择平台的行政区划"),
    ("latitude", "91", "纬度应在 -90 到 90 之间"),
    ("longitude", "-181", "经度应在 -180 到 180 之间"),
    ("code", "manage", "该代码已被平台页面占用"),
    ("code", "Bad Code", "代码为 2 到 40 个小写字母"),
    ("organisation_id", "ORG", "园区服务站由平台运营，没有所属单位"),
])
def test_bad_window_forms_are_refused_with_a_translated_message(world, field, value, message):
    value = str(world["inst"]) if value == "ORG" else value
    response = staff(world).post("/windows/setup/new", data=_window_form(**{field: value}))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert window_of(world, "new-station") is None


def test_staff_open_a_window_with_hours_services_and_roster(world):
    with world["app"].app_context():
        window_user = db.session.scalar(sa.text("select id from ab_user where username = 'w_other'"))
        item_id = db.session.scalar(sa.text("select id from qi_service_item where code = :c"), {"c": ITEM})
    client = staff(world)
    form = client.get("/windows/setup/new").get_data(as_text=True)
    assert "w_other (" in form and "t_platform (" not in form  # only WindowStaff users can be on the roster
    response = client.post("/windows/setup/new", data=_window_form(
        code="szs-station", items=str(item_id), **{"staff-0-user_id": str(window_user), "staff-0-duty": "周一上午"}))
    assert response.status_code == 302
    window = window_of(world, "szs-station")
    assert (window.kind, window.region_code, window.latitude) == ("park", "640200", 39.01)
    assert [(h.weekday, h.opens, h.closes, h.slot_minutes, h.capacity) for h in window.hours] == [
        (0, dt.time(9), dt.time(12), 30, 3)]
    assert [s.item_id for s in window.services] == [item_id]
    assert [(m.user_id, m.duty) for m in window.staff] == [(window_user, "周一上午")]
    again = client.post("/windows/setup/new", data=_window_form(code="szs-station"))
    assert again.status_code == 422 and "已有窗口使用该代码" in again.get_data(as_text=True)


def test_staff_change_a_windows_roster_and_hours_and_see_the_form_filled(world):
    with world["app"].app_context():
        window_id = make_window("park", "改名单服务站", code="roster-park", region_code="640400", staff=("t_window",))
        other = db.session.scalar(sa.text("select id from ab_user where username = 'w_other'"))
    client = staff(world)
    form = client.get(f"/windows/manage/{window_id}/edit").get_data(as_text=True)
    assert 'value="roster-park"' in form and 'name="hours-4-opens"' in form and 'value="09:00"' in form
    data = _window_form(code="roster-park", name="改名单服务站", region_code="640400",
                        **{"staff-0-user_id": str(other), "staff-0-duty": "周五"})
    assert client.post(f"/windows/manage/{window_id}/edit", data=data).status_code == 302
    window = window_of(world, "roster-park")
    assert [(m.user_id, m.duty) for m in window.staff] == [(other, "周五")]
    assert [(h.weekday, h.capacity) for h in window.hours] == [(0, 3)]
    twice = client.post(f"/windows/manage/{window_id}/edit", data={
        **data, "staff-1-user_id": str(other), "staff-1-duty": ""})
    assert twice.status_code == 422 and "同一名工作人员在名单中出现了两次" in twice.get_data(as_text=True)
    overlap = client.post(f"/windows/manage/{window_id}/edit", data={
        **data, "hours-1-weekday": "0", "hours-1-opens": "11:00", "hours-1-closes": "13:00"})
    assert overlap.status_code == 422 and "同一天的两个服务时段有重叠" in overlap.get_data(as_text=True)
    assert [(h.weekday, h.capacity) for h in window_of(world, "roster-park").hours] == [(0, 3)]


def test_closing_a_window_takes_it_off_the_network(world):
    with world["app"].app_context():
        window_id = make_window("park", "临时服务站", code="temp-park", region_code="640500")
    client, public = staff(world), world["app"].test_client()
    assert public.get("/windows/temp-park").status_code == 200
    assert client.post(f"/windows/setup/{window_id}/active", data={"active": "0"}).status_code == 302
    assert public.get("/windows/temp-park").status_code == 404
    assert "临时服务站" not in public.get("/windows/").get_data(as_text=True)
    assert "临时服务站" in client.get("/windows/manage/").get_data(as_text=True)  # staff still see it
    assert client.get(f"/windows/setup/{window_id}/active").status_code == 405  # GET changes nothing


# -- owners keep their own window -----------------------------------------------------------------

def test_an_institution_edits_its_own_windows_details_but_not_its_kind_owner_or_staff(world):
    client = member(world, "inst_user")
    listing = client.get("/windows/manage/").get_data(as_text=True)
    assert "检测院受理窗口" in listing and "别家窗口" not in listing and "银川园区质量服务站" not in listing
    window_id = world["inst_window"]
    form = client.get(f"/windows/manage/{window_id}/edit").get_data(as_text=True)
    assert 'name="kind"' not in form and 'name="staff-0-user_id"' not in form and 'name="organisation_id"' not in form
    response = client.post(f"/windows/manage/{window_id}/edit", data={
        "description": "新的介绍", "flow": "受理—检测—报告", "cycle": "5 个工作日", "price": "面议", "kind": "park",
        "organisation_id": "", "code": "stolen", "hours-0-weekday": "2", "hours-0-opens": "14:00",
        "hours-0-closes": "17:00", "hours-0-slot_minutes": "60", "hours-0-capacity": "4"})
    assert response.status_code == 302
    window = window_of(world, "inst-win")
    assert (window.kind, window.organisation_id, window.cycle, window.price) == (
        "institution", world["inst"], "5 个工作日", "面议")
    assert [(h.weekday, h.opens, h.capacity) for h in window.hours] == [(2, dt.time(14), 4)]
    assert window_of(world, "stolen") is None


@pytest.mark.parametrize("who", ["other_user", "ent_user"])
def test_nobody_edits_or_sees_another_organisations_window(world, who):
    client = member(world, who)
    assert client.get(f"/windows/manage/{world['inst_window']}/edit").status_code == 404
    assert client.post(f"/windows/manage/{world['inst_window']}/edit", data={"price": "0"}).status_code == 404
    assert "检测院受理窗口" not in client.get("/windows/manage/").get_data(as_text=True)
    assert client.get("/windows/setup/new").status_code == 403
    assert client.post(f"/windows/setup/{world['inst_window']}/active", data={"active": "0"}).status_code == 403


def test_window_staff_see_only_their_windows_and_edit_none(world):
    client = staff(world, "t_window")
    listing = client.get("/windows/manage/").get_data(as_text=True)
    assert "银川园区质量服务站" in listing and "重点企业服务窗口" not in listing
    assert client.get(f"/windows/manage/{world['park']}/edit").status_code == 403


# -- coverage -----------------------------------------------------------------------------------------

@pytest.mark.clause("4.1-2")
def test_staff_see_coverage_per_region_with_regions_lacking_a_park_station_marked(world):
    html = staff(world).get("/windows/coverage/").get_data(as_text=True)
    rows = {region: classes for classes, region in
            re.findall(r'<tr class="qi-coverage-row([^"]*)" data-region="(\d+)"', html)}
    assert "qi-no-park" not in rows["640100"]  # Yinchuan has its park station
    assert "qi-no-park" in rows["640300"]  # Wuzhong has only an enterprise window
    yinchuan = re.search(r'data-region="640100">(.*?)</tr>', html, re.S).group(1)
    assert re.search(r'data-kind="park">1<', yinchuan) and re.search(r'data-kind="institution">1<', yinchuan)
    assert member(world, "ent_user").get("/windows/coverage/").status_code == 403
