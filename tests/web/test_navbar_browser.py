"""The grouped navbar in a real browser: one row at 1280 px in English for every staff role."""
import pytest

from tests.test_browser import browser, live_app, live_server  # noqa: F401  (the browser suite's fixtures)

pytestmark = pytest.mark.browser

ACCOUNTS = {  # username -> (role, password), made in the live app
    "n_admin": ("Admin", "pw-nav-admin-1"),
    "n_platform": ("PlatformStaff", "pw-nav-platform-1"),
    "n_window": ("WindowStaff", "pw-nav-window-1"),
    "n_enterprise": ("Enterprise", "pw-nav-enterprise-1"),
}


@pytest.fixture(scope="module")
def nav_accounts(live_app):  # noqa: F811
    from app.cli import ensure_user

    app = live_app[0]
    with app.app_context():
        for username, (role, password) in ACCOUNTS.items():
            ensure_user(username, password, role, f"{username}@test.local", username, "Nav")
    return ACCOUNTS


@pytest.mark.clause("4.1-4b")
@pytest.mark.parametrize("username", list(ACCOUNTS))
def test_the_english_navbar_is_one_row_at_1280_px(live_server, browser, nav_accounts, username, tmp_path):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15000)
    page.goto(live_server + "/lang/en")
    page.goto(live_server + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", nav_accounts[username][1])
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url("**/dashboard/")
    page.wait_for_selector("html[lang=en]")
    groups = page.locator(".qi-nav-group > .dropdown-toggle")
    assert groups.count() >= 2
    assert groups.first.inner_text().strip().startswith("Work")
    # Every top-level entry (groups, brand, the right-hand links) sits on the brand's row.
    tops = page.evaluate("""() => [...document.querySelectorAll(
        '.navbar .navbar-brand, .navbar .navbar-nav > li > a')].map(e => Math.round(e.getBoundingClientRect().top))""")
    height = page.evaluate("() => document.querySelector('.navbar').getBoundingClientRect().height")
    page.screenshot(path=str(tmp_path / f"navbar-{username}.png"))
    assert max(tops) - min(tops) < 20 and height < 80, (tops, height)
    page.close()
