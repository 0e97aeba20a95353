"""Needs and windows: window staff record a need at one of their own windows, see exactly their
windows' needs everywhere (lists, case pages, board, export), and the board names the windows."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.needs import flow
from app.testing.fixtures import USERS, add_users, login_client
from app.testing.windows import make_window

TOKEN = re.compile(r'name="token" type="hidden" value="([0-9a-f]{32})"')
NUMBER = re.compile(r"XQ-\d{4}-\d{6}")
PASSWORD = "pw-window-staff-9"


@pytest.fixture(scope="module")
def world(make_app):
    """Windows A and B (one staff member each), a window staff member on both, one without any, and a
    need filed at each window."""
    app = make_app()
    add_users(app)
    add_users(app, {name: ("WindowStaff", PASSWORD) for name in ("w_a", "w_b", "w_both", "w_none")})
    out = {"app": app}
    with app.app_context():
        out["a"] = make_window("park", "甲园区服务站", code="win-a", region_code="640100", staff=("w_a", "w_both"))
        out["b"] = make_window("park", "乙园区服务站", code="win-b", region_code="640200", staff=("w_b", "w_both"))
        for key in ("a", "b"):
            need, _ = flow.file_need(db.session, need_type="service", title=f"{key} 窗口的需求", contact_name="甲",
                                     contact="13800000001", actor="t", channel="window", window_id=out[key])
            out[f"need_{key}"] = need.number
        db.session.commit()
    return out


def client_of(world, username):
    return login_client(world["app"], username, PASSWORD if username.startswith("w_") else USERS[username][1])


def intake(client, **data):
    token = TOKEN.search(client.get("/needs/intake").get_data(as_text=True)).group(1)
    base = {"token": token, "channel": "window", "need_type": "service", "item": "", "title": "窗口来访",
            "description": "企业到窗口咨询检测业务", "contact_name": "赵先生", "contact": "0951-1234567"}
    return client.post("/needs/intake", data={**base, **data})


def window_of_need(world, number):
    with world["app"].app_context():
        return db.session.scalar(sa.text("select window_id from qi_need where number = :n"), {"n": number})


@pytest.mark.clause("4.1-4d")
@pytest.mark.parametrize("me, mine, theirs", [("w_a", "need_a", "need_b"), ("w_b", "need_b", "need_a")])
def test_window_staff_see_exactly_their_windows_needs_everywhere(world, me, mine, theirs):
    client = client_of(world, me)
    mine, theirs = world[mine], world[theirs]
    assert client.get(f"/needs/case/{mine}").status_code == 200
    assert client.get(f"/needs/case/{theirs}").status_code == 404
    assert client.post(f"/needs/case/{theirs}/step", data={"step": "respond"}).status_code == 404
    for page in ("/needs/list/?psize_NeedListView=100", "/needs/export/", "/needs/board/?show=open"):
        text = client.get(page).get_data(as_text=True)
        assert mine in text and theirs not in text, page


def test_a_window_staff_member_without_a_window_sees_no_needs_and_is_told_why_at_intake(world):
    client = client_of(world, "w_none")
    for page in ("/needs/list/?psize_NeedListView=100", "/needs/export/", "/needs/board/?show=open"):
        text = client.get(page).get_data(as_text=True)
        assert world["need_a"] not in text and world["need_b"] not in text
    page = client.get("/needs/intake")
    assert page.status_code == 200 and "您尚未被排入任何开放窗口的值班名单" in page.get_data(as_text=True)
    assert 'name="title"' not in page.get_data(as_text=True)


def test_staff_on_two_windows_record_a_need_at_the_one_they_pick(world):
    client = client_of(world, "w_both")
    form = client.get("/needs/intake").get_data(as_text=True)
    options = re.findall(r'<option[^>]*value="(\d*)"[^>]*>(甲|乙)园区服务站', form)
    assert sorted(value for value, _ in options) == sorted([str(world["a"]), str(world["b"])])
    number = NUMBER.search(intake(client, window=str(world["b"])).get_data(as_text=True)).group(0)
    assert window_of_need(world, number) == world["b"]


def test_window_staff_cannot_record_a_need_at_another_window(world):
    client = client_of(world, "w_a")
    form = client.get("/needs/intake").get_data(as_text=True)
    assert "乙园区服务站" not in form and f'<option selected value="{world["a"]}">' in form
    refused = intake(client, window=str(world["b"]))
    assert refused.status_code == 422 and "请选择您所在的窗口之一" in refused.get_data(as_text=True)
    assert intake(client, window="").status_code == 422
    number = NUMBER.search(intake(client, window=str(world["a"])).get_data(as_text=True)).group(0)
    assert window_of_need(world, number) == world["a"]


def test_platform_staff_record_a_need_at_any_window_or_none(world):
    client = client_of(world, "t_platform")
    number = NUMBER.search(intake(client).get_data(as_text=True)).group(0)
    assert window_of_need(world, number) is None
    number = NUMBER.search(intake(client, window=str(world["b"])).get_data(as_text=True)).group(0)
    assert window_of_need(world, number) == world["b"]


def test_the_board_names_the_windows(world):
    html = client_of(world, "t_platform").get("/needs/board/?show=open").get_data(as_text=True)
    table = re.search(r'qi-board-windows">(.*?)</table>', html, re.S).group(1)
    assert "甲园区服务站" in table and "乙园区服务站" in table and 'href="/windows/win-a"' in table
