"""Sessions that can be ended (app.auth.sessions): a copied cookie or an old token stops working at
sign-out, password change and when a role is taken away, in every process (finding 10 of issue 10)."""
import pytest

from app.extensions import db
from tests.accounts.helpers import make_org
from tests.auth.helpers import PASSWORD, bearer, login, replay, session_cookie, sign_out, signed_in, token_pair


@pytest.fixture
def member(app):
    with app.app_context():
        return make_org("enterprise", "会话测试企业")[1]


def test_sign_out_ends_a_replayed_copy_of_the_session(app, member):
    client = app.test_client()
    login(client, member, PASSWORD)
    copy = session_cookie(client)
    assert signed_in(replay(app, copy))
    sign_out(client)
    assert not signed_in(client)
    assert not signed_in(replay(app, copy))


def test_sign_out_in_one_process_ends_the_session_in_another(app, make_app, member):
    """Two app instances on one database stand for two gunicorn workers: nothing is kept in memory."""
    other_process = make_app(init=False, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    client = app.test_client()
    login(client, member, PASSWORD)
    copy = session_cookie(client)
    assert signed_in(replay(other_process, copy))
    sign_out(client)
    assert not signed_in(replay(other_process, copy))


def test_sign_out_ends_tokens_issued_before(app, member):
    client = app.test_client()
    login(client, member, PASSWORD)
    _status, tokens = token_pair(client, member)
    assert client.get("/api/v1/organisation/", headers=bearer(tokens["access_token"])).status_code == 200
    sign_out(client)
    assert client.get("/api/v1/organisation/", headers=bearer(tokens["access_token"])).status_code == 401
    assert client.post("/api/v1/security/refresh", headers=bearer(tokens["refresh_token"])).status_code == 401


def test_password_change_ends_other_sessions_but_not_the_changers(app, member):
    changer, elsewhere = app.test_client(), app.test_client()
    login(changer, member, PASSWORD)
    login(elsewhere, member, PASSWORD)
    _status, tokens = token_pair(elsewhere, member)
    with app.test_request_context():
        user = app.appbuilder.sm.find_user(username=member)
        from flask import g

        g.user = user  # the user changes their own password
        app.appbuilder.sm.reset_password(user.id, "a-new-Passw0rd-2026")
    assert not signed_in(elsewhere)
    assert elsewhere.get("/api/v1/organisation/", headers=bearer(tokens["access_token"])).status_code == 401
    assert login(app.test_client(), member, "a-new-Passw0rd-2026").status_code == 302


def test_admin_resetting_a_password_ends_every_session_of_that_user(app, member):
    client = app.test_client()
    login(client, member, PASSWORD)
    with app.app_context():
        user = app.appbuilder.sm.find_user(username=member)
        app.appbuilder.sm.reset_password(user.id, "reset-by-Admin-2026")
    assert not signed_in(client)


def test_a_role_taken_away_ends_the_session(app, member):
    client = app.test_client()
    login(client, member, PASSWORD)
    assert client.get("/metrology/ledger/").status_code == 200
    with app.app_context():
        sm = app.appbuilder.sm
        user = sm.find_user(username=member)
        user.roles = [sm.find_role("Institution")]
        db.session.commit()
    assert not signed_in(client)
