"""The navbar's entries are worked out once per role combination and language (app.web.menu_groups),
with the built-in roles' checks looked up from a table (app.auth.builtin_roles): what a user sees
must stay exactly what the permission rules give, for every role, language and stored role."""
import re

import pytest

from app.auth.builtin_roles import BuiltinRoleAccess
from app.testing.fixtures import USERS, add_users, login_client
from app.web.link_access import _permission_of

ENTRY = re.compile(r'<li><a tabindex="-1" href="([^"]+)"')


def _entries(client, path="/dashboard/") -> list[str]:
    response = client.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return ENTRY.findall(html.split("qi-nav-groups")[1].split("navbar-right")[0])


def test_the_table_answers_exactly_as_flask_appbuilder_matches(app):
    """Every role × every permission pair registered (and a few that are not): the looked-up answer
    is FAB's ``re.match`` loop's."""
    roles = app.appbuilder.sm.builtin_roles
    table = BuiltinRoleAccess(roles)
    pairs = {(perm, view) for pvms in roles.values() for view, perm in pvms}
    names = {(p.strip("^$").replace("\\", ""), v.strip("^$").replace("\\", "")) for p, v in pairs}
    names |= {("can_list", "Nothing"), ("menu_access", "Needs "), ("can_read", "")}
    assert len(names) > 100
    for role, pvms in roles.items():
        for perm, view in names:
            expected = any(re.match(v, view) and re.match(p, perm) for v, p in pvms)
            assert table.allows(role, perm, view) is expected, (role, perm, view)
            assert table.allows(role, perm, view) is expected  # the kept answer too


def test_each_role_keeps_its_own_entries_and_each_language_its_own_labels(app):
    clients = {username: login_client(app, username) for username in USERS}
    first = {username: _entries(client) for username, client in clients.items()}
    assert len({tuple(entries) for entries in first.values()}) == len(USERS)  # no role got another's
    for username, client in clients.items():  # again, from what was kept
        assert _entries(client) == first[username]
    platform = clients["t_platform"]
    zh = platform.get("/dashboard/").get_data(as_text=True)
    en = platform.get("/dashboard/?_l_=en").get_data(as_text=True)
    assert "标准化" in zh.split("navbar-right")[0] and "Standardization" in en.split("navbar-right")[0]
    assert "标准化" not in en.split("qi-nav-groups")[1].split("navbar-right")[0]


def test_a_role_stored_in_the_database_shows_a_permission_granted_a_moment_ago(app):
    """A role an administrator made (not one of the code's): its menu follows the database on every
    page, since another worker may have changed it."""
    sm = app.appbuilder.sm
    with app.app_context():
        role = sm.find_role("Regional desk") or sm.add_role("Regional desk")
        sm.add_permission_role(role, sm.find_permission_view_menu("can_read", "DashboardView"))
        sm.add_permission_role(role, sm.find_permission_view_menu("menu_access", "DashboardView"))
    add_users(app, {"t_regional": ("Regional desk", "pw-regional-1")})
    client = login_client(app, "t_regional", "pw-regional-1")
    before = _entries(client)
    view = next(v for v in app.appbuilder.baseviews if type(v).__name__ == "ServiceCategoryView")
    with app.app_context():
        role = sm.find_role("Regional desk")
        for perm, view in (("menu_access", "Catalog"), ("menu_access", "ServiceCategoryView"),
                           (_permission_of(view, "list"), view.class_permission_name)):
            pvm = sm.find_permission_view_menu(perm, view)
            assert pvm is not None, (perm, view)
            sm.add_permission_role(role, pvm)
    after = _entries(client)
    assert set(after) - set(before) == {"/servicecategoryview/list/"}
