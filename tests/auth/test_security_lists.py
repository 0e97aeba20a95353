"""FAB's own security lists (app.auth.security_views): what the administrator sees is FAB's, at a
fixed number of statements whatever the rows, and their filters never embed a whole table."""
import pytest

from app.testing.fixtures import add_users, login_client
from app.testing.pages import search_form_fields
from app.testing.sql import statements_of


@pytest.fixture(scope="module")
def world(make_app):
    app = make_app(QI_QUEUE_COUNTS_SECONDS=10**9)
    add_users(app)
    return {"app": app, "admin": login_client(app, "t_admin")}


def _more_users(app, start, stop):
    add_users(app, {f"t_many_{n}": ("WindowStaff" if n % 2 else "Enterprise", f"pw-many-{n}-x") for n in range(start, stop)})


@pytest.mark.parametrize("path", ["/users/list/", "/roles/list/", "/groups/list/", "/permissionviews/list/"])
def test_a_security_list_sends_the_same_statements_with_many_rows(world, path):
    app, admin = world["app"], world["admin"]
    few, _html = statements_of(app, admin, path)
    _more_users(app, 0, 20)
    many, _html = statements_of(app, admin, path)
    assert few <= many <= few + 1 and many <= 7, (few, many)  # + 1: the count of a page now full


def test_the_user_list_still_shows_each_users_roles_and_the_role_list_its_permissions(world):
    app, admin = world["app"], world["admin"]
    _more_users(app, 20, 22)
    users = admin.get("/users/list/?psize_UserDBModelView=100").get_data(as_text=True)
    row = users[users.index("t_many_21"):]
    row = row[:row.index("</tr>")]
    assert "WindowStaff" in row and "Enterprise" not in row
    sm = app.appbuilder.sm
    with app.app_context():  # built-in roles keep their permissions in code: a role of the database's
        role = sm.find_role("Lists desk") or sm.add_role("Lists desk")
        sm.add_permission_role(role, sm.find_permission_view_menu("can_read", "DashboardView"))
    roles = admin.get("/roles/list/").get_data(as_text=True)
    row = roles[roles.index("Lists desk"):]
    assert "DashboardView" in row[:row.index("</tr>")]


def test_the_filters_offer_no_rows_until_typed_and_look_them_up_for_the_admin_only(world):
    app, admin = world["app"], world["admin"]
    for path in ("/users/list/", "/groups/list/", "/permissionviews/list/"):
        fields = search_form_fields(admin.get(path).get_data(as_text=True))
        selects = {name: html for name, html in fields.items() if "<select" in html}
        assert selects, path
        for name, html in selects.items():
            assert "qi-lookup" in html and html.count("<option") <= 1, (path, name, html[:300])
    found = admin.get("/lookup/UserDBModelView/search/roles", query_string={"q": "Window"}).get_json()
    assert [row["text"] for row in found["results"]] == ["WindowStaff"]
    staff = login_client(app, "t_platform")
    assert staff.get("/lookup/UserDBModelView/search/roles", query_string={"q": "Window"}).status_code == 403


def test_filtering_users_by_a_role_lists_only_its_users(world):
    app, admin = world["app"], world["admin"]
    _more_users(app, 30, 32)
    role_id = admin.get("/lookup/UserDBModelView/search/roles", query_string={"q": "WindowStaff"}).get_json()["results"][0]["id"]
    html = admin.get("/users/list/", query_string={"_flt_0_roles": role_id, "psize_UserDBModelView": 100}).get_data(as_text=True)
    assert "t_many_31" in html and "t_window" in html
    assert "t_many_30" not in html and "t_enterprise" not in html
