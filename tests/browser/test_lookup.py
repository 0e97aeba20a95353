"""Relation fields search as the user types in a real browser (app/static/qi-lookup.js on FAB's select2):
in an add form and in a list's search filter, in zh and in en, with the typed text sent to the scoped
lookup and the list filtered by the row chosen."""
from __future__ import annotations

import pytest

from tests.test_browser import browser, live_app, live_server  # noqa: F401  (the live server and Chromium)

from .phone import load_demo, sign_in

pytestmark = pytest.mark.browser

PLATFORM = ("platform", "platform-demo-2026")


@pytest.fixture(scope="module")
def site(live_app):  # noqa: F811
    load_demo(live_app[0])
    return live_app[1]


def _page(browser, site, lang):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{site}/lang/{lang}")
    sign_in(page, site, *PLATFORM)
    return page


def _typed(page, text: str) -> list[str]:
    page.fill(".select2-search__field", text)
    page.wait_for_function("() => !document.querySelector('.select2-results__option.loading-results')")
    page.wait_for_timeout(600)  # select2 waits 250 ms after the last key before asking
    return page.locator(".select2-results__option").all_inner_texts()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_add_form_finds_organisations_as_the_user_types(site, browser, lang):  # noqa: F811
    page = _page(browser, site, lang)
    page.goto(site + "/testing/testingcapabilityview/add")
    assert page.locator("select.qi-lookup.select2-hidden-accessible").count() >= 1
    page.locator(".select2-selection").first.click()
    found = _typed(page, "检测")
    assert found and all("检测" in name for name in found), found
    page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_list_is_filtered_by_an_organisation_found_by_typing(site, browser, lang):  # noqa: F811
    page = _page(browser, site, lang)
    page.goto(site + "/userprofileview/list/")
    rows_before = page.locator("table:not(.filters) > tbody > tr").count()
    page.locator("a.accordion-toggle").first.click()
    page.locator("#filter_form .dropdown-toggle").first.click()
    page.locator("#filter_form a.filter[name=organisation]").click()
    assert page.locator("#filter_form .filters .select2-selection__placeholder").last.inner_text() == (
        "输入以搜索" if lang == "zh" else "Type to search")
    page.locator("#filter_form .filters .select2-selection").last.click()
    found = _typed(page, "红宝枸杞")
    assert found == ["宁夏红宝枸杞食品有限公司"], found
    page.locator(".select2-results__option").first.click()
    page.locator("#filter_form button[type=submit]").click()
    page.wait_for_load_state()
    names = page.locator("table:not(.filters) > tbody > tr").all_inner_texts()
    assert names and all("宁夏红宝枸杞食品有限公司" in row for row in names), names
    assert len(names) < rows_before
    page.context.close()
