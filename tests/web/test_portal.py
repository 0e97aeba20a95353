"""Portal conventions on every page (app.web.portal): the footer, the page's language, the sign-in flash."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from app.testing.fixtures import add_users, login_client
from app.testing.windows import make_window

OPERATOR_ZH, OPERATOR_EN = "银川市质量服务中心", "Yinchuan Quality Service Centre"


@pytest.fixture(scope="module")
def portal_app(make_app):
    """An app of its own: its windows are the footer's, its settings the operator's."""
    app = make_app(QI_OPERATOR_NAME=OPERATOR_ZH, QI_OPERATOR_NAME_EN=OPERATOR_EN, QI_HOTLINE="0951-6000000",
                   QI_ICP="宁ICP备12345678号-1", QI_SITE_CODE="宁公网安备 64010402000123号", QI_FOOTER_WINDOWS=2)
    add_users(app, {"p_admin": ("Admin", "pw-admin-77"), "p_window": ("WindowStaff", "pw-window-77")})
    with app.app_context():
        make_window("park", "金凤区园区服务站", name_en="Jinfeng Park Station", code="jinfeng", address="金凤区1号")
        make_window("park", "兴庆区园区服务站", code="xingqing", active=False)
        make_window("institution", "计量院窗口", code="metrology-window")
        make_window("park", "西夏区园区服务站", code="xixia")
    return app


def footer_of(html: str) -> str:
    match = re.search(r'<div class="qi-footer">(.*?)</footer>', html, re.S)
    assert match, "no footer on the page"
    return match.group(1)


@pytest.mark.clause("4.1-4b")
def test_every_page_public_and_staff_carries_the_same_footer(portal_app):
    anonymous = portal_app.test_client()
    staff = {"admin": login_client(portal_app, "p_admin", "pw-admin-77"),
             "window": login_client(portal_app, "p_window", "pw-window-77")}
    pages = [(anonymous, "/"), (anonymous, "/login/"), (anonymous, "/privacy/"), (anonymous, "/windows/"),
             (anonymous, "/password/forgot"), (anonymous, "/no-such-page"), (staff["admin"], "/dashboard/"),
             (staff["admin"], "/users/list/"), (staff["window"], "/dashboard/")]
    for client, path in pages:
        footer = footer_of(client.get(path).get_data(as_text=True))
        assert OPERATOR_ZH in footer and "0951-6000000" in footer, path
        assert "宁ICP备12345678号-1" in footer and "64010402000123" in footer, path
        assert 'href="/privacy/"' in footer and 'href="/windows/"' in footer, path
        # active windows only, park stations first, at most QI_FOOTER_WINDOWS of them, with their hours
        assert sorted(re.findall(r'data-code="([^"]+)"', footer)) == ["jinfeng", "xixia"], path
        assert "金凤区1号" in footer and "星期一–星期五 09:00–12:00" in footer, path


def test_the_footer_speaks_the_page_language(portal_app):
    footer = footer_of(portal_app.test_client().get("/?_l_=en").get_data(as_text=True))
    assert OPERATOR_EN in footer and OPERATOR_ZH not in footer
    assert "Jinfeng Park Station" in footer and "Monday–Friday 09:00–12:00" in footer
    assert "Privacy policy" in footer and "Service hotline" in footer


def test_the_footer_reads_its_windows_in_one_query(portal_app):
    from app.extensions import db
    from app.web.portal import footer_windows

    statements = []

    def count(*_args, **_kwargs):
        statements.append(1)

    with portal_app.test_request_context("/"):
        engine = db.engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            windows = footer_windows(10)
        finally:
            event.remove(engine, "before_cursor_execute", count)
    assert len(windows) == 3 and len(statements) == 1


def test_a_demo_without_settings_shows_the_demo_operator(app):
    from app.config import DEMO_PORTAL

    footer = footer_of(app.test_client().get("/?_l_=zh").get_data(as_text=True))
    assert DEMO_PORTAL["QI_OPERATOR_NAME"] in footer and DEMO_PORTAL["QI_HOTLINE"] in footer


def test_l_parameter_sets_html_lang_and_the_switch(client):
    client.get("/lang/zh")
    page = client.get("/?_l_=en").get_data(as_text=True)
    assert '<html lang="en">' in page
    # the switch offers the language the page is not in
    assert 'id="lang-zh"' in page and 'id="lang-en"' not in page
    page = client.get("/").get_data(as_text=True)  # the session's language is unchanged
    assert '<html lang="zh-CN">' in page and 'id="lang-en"' in page


@pytest.mark.parametrize("lang, shown", [("zh", "请登录后打开此页面"), ("en", "Sign in to open this page.")])
def test_anonymous_refusal_flash_is_in_the_language_of_the_sign_in_page(client, lang, shown):
    client.get(f"/lang/{lang}")
    other = "en" if lang == "zh" else "zh"
    response = client.get(f"/windows/manage/?_l_={other}")  # refused in the other language
    assert response.status_code == 302 and "/login/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert shown in page
    assert "Access is Denied" not in page and "访问被拒绝" not in page
