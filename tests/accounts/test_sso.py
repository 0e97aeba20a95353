"""Signing in through the province's identity system (OpenID Connect), with a fake provider."""
from urllib.parse import parse_qs, urlparse

import pytest

from app.accounts.sso import oidc_settings

FAKE_IDP = "http://127.0.0.1:9"  # never contacted: the token exchange is replaced below


@pytest.fixture
def sso_app(make_app):
    return make_app(**oidc_settings(
        "province", "qi-client", "qi-secret", None, label="宁夏政务服务统一身份认证",
        authorize_url=f"{FAKE_IDP}/authorize", access_token_url=f"{FAKE_IDP}/token"))


def _start(client):
    response = client.get("/login/province")
    assert response.status_code == 302 and response.headers["Location"].startswith(f"{FAKE_IDP}/authorize")
    return parse_qs(urlparse(response.headers["Location"]).query)["state"][0]


@pytest.mark.clause("6.1-1")
def test_first_sign_in_through_the_province_creates_an_enterprise_user(sso_app, monkeypatch):
    remote = sso_app.appbuilder.sm.oauth_remotes["province"]
    claims = {"sub": "nx-000123", "name": "张三", "email": "zhangsan@nx.example.cn"}
    monkeypatch.setattr(remote, "authorize_access_token", lambda **kw: {"access_token": "t", "userinfo": claims})
    client = sso_app.test_client()
    assert "宁夏政务服务统一身份认证" in client.get("/login/").get_data(as_text=True)
    state = _start(client)
    response = client.get(f"/oauth-authorized/province?state={state}&code=abc")
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200
    with sso_app.app_context():
        user = sso_app.appbuilder.sm.find_user(username="province_nx-000123")
        assert [r.name for r in user.roles] == ["Enterprise"] and user.email == "zhangsan@nx.example.cn"
        from app.audit.models import AuditEntry
        from app.extensions import db

        entry = db.session.query(AuditEntry).filter_by(kind="login", record_id=str(user.id)).one()
        assert entry.actor == "province_nx-000123" and '"method": "oidc"' in entry.details  # in the audit trail


def test_a_forged_state_does_not_sign_in(sso_app, monkeypatch):
    remote = sso_app.appbuilder.sm.oauth_remotes["province"]
    monkeypatch.setattr(remote, "authorize_access_token",
                        lambda **kw: {"access_token": "t", "userinfo": {"sub": "nx-999", "name": "李四"}})
    client = sso_app.test_client()
    _start(client)
    client.get("/oauth-authorized/province?state=forged&code=abc")
    assert client.get("/dashboard/").status_code == 302
