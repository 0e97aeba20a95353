"""A forgotten password, reset by e-mail or SMS (app.auth.reset)."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from app.accounts.models import UserProfile
from app.auth import reset as reset_module
from app.auth.models import PasswordReset
from app.cli import ensure_user
from app.extensions import db
from app.notify.models import OutboxMail
from app.testing.fixtures import login

OLD, NEW = "pw-reset-old-1", "Brand-new-pw-2026"


@pytest.fixture(scope="module")
def reset_app(make_app):
    """An app of its own with mail on (the outbox), so the session app's counters stay untouched."""
    return make_app(QI_MAIL_ENABLED=True, QI_BASE_URL="https://qi.example.cn")


_n = iter(range(1, 10_000))


@pytest.fixture
def member(reset_app):
    """A fresh user with an e-mail address and a mobile number on file: (username, email, phone)."""
    n = next(_n)
    username, email, phone = f"reset_user_{n}", f"reset{n}@mail.example.cn", f"1390951{n:04d}"
    with reset_app.app_context():
        ensure_user(username, OLD, "Enterprise", email, "重置", "用户")
        user = reset_app.appbuilder.sm.find_user(username=username)
        db.session.add(UserProfile(user_id=user.id, real_name="王五", id_number="11010519491231002X",
                                   display_name="重置用户", phone=phone))
        db.session.commit()
    return username, email, phone


def client_at(app, n: int):
    """A client from its own address (the throttle counts per address)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"10.77.{n // 250}.{n % 250 + 1}"
    return client


def ask(client, account, channel="mail"):
    return client.post("/password/forgot", data={"account": account, "channel": channel})


def mails_to(app, address):
    with app.app_context():
        return db.session.scalars(select(OutboxMail).where(OutboxMail.to_address == address)).all()


def link_token(mail) -> str:
    return re.search(r"https://qi\.example\.cn/password/reset/([A-Za-z0-9_\-]+)", mail.body).group(1)


def signs_in(app, username, password) -> bool:
    response = login(client_at(app, 999), username, password)
    return response.status_code == 302 and "/login/" not in response.headers["Location"]


def test_reset_by_email_sets_a_new_password_and_ends_old_sessions(reset_app, member):
    username, email, _phone = member
    old_session = reset_app.test_client()
    assert login(old_session, username, OLD).status_code == 302
    client = client_at(reset_app, 1)
    assert ask(client, email.upper()).status_code == 200
    [mail] = mails_to(reset_app, email)
    token = link_token(mail)
    with reset_app.app_context():  # only a hash of the token is stored
        stored = db.session.scalars(select(PasswordReset.secret_hash)).all()
        assert token not in stored and reset_module.token_hash(token) in stored
    assert client.get(f"/password/reset/{token}").status_code == 200
    done = client.post(f"/password/reset/{token}", data={"password": NEW, "confirm": NEW})
    assert done.status_code == 302 and "/login/" in done.headers["Location"]
    assert signs_in(reset_app, username, NEW) and not signs_in(reset_app, username, OLD)
    # the session signed in before the reset is over
    assert "/login/" in old_session.get("/dashboard/").headers.get("Location", "")


def test_new_password_follows_the_policy(reset_app, member):
    username, email, _phone = member
    client = client_at(reset_app, 2)
    ask(client, username)
    token = link_token(mails_to(reset_app, email)[0])
    weak = client.post(f"/password/reset/{token}", data={"password": "short", "confirm": "short"})
    assert weak.status_code == 422 and "8" in weak.get_data(as_text=True)
    assert signs_in(reset_app, username, OLD)


def test_expired_link_changes_nothing(reset_app, member, monkeypatch):
    username, email, _phone = member
    client = client_at(reset_app, 3)
    ask(client, username)
    token = link_token(mails_to(reset_app, email)[0])
    later = reset_module.now() + dt.timedelta(minutes=reset_app.config["QI_RESET_LINK_MINUTES"] + 1)
    monkeypatch.setattr(reset_module, "now", lambda: later)
    assert client.get(f"/password/reset/{token}").status_code == 410
    assert client.post(f"/password/reset/{token}", data={"password": NEW, "confirm": NEW}).status_code == 410
    assert signs_in(reset_app, username, OLD)


def test_a_link_works_once(reset_app, member):
    username, email, _phone = member
    client = client_at(reset_app, 4)
    ask(client, username)
    token = link_token(mails_to(reset_app, email)[0])
    assert client.post(f"/password/reset/{token}", data={"password": NEW, "confirm": NEW}).status_code == 302
    again = client.post(f"/password/reset/{token}", data={"password": "Another-pw-2027", "confirm": "Another-pw-2027"})
    assert again.status_code == 410 and "reset-invalid" in again.get_data(as_text=True)
    assert signs_in(reset_app, username, NEW)


def test_a_newer_link_ends_the_older_one(reset_app, member):
    username, email, _phone = member
    client = client_at(reset_app, 5)
    ask(client, username)
    ask(client, username)
    first, second = (link_token(m) for m in mails_to(reset_app, email))
    assert client.get(f"/password/reset/{first}").status_code == 410
    assert client.get(f"/password/reset/{second}").status_code == 200


def _answer(response) -> str:
    """The page without what differs on every response anyway (CSP nonces, the CSRF token)."""
    return re.sub(r'(nonce|name="csrf_token")="?[^>"]*"?', "", response.get_data(as_text=True))


@pytest.mark.parametrize("channel", ["mail", "sms"])
def test_unknown_account_gets_the_same_answer(reset_app, member, channel):
    username, email, _phone = member
    known = ask(client_at(reset_app, 6), username, channel)
    unknown = ask(client_at(reset_app, 7), "nobody-at-all@mail.example.cn", channel)
    assert known.status_code == unknown.status_code == 200
    strip = lambda r: _answer(r).replace(username, "X").replace("nobody-at-all@mail.example.cn", "X")  # noqa: E731
    assert strip(known) == strip(unknown)
    assert mails_to(reset_app, "nobody-at-all@mail.example.cn") == []


class Texts:
    """The SMS gateway of the test: keeps what would be sent."""

    def __init__(self):
        self.sent = []

    def send(self, phone, text):
        self.sent.append((phone, text))


def test_reset_by_sms_code(reset_app, member, monkeypatch):
    username, _email, phone = member
    texts = Texts()
    monkeypatch.setattr("app.notify.sms.backend", lambda: texts)
    client = client_at(reset_app, 8)
    typed = f"+86 {phone[:3]}-{phone[3:7]}-{phone[7:]}"  # the phone as people type it
    page = ask(client, typed, "sms")
    assert page.status_code == 200 and 'id="code-form"' in page.get_data(as_text=True)
    [(to, text)] = texts.sent
    code = re.search(r"\d{6}", text).group(0)
    assert to == phone
    wrong = "000000" if code != "000000" else "111111"
    refused = client.post("/password/code", data={"account": typed, "code": wrong, "password": NEW, "confirm": NEW})
    assert refused.status_code == 422 and signs_in(reset_app, username, OLD)
    done = client.post("/password/code", data={"account": typed, "code": code, "password": NEW, "confirm": NEW})
    assert done.status_code == 302
    assert signs_in(reset_app, username, NEW)
    reused = client.post("/password/code", data={"account": typed, "code": code, "password": OLD + "x9",
                                                 "confirm": OLD + "x9"})
    assert reused.status_code == 422 and signs_in(reset_app, username, NEW)


def test_expired_sms_code_changes_nothing(reset_app, member, monkeypatch):
    username, _email, phone = member
    texts = Texts()
    monkeypatch.setattr("app.notify.sms.backend", lambda: texts)
    client = client_at(reset_app, 9)
    ask(client, phone, "sms")
    code = re.search(r"\d{6}", texts.sent[0][1]).group(0)
    later = reset_module.now() + dt.timedelta(minutes=reset_app.config["QI_RESET_CODE_MINUTES"] + 1)
    monkeypatch.setattr(reset_module, "now", lambda: later)
    response = client.post("/password/code", data={"account": phone, "code": code, "password": NEW, "confirm": NEW})
    assert response.status_code == 422 and signs_in(reset_app, username, OLD)


def test_requests_are_rate_limited_per_account(reset_app, member):
    username, email, _phone = member
    limit = reset_app.config["QI_LOGIN_MAX_FAILURES"]
    for n in range(limit):
        assert ask(client_at(reset_app, 100 + n), username).status_code == 200
    locked = ask(client_at(reset_app, 200), username)
    assert locked.status_code == 429
    assert len(mails_to(reset_app, email)) == limit


def test_the_code_sms_follows_the_text_an_administrator_wrote(reset_app, member, monkeypatch):
    """SMS texts are message templates too (issue 18): the administrators' Chinese text is what is sent."""
    from app.testing.fixtures import add_users, login_client

    username, _email, phone = member
    add_users(reset_app)
    admin = login_client(reset_app, "t_admin")
    listed = admin.get("/admin/message-templates/?_l_=en").get_data(as_text=True)
    assert "Password reset: the code (SMS)" in listed and "Text message" in listed
    refused = admin.post("/admin/message-templates/auth.reset_code_sms?_l_=en", data={"title_zh": "验证码 %(pin)s"})
    assert refused.status_code == 422 and "is not a variable of this message" in refused.get_data(as_text=True)
    assert admin.post("/admin/message-templates/auth.reset_code_sms", data={
        "title_zh": "【质量服务平台】验证码 %(code)s，%(minutes)s 分钟内有效。"}).status_code == 303
    texts = Texts()
    monkeypatch.setattr("app.notify.sms.backend", lambda: texts)
    ask(client_at(reset_app, 9), phone, "sms")
    [(_to, text)] = texts.sent
    assert re.fullmatch(r"【质量服务平台】验证码 \d{6}，10 分钟内有效。", text), text
    assert admin.post("/admin/message-templates/auth.reset_code_sms/reset").status_code == 303


def test_text_messages_turned_off_on_the_settings_page_send_nothing(reset_app, member, monkeypatch):
    """The settings page's *Send text messages* (issue 18): off, no reset by SMS is offered or sent."""
    from app.testing.fixtures import add_users, login_client

    _username, _email, phone = member
    add_users(reset_app)
    admin = login_client(reset_app, "t_admin")
    texts = Texts()
    monkeypatch.setattr("app.notify.sms.backend", lambda: texts)
    assert admin.post("/admin/settings/QI_SMS_ENABLED", data={"value": ""}).status_code == 303
    try:
        page = client_at(reset_app, 11).get("/password/forgot?_l_=en").get_data(as_text=True)
        assert 'value="sms"' not in page and 'value="mail"' in page and "have-code-link" not in page
        ask(client_at(reset_app, 12), phone, "sms")
        assert texts.sent == []
    finally:
        admin.post("/admin/settings/QI_SMS_ENABLED", data={"reset": "1"})
    ask(client_at(reset_app, 13), phone, "sms")
    assert len(texts.sent) == 1
