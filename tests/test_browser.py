"""A real browser: Playwright driving Debian's Chromium against a live server on 127.0.0.1."""
import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("QI_CHROMIUM", "/usr/bin/chromium")
# Quiet start-up: this machine has no network beyond package registries.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_app(make_app):
    """The app with CSRF on, as in production, served by a thread; yields (app, its base URL)."""
    from app.cli import ensure_user

    from app.web.server import NoBannerRequestHandler

    # Served over plain HTTP on 127.0.0.1: QI_HTTPS off, or the Secure session cookie would not come back.
    app = make_app(WTF_CSRF_ENABLED=True, TESTING=False, QI_HTTPS=False)
    with app.app_context():
        ensure_user("b_admin", "pw-browser-admin-1", "Admin", "b_admin@test.local", "浏览器", "管理员")
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=NoBannerRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def live_server(live_app):
    """The base URL of the live app."""
    return live_app[1]


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_home_language_switch_and_admin_login(live_server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15000)
    page.goto(live_server + "/")
    tiles = page.locator(".qi-tile-name")
    assert tiles.first.inner_text() == "标准化"
    assert "计量" in tiles.all_inner_texts()
    assert page.locator("html").get_attribute("lang") == "zh-CN"

    page.click("#lang-en")
    page.wait_for_selector("html[lang=en]")
    assert "Metrology" in page.locator(".qi-tile-name").all_inner_texts()
    page.screenshot(path=str(tmp_path / "home-en.png"), full_page=True)

    page.click("#login-link")
    page.fill("input[name=username]", "b_admin")
    page.fill("input[name=password]", "pw-browser-admin-1")
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url("**/dashboard/")
    assert page.locator("h1").inner_text() == "Administrator dashboard"

    # the language survives signing in, and switching back works
    page.click("#lang-zh")
    page.wait_for_selector("html[lang=zh-CN]")
    assert page.locator("h1").inner_text() == "管理员工作台"
    page.close()


def test_phone_sized_home_page_shows_two_columns(live_server, browser):
    page = browser.new_page(viewport={"width": 375, "height": 740})
    page.goto(live_server + "/")
    boxes = [page.locator(".qi-tile").nth(i).bounding_box() for i in range(3)]
    assert boxes[0]["y"] == boxes[1]["y"] and boxes[2]["y"] > boxes[0]["y"]
    assert boxes[1]["x"] + boxes[1]["width"] <= 375
    page.close()


def test_search_from_home_and_open_a_guide(live_server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15000)
    page.goto(live_server + "/")
    page.fill("#qi-q", "计量器具")
    page.press("#qi-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    first = page.locator(".qi-hit-title").first
    assert first.inner_text() == "计量器具检定校准"
    first.click()
    page.wait_for_url("**/item/metrology-verification-calibration")
    assert page.locator("h1").inner_text() == "计量器具检定校准"
    assert page.locator(".qi-materials li").count() >= 3
    page.click("text=一次性告知单")
    page.wait_for_url("**/notice")
    assert "营业执照" in page.locator(".qi-materials").inner_text()
    page.close()


def _sign_in(page, live_server):
    page.goto(live_server + "/login/")
    page.fill("input[name=username]", "b_admin")
    page.fill("input[name=password]", "pw-browser-admin-1")
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url("**/dashboard/")


def test_no_csp_violation_on_a_list_and_a_form_and_delete_and_logout_work_by_post(live_server, browser):
    """The Content-Security-Policy (app/web/headers.py) blocks nothing FAB's pages need: the list's
    delete button posts its CSRF token through FAB's confirm dialog, and logout is a form."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15000)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    _sign_in(page, live_server)

    page.goto(live_server + "/answertemplateview/add")  # a FAB form page
    page.fill("input[name=title]", "浏览器删除测试")
    page.fill("textarea[name=body]", "将被删除")
    page.click("#model_form [type=submit]")
    page.goto(live_server + "/answertemplateview/list/?psize_AnswerTemplateView=100")  # a FAB list page
    row = page.locator("tr", has_text="浏览器删除测试")
    assert row.count() == 1
    row.locator("a.confirm").click()  # FAB's delete button: a confirm dialog, then a POST with the token
    page.click("#modal-confirm-ok")
    page.wait_for_load_state()
    assert page.locator("tr", has_text="浏览器删除测试").count() == 0

    page.click("a.dropdown-toggle:has(.fa-user)")
    page.click("#logout-button")
    page.wait_for_selector("#login-link")
    assert not violations, violations
    page.close()


def _signed_in(browser, live_server, username, password):
    """A page of a fresh browser context (its own cookies) signed in as ``username``."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15000)
    page.goto(live_server + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url("**/dashboard/")
    return page


def _take(page, step, comment=None, institution=None):
    """Take a step on the open case page through its form."""
    form = page.locator(f"form[data-step={step}]")
    if institution:
        form.locator("select[name=institution_id]").select_option(label=institution)
    if comment:
        form.locator("textarea[name=comment]").fill(comment)
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".alert-success")


@pytest.mark.clause("6.2-5")
@pytest.mark.clause("6.3.2-2")
@pytest.mark.clause("6.4.1-1")
def test_a_need_from_a_guide_to_a_closed_case(live_app, browser):
    """An enterprise files a need from a guide; staff respond, plan and match; the institution accepts
    and delivers; staff tell the result; the enterprise reads it in its cases and the case closes."""
    from app.cli import ensure_user
    from app.testing.orgs import MEMBER_PASSWORD, make_org

    app, live_server = live_app
    with app.app_context():
        ensure_user("b_staff", "pw-browser-staff-1", "PlatformStaff", "b_staff@test.local", "平台", "员工")
        _, enterprise_user = make_org("enterprise", "旅程枸杞饮品有限公司")
        _, institution_user = make_org("institution", "旅程检测中心", types="testing")

    enterprise = _signed_in(browser, live_server, enterprise_user, MEMBER_PASSWORD)
    enterprise.goto(live_server + "/item/testing-demand-matching")
    enterprise.click("a.qi-apply")
    enterprise.wait_for_url("**/needs/new?item=testing-demand-matching")
    assert enterprise.locator("select[name=item]").input_value() == "testing-demand-matching"
    enterprise.fill("textarea[name=description]", "枸杞饮料农残检测，约 20 个样品，希望两周内出报告。")
    enterprise.click("button:has-text('提交需求')")
    number = enterprise.locator(".qi-case-number strong").inner_text()
    assert number.startswith("XQ-") and enterprise.locator(".qi-secret-code").count() == 1

    staff = _signed_in(browser, live_server, "b_staff", "pw-browser-staff-1")
    staff.goto(live_server + f"/needs/case/{number}")
    _take(staff, "respond")
    _take(staff, "plan", comment="安排旅程检测中心检测，周期 10 个工作日。")
    _take(staff, "match", institution="旅程检测中心")
    assert staff.locator(".qi-need-state").inner_text() == "待机构接单"

    institution = _signed_in(browser, live_server, institution_user, MEMBER_PASSWORD)
    institution.goto(live_server + "/needs/incoming/")
    institution.click(f"a:has-text('{number}')")
    _take(institution, "accept")
    _take(institution, "deliver", comment="检测合格，报告编号 JC-2026-001。")

    staff.reload()
    _take(staff, "inform")
    enterprise.goto(live_server + "/needs/mine/")
    row = enterprise.locator(f"tr[data-number='{number}']")
    assert "检测合格" in row.locator(".qi-need-result").inner_text()
    assert row.locator(".qi-need-state").inner_text() == "已告知结果，待评价"

    _take(staff, "close")
    enterprise.reload()
    assert enterprise.locator(f"tr[data-number='{number}'] .qi-need-state").inner_text() == "已办结"
    for page in (enterprise, staff, institution):
        page.context.close()
