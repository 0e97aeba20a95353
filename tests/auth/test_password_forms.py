"""One password policy everywhere (issue 10, finding 11): FAB's own reset-my-password form (which
now asks for the current password), the administrator's reset form and the administrator's
new-user form refuse what registration refuses, with translated errors."""
import pytest
from werkzeug.security import check_password_hash

from app.cli import ensure_user
from tests.conftest import login

WEAK = "a1"
POLICY_EN = "Use at least 8 characters with both letters and digits."
POLICY_ZH = "密码至少 8 位，且须同时包含字母和数字。"


@pytest.fixture
def policy_app(make_app):
    app = make_app()
    with app.app_context():
        ensure_user("boss", "pw-boss-1234", "Admin", "boss@test.local", "B", "T")
        ensure_user("member", "pw-member-1234", "Enterprise", "member@test.local", "M", "T")
        ensure_user("agent007", "pw-agent-1234", "Enterprise", "agent@test.local", "A", "T")
    return app


def signed_in(app, username, password, lang="en"):
    client = app.test_client()
    assert login(client, username, password).status_code == 302
    client.get(f"/lang/{lang}")
    return client


def password_of(app, username):
    with app.app_context():
        return app.appbuilder.sm.find_user(username=username).password


def test_own_reset_refuses_a_weak_password_and_needs_the_current_one(policy_app):
    client = signed_in(policy_app, "member", "pw-member-1234")
    before = password_of(policy_app, "member")
    weak = client.post("/resetmypassword/form", data={
        "current_password": "pw-member-1234", "password": WEAK, "conf_password": WEAK})
    assert POLICY_EN in weak.get_data(as_text=True)
    no_current = client.post("/resetmypassword/form", data={"password": "new-pass-5678", "conf_password": "new-pass-5678"})
    assert "Please give your current password." in no_current.get_data(as_text=True)
    wrong_current = client.post("/resetmypassword/form", data={
        "current_password": "guess-1234", "password": "new-pass-5678", "conf_password": "new-pass-5678"})
    assert "The current password is not correct." in wrong_current.get_data(as_text=True)
    same_as_login = client.post("/resetmypassword/form", data={
        "current_password": "pw-member-1234", "password": "member", "conf_password": "member"})
    assert POLICY_EN in same_as_login.get_data(as_text=True)
    assert password_of(policy_app, "member") == before
    good = client.post("/resetmypassword/form", data={
        "current_password": "pw-member-1234", "password": "new-pass-5678", "conf_password": "new-pass-5678"})
    assert good.status_code == 302
    assert check_password_hash(password_of(policy_app, "member"), "new-pass-5678")


def test_own_reset_errors_are_translated(policy_app):
    client = signed_in(policy_app, "member", "pw-member-1234", lang="zh")
    page = client.post("/resetmypassword/form", data={
        "current_password": "pw-member-1234", "password": WEAK, "conf_password": WEAK}).get_data(as_text=True)
    assert POLICY_ZH in page and POLICY_EN not in page


def test_admin_reset_refuses_a_weak_password(policy_app):
    client = signed_in(policy_app, "boss", "pw-boss-1234")
    with policy_app.app_context():
        pk = policy_app.appbuilder.sm.find_user(username="member").id
    before = password_of(policy_app, "member")
    weak = client.post(f"/resetpassword/form?pk={pk}", data={"password": WEAK, "conf_password": WEAK})
    assert POLICY_EN in weak.get_data(as_text=True)
    as_login = client.post(f"/resetpassword/form?pk={pk}", data={"password": "member12", "conf_password": "member12"})
    assert as_login.status_code == 302  # differs from the login "member"
    assert password_of(policy_app, "member") != before
    with policy_app.app_context():
        agent = policy_app.appbuilder.sm.find_user(username="agent007").id
    named = client.post(f"/resetpassword/form?pk={agent}", data={"password": "Agent007", "conf_password": "Agent007"})
    assert "The password must differ from the login name." in named.get_data(as_text=True)
    unknown = client.post("/resetpassword/form?pk=999999", data={"password": "good-pass-1", "conf_password": "good-pass-1"})
    assert unknown.status_code == 404


def test_admin_new_user_form_refuses_a_weak_password(policy_app):
    client = signed_in(policy_app, "boss", "pw-boss-1234")
    with policy_app.app_context():
        role = policy_app.appbuilder.sm.find_role("Enterprise").id
    form = {"first_name": "N", "last_name": "U", "username": "newbie", "active": "y", "email": "newbie@test.local",
            "roles": str(role), "password": WEAK, "conf_password": WEAK}
    page = client.post("/users/add", data=form)
    assert POLICY_EN in page.get_data(as_text=True)
    with policy_app.app_context():
        assert policy_app.appbuilder.sm.find_user(username="newbie") is None
    client.post("/users/add", data={**form, "password": "newbie-pass-1", "conf_password": "newbie-pass-1"})
    with policy_app.app_context():
        assert policy_app.appbuilder.sm.find_user(username="newbie") is not None
