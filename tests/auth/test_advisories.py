"""The published Flask-AppBuilder advisories, one test each, showing the platform is not exposed
(issue 17, 4.1-6). Each test names the advisory and tries its attack on the running app."""
from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.testing.fixtures import USERS, add_users, login, login_client

ADMIN = "t_admin"
SITE = "https://qi.example.gov.cn"


@pytest.fixture(scope="module")
def adv_app(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)
    add_users(app)
    return app


def _alerts(page: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", m)).strip()
            for m in re.findall(r'<div class="alert[^"]*"[^>]*>(.*?)</div>', page, re.S)]


@pytest.mark.clause("4.1-6")
def test_cve_2021_29621_a_failed_sign_in_does_not_tell_whether_the_account_exists(adv_app):
    answers = []
    for username in ("t_window", "no-such-user-anywhere"):
        response = adv_app.test_client().post("/login/", data={"username": username, "password": "wrong-password-9"},
                                              follow_redirects=True)
        answers.append((response.status_code, response.request.path, _alerts(response.get_data(as_text=True))))
    assert answers[0] == answers[1] and answers[0][2]  # the same refusal, and one is given


@pytest.mark.clause("4.1-6")
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example", "\\\\evil.example",
                                    "https:evil.example", "/%5Cevil.example", "%2F%2Fevil.example",
                                    "javascript:alert(1)", "http://qi.example.gov.cn@evil.example/"])
def test_cve_2021_32805_and_cve_2025_32962_sign_in_never_sends_the_user_off_site(adv_app, target):
    response = adv_app.test_client().post(f"/login/?next={target}",
                                          data={"username": ADMIN, "password": USERS[ADMIN][1]})
    assert response.status_code == 302
    landing = urljoin(f"{SITE}/login/", response.headers["Location"])
    assert urlsplit(landing).netloc == urlsplit(SITE).netloc and urlsplit(landing).scheme == "https", landing


@pytest.mark.clause("4.1-6")
def test_cve_2022_31177_no_rest_api_reads_or_filters_a_secret_column(adv_app):
    from flask_appbuilder.api import ModelRestApi

    secret = re.compile(r"password|hash|token|secret|id_number", re.I)
    exposed = []
    for view in adv_app.appbuilder.baseviews:
        if isinstance(view, ModelRestApi):
            for attribute in ("list_columns", "show_columns", "search_columns", "order_columns", "add_columns",
                              "edit_columns"):
                exposed += [f"{type(view).__name__}.{attribute}: {c}" for c in getattr(view, attribute, None) or []
                            if secret.search(c)]
    assert exposed == []
    token = adv_app.test_client().post("/api/v1/security/login", json={
        "username": ADMIN, "password": USERS[ADMIN][1], "provider": "db"}).get_json()["access_token"]
    response = adv_app.test_client().get("/api/v1/security/users/?q=(filters:!((col:password,opr:sw,value:pbkdf2)))",
                                         headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404  # FAB's user API is not served (FAB_ADD_SECURITY_API off)


@pytest.mark.clause("4.1-6")
def test_ghsa_fqxj_46wg_9v84_what_users_type_is_escaped_everywhere_it_is_shown(adv_app):
    payload = '<script>alert("qi")</script>'
    admin = login_client(adv_app, ADMIN, USERS[ADMIN][1])
    assert admin.post("/regionview/add", data={"code": "649977", "name_zh": payload, "name_en": payload,
                                                "active": "y"}).status_code == 302
    with adv_app.app_context():
        pk = db.session.scalar(sa.text("SELECT id FROM qi_region WHERE code = '649977'"))
    pages = [admin.get(path).get_data(as_text=True) for path in (
        "/regionview/list/", f"/regionview/show/{pk}", f"/regionview/edit/{pk}", f"/search/?q={payload}",
        f"/regionview/list/?_flt_0_name_zh={payload}")]
    pages.append(adv_app.test_client().get(f"/login/?next={payload}").get_data(as_text=True))
    for page in pages:
        assert payload not in page and "<script>alert(" not in page


@pytest.mark.clause("4.1-6")
def test_cve_2023_34110_a_database_error_on_a_form_is_not_shown_to_the_user(adv_app):
    admin = login_client(adv_app, ADMIN, USERS[ADMIN][1])
    taken = f"{ADMIN}@test.local"  # the e-mail of an existing account: the database refuses the row
    response = admin.post("/users/add", data={"first_name": "A", "last_name": "B", "username": "dup-mail",
                                              "email": taken, "active": "y", "password": "Str0ng-Pass-123!",
                                              "conf_password": "Str0ng-Pass-123!", "roles": []})
    page = response.get_data(as_text=True)
    for leak in ("IntegrityError", "UNIQUE constraint", "duplicate key", "INSERT INTO", "ab_user.email", "psycopg"):
        assert leak not in page
    with adv_app.app_context():
        assert db.session.scalar(sa.text("SELECT count(*) FROM ab_user WHERE username = 'dup-mail'")) == 0


@pytest.mark.clause("4.1-6")
def test_cve_2024_25128_openid_2_sign_in_is_not_available(adv_app):
    import flask_appbuilder.const as const

    assert not hasattr(const, "AUTH_OID")  # Flask-AppBuilder 5 has no OpenID 2.0 any more
    assert adv_app.config["AUTH_TYPE"] in (const.AUTH_DB, const.AUTH_OAUTH)
    assert not [rule.rule for rule in adv_app.url_map.iter_rules() if "openid" in rule.rule.lower()]
    assert 'name="openid"' not in adv_app.test_client().get("/login/").get_data(as_text=True)


@pytest.mark.clause("4.1-6")
def test_cve_2024_45314_the_sign_in_page_is_never_cached_or_refilled(adv_app):
    first = adv_app.test_client().get("/login/")
    assert "no-store" in first.headers.get("Cache-Control", "")
    failed = adv_app.test_client().post("/login/", data={"username": "t_window", "password": "typed-secret-77"})
    page = failed.get_data(as_text=True)
    assert "no-store" in failed.headers.get("Cache-Control", "") and "typed-secret-77" not in page


@pytest.mark.clause("4.1-6")
def test_cve_2025_24023_an_unknown_account_costs_the_same_password_check(adv_app, monkeypatch):
    import flask_appbuilder.security.manager as manager

    calls = []
    real = manager.check_password_hash
    monkeypatch.setattr(manager, "check_password_hash", lambda *args: calls.append(1) or real(*args))
    for username in ("t_window", "no-such-user-anywhere", "13999999999"):
        calls.clear()
        adv_app.test_client().post("/login/", data={"username": username, "password": "wrong-password-9"})
        assert calls == [1], username  # one hash check whether or not the account exists


@pytest.mark.clause("4.1-6")
def test_cve_2025_58065_a_deactivated_account_cannot_sign_in_anywhere(adv_app):
    from app.cli import ensure_user

    with adv_app.app_context():
        ensure_user("gone_staff", "Gone-Pass-12345", "PlatformStaff", "gone@test.local", "G", "S")
        db.session.execute(sa.text("UPDATE ab_user SET active = :no WHERE username = 'gone_staff'"), {"no": False})
        db.session.commit()
    client = adv_app.test_client()
    login(client, "gone_staff", "Gone-Pass-12345")
    assert "/login" in client.get("/dashboard/").headers.get("Location", "")  # still signed out
    api = adv_app.test_client().post("/api/v1/security/login", json={
        "username": "gone_staff", "password": "Gone-Pass-12345", "provider": "db"})
    assert api.status_code in (401, 403) and "access_token" not in (api.get_json() or {})
