"""Each built-in role reaches its own pages and is refused the others (clause 4.1-4d)."""
import pytest
from flask_appbuilder import ModelView

from app.roles import ROLE_NAMES

# path -> roles allowed (besides Admin, who may open everything)
PAGES = {
    "/": {"anonymous", "Enterprise", "Institution", "WindowStaff", "PlatformStaff"},
    "/category/metrology": {"anonymous", "Enterprise", "Institution", "WindowStaff", "PlatformStaff"},
    "/dashboard/": {"Enterprise", "Institution", "WindowStaff", "PlatformStaff"},
    "/users/userinfo/": {"Enterprise", "Institution", "WindowStaff", "PlatformStaff"},
    "/servicecategoryview/list/": {"PlatformStaff"},
    "/servicecategoryview/add": {"PlatformStaff"},
    "/admin/plugins/": {"PlatformStaff"},
    "/users/list/": set(),
    "/roles/list/": set(),
    "/permissions/list/": set(),
}
ROLE_USERS = {"Enterprise": "t_enterprise", "Institution": "t_institution", "WindowStaff": "t_window",
              "PlatformStaff": "t_platform", "Admin": "t_admin"}


@pytest.mark.clause("4.1-4d")
@pytest.mark.parametrize("role", ["anonymous", *ROLE_USERS])
def test_each_role_reaches_only_its_pages(client, login_as, role):
    if role != "anonymous":
        login_as(ROLE_USERS[role])
    for path, allowed in PAGES.items():
        status = client.get(path).status_code
        if role == "Admin" or role in allowed:
            assert status == 200, f"{role} should open {path}, got {status}"
        elif role == "anonymous":
            assert status == 302 and "/login/" in client.get(path).headers["Location"], f"anonymous reached {path}"
        else:
            assert status == 403, f"{role} should be refused {path}, got {status}"


@pytest.mark.clause("4.1-4d")
def test_anonymous_cannot_reach_any_crud_view(app, client):
    crud = [v for v in app.appbuilder.baseviews if isinstance(v, ModelView)]
    assert len(crud) >= 5
    endpoints = {rule.endpoint: rule.rule for rule in app.url_map.iter_rules()}
    for view in crud:
        for name in ("list", "add", "show", "edit"):
            rule = endpoints.get(f"{view.endpoint}.{name}")
            if rule is None:
                continue
            response = client.get(rule.replace("<pk>", "1").replace("<int:pk>", "1"))
            assert response.status_code == 302 and "/login/" in response.headers["Location"], rule


@pytest.mark.parametrize("username, heading", [
    ("t_admin", "管理员工作台"), ("t_platform", "平台工作人员工作台"), ("t_window", "服务窗口工作台"),
    ("t_institution", "技术机构工作台"), ("t_enterprise", "企业工作台"),
])
def test_login_leads_each_role_to_its_dashboard(client, username, heading):
    from tests.conftest import login

    response = login(client, username)
    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard/")
    assert f"<h1>{heading}</h1>" in client.get("/dashboard/").get_data(as_text=True)


def test_login_keeps_a_safe_next_and_drops_an_external_one(client):
    from tests.conftest import login

    response = client.post("/login/?next=/servicecategoryview/list/",
                           data={"username": "t_platform", "password": "pw-platform-1"})
    assert response.headers["Location"].endswith("/servicecategoryview/list/")
    client.post("/logout/")
    response = client.post("/login/?next=https://evil.example/", data={"username": "t_platform", "password": "pw-platform-1"})
    assert "evil.example" not in response.headers["Location"]
    assert login(client, "t_platform").status_code == 302


def test_wrong_password_is_refused_with_a_translated_message(client):
    from tests.conftest import login

    response = login(client, "t_enterprise", "wrong-password")
    assert "/login/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "用户名或密码错误" in page
    assert client.get("/dashboard/").status_code == 302


def test_role_rows_exist_for_every_builtin_role(app):
    with app.app_context():
        assert all(app.appbuilder.sm.find_role(name) for name in ROLE_NAMES)
