"""The access matrix, generated from the running app (4.1-4d, 4.1-6).

Every URL rule of ``app.url_map`` belongs to a registered view spec (``app.access``), whose ``roles``
declare who may use it. For each protected endpoint (list, show, add, edit, delete, export, import,
download, each list action, REST verbs) and each role, a real request is sent as a user of that role:
the declared roles get through, every other role is refused (401, 403 or sent to sign in). A view added
without a spec, an endpoint without a permission check that is not declared open, or two views sharing
a permission resource by accident, fails here.
"""
from __future__ import annotations

import re

import pytest

from app.access import FAB
from app.accounts.models import SUBMITTED
from app.cli import ensure_user
from app.roles import ADMIN, APPLICANT, ENTERPRISE, INSTITUTION, PLATFORM_STAFF, PUBLIC, WINDOW_STAFF
from tests.accounts.helpers import make_org
from tests.conftest import login

# Endpoints open to everyone by design; anything else without a permission check fails the matrix.
OPEN_ENDPOINTS = {
    "static", "appbuilder.static", "HomeView.index", "UtilView.back", "LocaleView.index",
    "ThrottledSecurityApi.login", "ThrottledSecurityApi.refresh", "QiAuthDBView.login", "QiAuthDBView.logout",
    # probes for load balancers, and /metrics behind its own bearer token (tests/ops), not a role's
    "qi_probes.health", "qi_probes.ready", "qi_metrics.scrape",
}
# FAB's list actions check the action's own permission inside the handler: tested per action below.
ACTION_ENDPOINTS = re.compile(r"\.(action|action_post)$")
DENIED = {401, 403}
PASSWORD = "pw-matrix-1234"
MISSING_ID = "987654"


def _path(rule) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: MISSING_ID if m.group(1) in {"pk", "id", "org_id"}
                  or "id" in m.group(1) else "x", rule.rule)


def _denied(response) -> bool:
    return response.status_code in DENIED or (
        response.status_code == 302 and "/login" in response.headers.get("Location", ""))


@pytest.fixture(scope="module")
def matrix(make_app):
    """An app of its own (the requests post empty forms) and a signed-in client per role."""
    app = make_app(PROPAGATE_EXCEPTIONS=False)  # a handler's own error is not a permission answer
    clients = {PUBLIC: app.test_client()}
    with app.app_context():
        for role in (ADMIN, PLATFORM_STAFF, WINDOW_STAFF):
            ensure_user(f"mx_{role.lower()}", PASSWORD, role, f"mx_{role.lower()}@test.local", role, "Matrix")
        users = {role: f"mx_{role.lower()}" for role in (ADMIN, PLATFORM_STAFF, WINDOW_STAFF)}
        users[ENTERPRISE] = make_org("enterprise", "矩阵测试企业", password=PASSWORD)[1]
        users[INSTITUTION] = make_org("institution", "矩阵测试机构", types="metrology,testing", password=PASSWORD)[1]
        users[APPLICANT] = make_org("enterprise", "矩阵测试申请企业", status=SUBMITTED, password=PASSWORD)[1]
    tokens = {PUBLIC: {}}
    for role, username in users.items():
        client = app.test_client()
        assert login(client, username, PASSWORD).status_code == 302
        clients[role] = client
        token = client.post("/api/v1/security/login", json={"username": username, "password": PASSWORD,
                                                             "provider": "db"}).get_json()["access_token"]
        tokens[role] = {"Authorization": f"Bearer {token}"}
    return app, clients, tokens


def _allowed_roles(spec: dict, permission: str) -> set[str]:
    return {ADMIN} | {role for role, perms in spec["declared"].items() if permission in perms}


def _permission(view, method_name: str) -> str | None:
    func = getattr(type(view), method_name, None)
    name = getattr(func, "_permission_name", None)
    if name is None:
        return None
    return "can_" + ((view.method_permission_name or {}).get(method_name) or name)


def _closed(view, permission: str) -> bool:
    """FAB refuses everyone, Admin included, a permission the view does not offer (a read-only view's
    add and edit)."""
    return permission not in (view.base_permissions or [])


def _no_files(view, method_name: str) -> bool:
    """A download of a model without file columns answers 404 to everyone (app.web.view_args)."""
    if method_name != "download" or not hasattr(view, "datamodel"):
        return False
    return not (view.datamodel.get_file_column_list() or view.datamodel.get_image_column_list())


def _cases(app):
    """(endpoint, HTTP method, path, data, allowed roles) for every protected endpoint and action."""
    specs = {spec["view"].__name__: spec for spec in app.extensions["qi_views"]}
    unexplained, cases = [], []
    for rule in app.url_map.iter_rules():
        blueprint, _, method_name = rule.endpoint.rpartition(".")
        if rule.endpoint in OPEN_ENDPOINTS:
            continue
        spec = specs.get(blueprint)
        if spec is None:
            unexplained.append(f"{rule.endpoint}: no view spec declares it")
            continue
        view = spec["instance"]
        verb = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        if ACTION_ENDPOINTS.search(rule.endpoint):
            # One case per list action, through action_post (the GET form is the same handler).
            # FAB's own views answer a refused action with a redirect; they are Admin's alone.
            if rule.endpoint.endswith(".action_post") and spec["owner"] != FAB:
                for name in getattr(view, "actions", {}) or {}:
                    cases.append((f"{rule.endpoint}:{name}", "POST", rule.rule, {"action": name, "rowid": MISSING_ID},
                                  _allowed_roles(spec, view.get_action_permission_name(name))))
            continue
        permission = _permission(view, method_name)
        if permission is None:
            unexplained.append(f"{rule.endpoint}: no permission check and not declared open")
            continue
        allowed = set() if _closed(view, permission) or _no_files(view, method_name) else \
            _allowed_roles(spec, permission)
        cases.append((rule.endpoint, verb, _path(rule), {}, allowed))
    return unexplained, cases


@pytest.mark.clause("4.1-4d")
@pytest.mark.clause("4.1-6")
def test_every_endpoint_admits_exactly_its_declared_roles(matrix):
    app, clients, tokens = matrix
    unexplained, cases = _cases(app)
    assert unexplained == []
    assert len(cases) > 150
    wrong = []
    for endpoint, verb, path, data, allowed in cases:
        for role, client in clients.items():
            # The REST API is used with bearer tokens (a session cookie alone does not open it).
            headers = tokens[role] if path.startswith("/api/") else {}
            response = client.open(path, method=verb, data=data, headers=headers)
            expected_in = role in allowed
            refused = _denied(response) or (not allowed and response.status_code in (404, 405))
            if refused == expected_in:
                wrong.append(f"{role} {'refused' if expected_in else 'let into'} {verb} {path} ({endpoint}): "
                             f"{response.status_code}")
    assert wrong == [], "\n".join(wrong[:40])


def test_import_pages_of_staff_are_closed_to_institutions(matrix):
    """The finding behind the matrix: the staff import pages no longer share the resource of views
    institutions write, so an institution cannot reach them."""
    _app, clients, _tokens = matrix
    for path in ("/testing/reports-import/", "/testing/capabilities-import/", "/metrology/capabilities-import/"):
        assert _denied(clients[INSTITUTION].post(path, data={})), path
        assert not _denied(clients[PLATFORM_STAFF].get(path)), path
