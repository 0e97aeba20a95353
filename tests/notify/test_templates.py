"""Message templates (issue 18): Admin rewrites the title and text of each message the platform
sends, per language; the variables each message offers are checked when saving; every message the
platform sends is one of them."""
from __future__ import annotations

import ast
import pathlib

import pytest
from sqlalchemy import select

from app.extensions import db
from app.notify.events import REGISTRY, all_events
from app.notify.models import Message, MessageTemplate
from app.testing.fixtures import add_users, login_client

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def world(make_app):
    app = make_app()
    add_users(app)
    return {"app": app, "admin": login_client(app, "t_admin"), "enterprise": login_client(app, "t_enterprise"),
            "staff": login_client(app, "t_platform")}


def _answer_a_ticket(world, subject: str) -> Message:
    import re

    user, staff = world["enterprise"], world["staff"]
    form = user.get("/support/new").get_data(as_text=True)
    token = re.search(r'name="token" type="hidden" value="([0-9a-f]{32})"', form).group(1)
    ticket = user.post("/support/new", data={"token": token, "subject": subject, "body": "x"}).headers["Location"]
    staff.post(ticket.replace("/support/", "/support/desk/") + "/answer", data={"body": "已处理"})
    with world["app"].app_context():
        message = db.session.scalars(select(Message).order_by(Message.id.desc()).limit(1)).one()
        db.session.expunge(message)
        return message


def test_every_message_the_platform_sends_is_an_event_administrators_can_rewrite():
    offenders = []
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "notify" and len(node.args) > 3:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, f"notify() with msgids instead of a message_event: {offenders}"
    assert len(all_events()) >= 30 and "support.answered" in REGISTRY


def test_a_rewritten_title_is_sent_in_its_language_and_the_other_keeps_the_default(world):
    admin = world["admin"]
    listed = admin.get("/admin/message-templates/?_l_=en").get_data(as_text=True)
    assert "Support ticket: answered" in listed and "%(number)s" in listed
    page = admin.get("/admin/message-templates/support.answered").get_data(as_text=True)
    assert "技术支持已答复您的工单 %(number)s" in page  # the default, ready to edit
    saved = admin.post("/admin/message-templates/support.answered", data={
        "title_zh": "工单 %(number)s 有回复啦（%(subject)s）", "body_zh": "请登录查看，满意度 100%%。",
        "title_en": "Support answered your ticket %(number)s",
        "body_en": "%(subject)s: open the ticket to read the answer."})
    assert saved.status_code == 303
    with world["app"].app_context():
        row = db.session.get(MessageTemplate, "support.answered")
        assert row.title_zh.startswith("工单") and row.title_en is None and row.body_en is None  # defaults follow
    message = _answer_a_ticket(world, "打印")
    assert message.title_zh.startswith("工单 JSZC-") and message.title_zh.endswith("有回复啦（打印）")
    assert message.body_zh == "请登录查看，满意度 100%。"
    assert message.title_en.startswith("Support answered your ticket JSZC-")
    # back to the default
    assert admin.post("/admin/message-templates/support.answered/reset").status_code == 303
    assert _answer_a_ticket(world, "复印").title_zh.startswith("技术支持已答复您的工单")


def test_a_variable_the_message_does_not_offer_or_a_lone_percent_is_refused_and_nothing_saved(world):
    admin = world["admin"]
    base = {"title_zh": "标题", "body_zh": "正文", "title_en": "Title", "body_en": "Text"}
    unknown = admin.post("/admin/message-templates/support.closed?_l_=en",
                         data={**base, "body_en": "Hello %(password)s"})
    page = unknown.get_data(as_text=True)
    assert unknown.status_code == 422 and "password is not a variable of this message" in page and "number, subject" in page
    lone = admin.post("/admin/message-templates/support.closed", data={**base, "body_zh": "打九折 90% 优惠"})
    assert lone.status_code == 422 and "百分号请写作 %%" in lone.get_data(as_text=True)
    empty = admin.post("/admin/message-templates/support.closed", data={**base, "title_zh": ""})
    assert empty.status_code == 422
    with world["app"].app_context():
        assert db.session.get(MessageTemplate, "support.closed") is None
    assert admin.get("/admin/message-templates/no.such.event").status_code == 404


def test_only_administrators_rewrite_messages(world):
    for client in (world["staff"], world["enterprise"]):
        assert client.get("/admin/message-templates/").status_code in (302, 403)
        assert client.post("/admin/message-templates/support.closed",
                           data={"title_zh": "x", "title_en": "x", "body_zh": "", "body_en": ""}).status_code in (302, 403)
    with world["app"].app_context():
        assert db.session.get(MessageTemplate, "support.closed") is None
