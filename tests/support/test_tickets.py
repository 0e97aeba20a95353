"""Remote technical support (4.1-4c): any signed-in user opens a ticket from any page, with the page,
the browser and their last error reference attached; staff answer from the desk and the user is
told; each user sees only their own tickets."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.notify.models import Message
from app.support.models import ANSWERED, CLOSED, OPEN, SupportMessage, SupportTicket
from app.testing.fixtures import add_users, login_client
from app.testing.sql import statements_of
from tests.dashboard.helpers import figures

BROWSER = {"User-Agent": "Mozilla/5.0 (QI test phone) TestBrowser/1.0"}


@pytest.fixture(scope="module")
def world(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)
    add_users(app)

    def crash():
        raise RuntimeError("a bug")

    app.add_url_rule("/test-support/crash", "test-support-crash", crash)
    return {"app": app, "enterprise": login_client(app, "t_enterprise"), "institution": login_client(app, "t_institution"),
            "window": login_client(app, "t_window"), "staff": login_client(app, "t_platform"),
            "admin": login_client(app, "t_admin")}


def _token(page: str) -> str:
    return re.search(r'name="token" type="hidden" value="([0-9a-f]{32})"', page).group(1)


def _open(client, subject="无法上传附件", body="上传材料时页面报错", query="", **extra) -> tuple[int, str]:
    """Open a ticket as a user does: the form, then the form sent back. (status, Location)."""
    form = client.get(f"/support/new{query}", headers=BROWSER).get_data(as_text=True)
    hidden = dict(re.findall(r'<input id="(page|error)" name="\1" type="hidden" value="([^"]*)"', form))
    data = {"token": _token(form), "subject": subject, "body": body, **hidden, **extra}
    response = client.post("/support/new", data=data, headers=BROWSER)
    return response.status_code, response.headers.get("Location", "")


def _ticket(app, **where) -> SupportTicket | None:
    with app.app_context():
        ticket = db.session.scalar(select(SupportTicket).filter_by(**where).order_by(SupportTicket.id.desc()))
        if ticket is not None:
            db.session.expunge(ticket)
        return ticket


def _messages_of(app, username: str) -> list[Message]:
    from flask_appbuilder.security.sqla.models import User

    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        rows = db.session.scalars(select(Message).where(Message.user_id == user.id).order_by(Message.id)).all()
        db.session.expunge_all()
        return rows


@pytest.mark.clause("4.1-4c")
def test_a_ticket_from_the_error_page_carries_the_page_the_browser_and_the_users_own_error(world):
    app, client = world["app"], world["enterprise"]
    world["window"].get("/test-support/crash", headers={"X-Request-ID": "support-window-err-1"})
    crashed = client.get("/test-support/crash?x=1", headers={"X-Request-ID": "support-err-0001"})
    assert crashed.status_code == 500
    page = crashed.get_data(as_text=True)
    link = re.search(r'href="(/support/new\?[^"]+)" id="error-support"', page)
    assert link and "error=support-err-0001" in link.group(1)  # the 500 page offers a ticket with its reference
    form = client.get(link.group(1).replace("&amp;", "&"), headers=BROWSER).get_data(as_text=True)
    assert "support-err-0001" in form and "/test-support/crash?x=1" in form and "TestBrowser/1.0" in form
    status, location = _open(client, query=link.group(1).replace("&amp;", "&")[len("/support/new"):])
    assert status == 303 and re.search(r"/support/\d+$", location)
    ticket = _ticket(app, subject="无法上传附件")
    assert (ticket.page, ticket.error_id, ticket.state) == ("/test-support/crash?x=1", "support-err-0001", OPEN)
    assert "TestBrowser/1.0" in ticket.browser and re.fullmatch(r"JSZC-\d{4}-\d{6}", ticket.number)
    shown = client.get(location, follow_redirects=True).get_data(as_text=True)
    assert ticket.number in shown and "上传材料时页面报错" in shown and "support-err-0001" in shown
    # someone else's reference in the address is not attached: the user's own newest error is
    status, _ = _open(client, subject="别人的错误编号", query="?error=support-window-err-1&page=/needs/mine/")
    other = _ticket(app, subject="别人的错误编号")
    assert status == 303 and other.error_id == "support-err-0001" and other.page == "/needs/mine/"
    # an address of another site is not kept as the page (this user had no server error to fall back on)
    _open(world["institution"], subject="外站地址", query="?page=https://evil.example/x")
    kept = _ticket(app, subject="外站地址")
    assert kept.page is None and kept.error_id is None


@pytest.mark.clause("4.1-4c")
def test_every_page_offers_support_with_its_own_address(world):
    page = world["institution"].get("/complaints/incoming/?show=all").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)" id="support-link">', page)
    assert link and "page=/complaints/incoming/?show%3Dall" in link.group(1)
    form = world["institution"].get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert "/complaints/incoming/?show=all" in form
    assert "None in the last 24 hours" in form or "最近 24 小时内没有" in form


@pytest.mark.clause("4.1-4c")
def test_staff_answer_the_user_is_told_writes_back_and_either_side_closes(world):
    app, user, staff = world["app"], world["enterprise"], world["staff"]
    _, location = _open(user, subject="证书下载失败", body="点击下载没有反应")
    ticket_id = int(location.rsplit("/", 1)[1])
    desk = staff.get("/support/desk/").get_data(as_text=True)
    assert "证书下载失败" in desk
    waiting = int(figures(staff.get("/dashboard/system/").get_data(as_text=True))["support"])
    assert waiting >= 1
    assert "Support tickets waiting for an answer" in staff.get("/dashboard/?_l_=en").get_data(as_text=True)
    before = len(_messages_of(app, "t_enterprise"))
    assert staff.post(f"/support/desk/{ticket_id}/answer", data={"body": "请清除浏览器缓存后重试"}).status_code == 303
    assert _ticket(app, id=ticket_id).state == ANSWERED
    assert int(figures(staff.get("/dashboard/system/").get_data(as_text=True))["support"]) == waiting - 1
    told = _messages_of(app, "t_enterprise")[before:]
    assert len(told) == 1 and told[0].url == f"/support/{ticket_id}"
    number = _ticket(app, id=ticket_id).number
    assert number in told[0].title_zh and told[0].title_en == f"Support answered your ticket {number}"
    # the user writes back: support's turn again, and whoever answered is told
    staff_before = len(_messages_of(app, "t_platform"))
    assert user.post(f"/support/{ticket_id}/write", data={"body": "还是不行"}).status_code == 303
    assert _ticket(app, id=ticket_id).state == OPEN
    assert len(_messages_of(app, "t_platform")) == staff_before + 1
    page = user.get(f"/support/{ticket_id}?_l_=en").get_data(as_text=True)
    assert "请清除浏览器缓存后重试" in page and "还是不行" in page and "Waiting for support" in page
    assert staff.post(f"/support/desk/{ticket_id}/close").status_code == 303
    assert _ticket(app, id=ticket_id).state == CLOSED
    assert _messages_of(app, "t_enterprise")[-1].title_en == f"Support closed your ticket {number}"
    # closing twice is refused, translated, and changes nothing
    refused = user.post(f"/support/{ticket_id}/close", follow_redirects=True).get_data(as_text=True)
    assert "已经关闭" in refused
    # a message on a closed ticket opens it again
    user.post(f"/support/{ticket_id}/write", data={"body": "问题又出现了"})
    assert _ticket(app, id=ticket_id).state == OPEN
    user.post(f"/support/{ticket_id}/close")
    assert _ticket(app, id=ticket_id).state == CLOSED
    with app.app_context():
        bodies = db.session.scalars(select(SupportMessage.body).where(SupportMessage.ticket_id == ticket_id)
                                    .order_by(SupportMessage.id)).all()
    assert bodies == ["点击下载没有反应", "请清除浏览器缓存后重试", "还是不行", "问题又出现了"]


def test_each_user_sees_only_their_own_tickets_and_only_staff_work_the_desk(world):
    app, owner = world["app"], world["enterprise"]
    _, location = _open(owner, subject="只属于企业的工单")
    ticket_id = int(location.rsplit("/", 1)[1])
    other = world["institution"]
    assert other.get(f"/support/{ticket_id}").status_code == 404
    assert other.post(f"/support/{ticket_id}/write", data={"body": "x"}).status_code == 404
    assert other.post(f"/support/{ticket_id}/close").status_code == 404
    assert "只属于企业的工单" not in other.get("/support/").get_data(as_text=True)
    assert "只属于企业的工单" in owner.get("/support/").get_data(as_text=True)
    for client in (owner, other, world["window"]):
        assert client.get("/support/desk/").status_code in (302, 403)
        assert client.post(f"/support/desk/{ticket_id}/answer", data={"body": "x"}).status_code in (302, 403)
        assert client.post(f"/support/desk/{ticket_id}/close").status_code in (302, 403)
    # staff read any ticket, but answer it through the desk, never as its owner; the page it was asked
    # from is linked only when staff may open it (an institution's inbox is not theirs)
    assert world["staff"].get(f"/support/{ticket_id}").status_code == 200
    _, asked = _open(other, subject="机构页面的问题", query="?page=/complaints/incoming/")
    shown = world["staff"].get(asked).get_data(as_text=True)
    assert "<code>/complaints/incoming/</code>" in shown and 'href="/complaints/incoming/"' not in shown
    assert world["staff"].post(f"/support/{ticket_id}/close").status_code == 404
    assert _ticket(app, id=ticket_id).state == OPEN


def test_a_double_click_opens_one_ticket(world):
    app, client = world["app"], world["enterprise"]
    form = client.get("/support/new").get_data(as_text=True)
    data = {"token": _token(form), "subject": "双击提交", "body": "同一张表单"}
    first, second = (client.post("/support/new", data=data) for _ in range(2))
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SupportTicket)
                                 .where(SupportTicket.subject == "双击提交")) == 1


def test_bad_input_is_refused_translated_and_nothing_is_saved(world):
    app, client = world["app"], world["enterprise"]
    form = client.get("/support/new").get_data(as_text=True)
    empty = client.post("/support/new", data={"token": _token(form), "subject": " ", "body": "内容保留"})
    page = empty.get_data(as_text=True)
    assert empty.status_code == 422 and "请填写工单主题" in page and "内容保留" in page
    form = client.get("/support/new?_l_=en").get_data(as_text=True)
    long = client.post("/support/new?_l_=en", data={"token": _token(form), "subject": "s", "body": "字" * 5001})
    assert long.status_code == 422 and "at most 5000 characters" in long.get_data(as_text=True)
    assert _ticket(app, subject="s") is None
    assert world["staff"].get("/support/desk/?show=nonsense").status_code == 400
    assert client.get("/support/?page=x").status_code == 400


def test_the_desk_sends_the_same_statements_whatever_the_number_of_tickets(world):
    app, staff = world["app"], world["staff"]
    few = statements_of(app, staff, "/support/desk/?show=all")[0]
    for i in range(30):
        _open(world["enterprise"], subject=f"批量工单 {i}")
    assert statements_of(app, staff, "/support/desk/?show=all")[0] == few
