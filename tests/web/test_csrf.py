"""CSRF on every state change (issue 10, finding 3): no POST/PUT/PATCH/DELETE without a token, no
delete or action by GET, logout only by POST, and no API write on the strength of a session cookie."""
import pytest
from werkzeug.routing import IntegerConverter

from tests.web.helpers import csrf_token_of, database_snapshot, sign_in_with_token

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
ADMIN = ("c_admin", "pw-csrf-admin-1")


CALLS = []  # what the browser-login API below was made to do


def _browser_login_api():
    from flask_appbuilder import expose
    from flask_appbuilder.api import BaseApi
    from flask_appbuilder.security.decorators import protect

    class SessionWriteApi(BaseApi):
        resource_name = "sessionwrite"
        allow_browser_login = True

        @expose("/", methods=["POST"])
        @protect()
        def post(self):
            CALLS.append("post")
            return self.response(201, message="written")

    return SessionWriteApi


@pytest.fixture(scope="module")
def csrf_app(make_app):
    """An app as in production (CSRF on), plus an API accepting the browser session as FAB's security
    APIs do (``FAB_ADD_SECURITY_API`` itself does not start under FAB 5.3 with marshmallow 4)."""
    from app.cli import ensure_user

    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        app.appbuilder.add_api(_browser_login_api())
        ensure_user(*ADMIN, "Admin", "c_admin@test.local", "Csrf", "Admin")
    return app


@pytest.fixture
def admin(csrf_app):
    return sign_in_with_token(csrf_app.test_client(), *ADMIN)


def _url(rule) -> str:
    """The rule with every argument filled: 1 for numbers and ids (rows with id 1 exist), x otherwise."""
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        values[name] = 1 if isinstance(converter, IntegerConverter) or name in {"pk", "id"} else "x"
    return rule.build(values, append_unknown=False)[1]


def test_every_state_changing_endpoint_refuses_a_request_without_a_token(csrf_app, admin):
    rules = [r for r in csrf_app.url_map.iter_rules() if r.methods & UNSAFE]
    assert len(rules) > 50  # core, plugins, FAB's security views and APIs
    before = database_snapshot(csrf_app)
    accepted = []
    for rule in rules:
        url = _url(rule)
        for method in sorted(rule.methods & UNSAFE):
            response = admin.open(url, method=method, data={"name": "x", "action": "delete", "rowid": ["1"]})
            if response.status_code not in (400, 401, 403):
                accepted.append(f"{method} {url} -> {response.status_code}")
    assert not accepted, "accepted without a CSRF token:\n" + "\n".join(accepted)
    assert database_snapshot(csrf_app) == before


def test_a_session_cookie_alone_does_not_authorise_an_api_write(csrf_app, admin):
    refused = admin.post("/api/v1/sessionwrite/", json={})
    assert refused.status_code == 400 and refused.is_json and CALLS == []
    # The same session with its CSRF token (a script of the site's own pages) may.
    token = csrf_token_of(admin, "/dashboard/")
    assert admin.post("/api/v1/sessionwrite/", json={}, headers={"X-CSRFToken": token}).status_code == 201
    assert CALLS == ["post"]


def test_an_api_client_with_a_bearer_token_needs_no_csrf_token(csrf_app):
    client = csrf_app.test_client()
    login = client.post("/api/v1/security/login", json={"username": ADMIN[0], "password": ADMIN[1], "provider": "db"})
    assert login.status_code == 200
    headers = {"Authorization": f"Bearer {login.get_json()['access_token']}"}
    assert client.post("/api/v1/sessionwrite/", json={}, headers=headers).status_code == 201


def test_logout_is_a_form_with_a_token_and_get_signs_nobody_out(csrf_app, admin):
    dashboard = admin.get("/dashboard/").get_data(as_text=True)
    assert 'action="/logout/"' in dashboard and 'method="post"' in dashboard
    confirm = admin.get("/logout/")  # an old link or a cross-site image
    assert confirm.status_code == 200 and 'id="logout-confirm"' in confirm.get_data(as_text=True)
    assert admin.get("/dashboard/").status_code == 200
    assert admin.post("/logout/").status_code == 400  # no token: a forged cross-site form
    assert admin.get("/dashboard/").status_code == 200
    token = csrf_token_of(admin, "/dashboard/")
    assert admin.post("/logout/", data={"csrf_token": token}).status_code == 302
    assert admin.get("/dashboard/").status_code == 302  # signed out: to the login page


def test_an_expired_form_gives_the_translated_form_expired_page(csrf_app):
    client = csrf_app.test_client()
    page = client.post("/login/?_l_=en", data={"username": ADMIN[0], "password": ADMIN[1], "csrf_token": "stale"})
    body = page.get_data(as_text=True)
    assert page.status_code == 400 and "The form has expired" in body and 'id="error-home"' in body
    zh = client.post("/login/?_l_=zh", data={"username": ADMIN[0], "password": ADMIN[1]}).get_data(as_text=True)
    assert "表单已过期" in zh


def test_a_get_to_a_delete_or_action_url_changes_nothing(app, login_as):
    """With CSRFProtect on the app FAB refuses mutations by GET (the suite runs with token checks off)."""
    from app.catalog.models import ServiceGuide
    from app.extensions import db

    staff = login_as("t_admin")
    with app.app_context():
        guide = db.session.query(ServiceGuide).filter_by(status="published").first()
        guide_id = guide.id
    before = database_snapshot(app)
    staff.get(f"/serviceguideview/delete/{guide_id}")
    staff.get(f"/serviceguideview/action/unpublish/{guide_id}")
    staff.get(f"/ip/ipofferview/action/close/{guide_id}")
    assert database_snapshot(app) == before
