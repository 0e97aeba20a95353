"""The public home grid and category pages, and the administrators' category CRUD."""
import re

import pytest
import sqlalchemy as sa

from app.catalog.models import ServiceCategory
from app.extensions import db

EIGHT_ZH = ["标准化", "计量", "检验检测", "认证认可", "质量管理", "品牌培育", "知识产权", "其他服务"]
EIGHT_EN = ["Standardization", "Metrology", "Inspection &amp; testing", "Certification &amp; accreditation",
            "Quality management", "Brand building", "Intellectual property", "Other services"]


def tile_names(html: str) -> list[str]:
    return re.findall(r'class="qi-tile-name">([^<]*)<', html)


@pytest.mark.clause("6.2-1")
@pytest.mark.clause("5.5")
@pytest.mark.clause("5.6")
@pytest.mark.clause("5.8")
def test_home_shows_the_eight_categories_in_order_in_both_languages(make_app):
    app = make_app(QI_LOAD_ENTRY_POINTS=False)  # the platform and its built-in plugins, no installed extras
    client = app.test_client()
    html = client.get("/").get_data(as_text=True)
    assert tile_names(html) == EIGHT_ZH
    assert '<html lang="zh-CN">' in html
    client.get("/lang/en")
    html = client.get("/").get_data(as_text=True)
    assert tile_names(html) == EIGHT_EN
    assert '<html lang="en">' in html
    assert "Quality Infrastructure One-Stop Service Platform" in html
    navbar = html.split('class="dropdown qi-nav-categories"')[1].split('class="divider"')[0]
    assert [n.strip() for n in re.findall(r'</span> ([^<]+)</a></li>', navbar)] == EIGHT_EN


def test_language_choice_is_remembered_across_sessions(client):
    response = client.get("/lang/en")
    assert "qi_lang=en" in " ".join(response.headers.getlist("Set-Cookie"))
    fresh = client.application.test_client()
    fresh.set_cookie("qi_lang", "en")
    assert "Metrology" in tile_names(fresh.get("/").get_data(as_text=True))
    fresh2 = client.application.test_client()
    fresh2.set_cookie("qi_lang", "xx")  # an unknown value falls back to Chinese
    assert "计量" in tile_names(fresh2.get("/").get_data(as_text=True))


def test_admin_changes_to_a_category_show_at_once(app, client, login_as):
    staff = login_as("t_platform")
    with app.app_context():
        category = db.session.scalar(sa.select(ServiceCategory).where(ServiceCategory.code == "brand"))
        pk = category.id
    response = staff.post(f"/servicecategoryview/edit/{pk}", data={
        "name_zh": "品牌建设与培育", "name_en": "Brand building", "icon": "fa-star", "order": "1", "visible": "y"})
    assert response.status_code == 302
    anonymous = app.test_client()
    assert tile_names(anonymous.get("/").get_data(as_text=True))[0] == "品牌建设与培育"
    staff.post(f"/servicecategoryview/edit/{pk}", data={
        "name_zh": "品牌建设与培育", "name_en": "Brand building", "icon": "fa-star", "order": "1"})  # unticked
    assert "品牌建设与培育" not in anonymous.get("/").get_data(as_text=True)
    assert anonymous.get("/category/brand").status_code == 404
    assert "品牌建设与培育" not in anonymous.get("/category/metrology").get_data(as_text=True)  # navbar too
    staff.post(f"/servicecategoryview/edit/{pk}", data={
        "name_zh": "品牌培育", "name_en": "Brand building", "icon": "fa-star", "order": "60", "visible": "y"})
    assert "品牌培育" in tile_names(anonymous.get("/").get_data(as_text=True))


def test_admin_adds_a_configured_category(app, login_as):
    staff = login_as("t_platform")
    response = staff.post("/servicecategoryview/add", data={
        "code": "training", "name_zh": "教育培训", "name_en": "Training", "icon": "fa-graduation-cap",
        "order": "90", "visible": "y"})
    assert response.status_code == 302
    html = app.test_client().get("/category/training").get_data(as_text=True)
    assert "教育培训" in html
    with app.app_context():
        assert db.session.scalar(sa.select(ServiceCategory.plugin).where(ServiceCategory.code == "training")) is None


def test_bad_category_code_is_refused_with_a_translated_error(app, login_as):
    staff = login_as("t_platform")
    response = staff.post("/servicecategoryview/add", data={
        "code": "Bad Code!", "name_zh": "错误", "name_en": "Bad", "icon": "fa-x", "order": "1"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "请使用 2 至 50 个小写字母" in html
    assert 'value="错误"' in html  # what the user typed is kept
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(ServiceCategory.code == "Bad Code!")) == 0


def test_unknown_category_is_404(client):
    assert client.get("/category/no-such-category").status_code == 404


def test_category_page_links_plugin_views_the_user_may_open(client):
    html = client.get("/category/dummy").get_data(as_text=True)
    assert "/dummy/hello" in html  # public page
    assert "/dummy/dummyrecordview/list/" not in html  # needs a signed-in enterprise


def test_language_switch_returns_to_the_page(client):
    response = client.get("/lang/en?next=/category/metrology")
    assert response.status_code == 302 and response.headers["Location"].endswith("/category/metrology")
    for outside in ("https://evil.example/", "//evil.example/", "/\\evil.example/"):
        response = client.get(f"/lang/zh?next={outside}")
        assert "evil.example" not in response.headers["Location"], outside
    assert "计量" in client.get("/category/metrology").get_data(as_text=True)


def test_platform_name_follows_the_language(client):
    assert "<title>质量基础设施一站式服务平台</title>" in client.get("/login/").get_data(as_text=True)
    client.get("/lang/en")
    html = client.get("/login/").get_data(as_text=True)
    assert "Quality Infrastructure One-Stop Service Platform" in html.split("</head>")[1].split("</nav>")[0]
