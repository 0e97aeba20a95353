"""The site on a phone (390 × 844, Chromium): public pages fit the screen with tap targets of at least
44 px and no text under 12 px, the brand is not clipped, and staff lists turn into cards instead of
overflowing (the metrology ledger was 413 px wide with one character per line), in zh and in en.
The layout is CSS only: app/static/qi.css and FAB's list widget override
(app/templates/appbuilder/general/widgets/list.html)."""
from __future__ import annotations

import pytest

from tests.test_browser import browser, live_app, live_server  # noqa: F401  (the live server and Chromium)

from .phone import PHONE, PUBLIC_PAGES, layout_problems, load_demo, phone_page, sign_in

pytestmark = pytest.mark.browser

ENTERPRISE = ("enterprise", "enterprise-demo-2026")
ADMIN = ("admin", "admin-demo-2026")  # app/demo.py: its organisation has instruments
CARD_CELLS = """(table) => Array.from(document.querySelector(table).querySelectorAll('tbody > tr:first-child > td'))
  .filter(td => td.getBoundingClientRect().height > 0)
  .map(td => ({top: Math.round(td.getBoundingClientRect().top), width: td.getBoundingClientRect().width,
               label: getComputedStyle(td, '::before').content, text: td.innerText.trim()}))"""


@pytest.fixture(scope="module")
def site(live_app):  # noqa: F811
    load_demo(live_app[0])
    return live_app[1]


@pytest.mark.clause("4.1-4b")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_public_pages_fit_a_phone_with_big_enough_tap_targets_and_text_and_an_unclipped_brand(site, browser, lang):  # noqa: F811
    page = phone_page(browser, site, lang)
    problems = {}
    for url in PUBLIC_PAGES:
        page.goto(site + url)
        assert page.locator("html").get_attribute("lang") == ("zh-CN" if lang == "zh" else "en")
        found = layout_problems(page)
        if found:
            problems[url] = found
    page.context.close()
    assert not problems, problems


def _cards(page, table):
    cells = page.evaluate(CARD_CELLS, table)
    assert len(cells) >= 5, cells
    return cells


@pytest.mark.clause("4.1-4b")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_metrology_ledger_is_a_list_of_cards_on_a_phone_and_a_table_on_a_desktop(site, browser, lang):  # noqa: F811
    page = phone_page(browser, site, lang)
    sign_in(page, site, *ENTERPRISE)
    page.goto(site + "/metrology/ledger/")
    assert layout_problems(page, "overflow", "brand") == []
    cells = _cards(page, "table.qi-instruments")
    tops = [cell["top"] for cell in cells]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)  # one line per field, not one column per field
    labelled = [cell for cell in cells if cell["label"] not in ("none", "normal")]
    assert labelled[0]["label"] == ('"器具名称"' if lang == "zh" else '"Instrument"')
    assert all(cell["width"] >= PHONE["width"] - 80 for cell in cells)  # full-width lines: no one character per line

    page.set_viewport_size({"width": 1280, "height": 900})
    tops = {cell["top"] for cell in _cards(page, "table.qi-instruments")}
    assert len(tops) == 1  # a desktop keeps the table: every field of the row on one line
    assert page.locator("table.qi-instruments thead th").first.is_visible()
    page.context.close()


@pytest.mark.clause("4.1-4b")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_flask_appbuilder_list_is_cards_on_a_phone_and_its_sorting_and_delete_still_work(site, browser, lang):  # noqa: F811
    page = phone_page(browser, site, lang)
    sign_in(page, site, *ADMIN)
    page.goto(site + "/searchsynonymview/list/")  # a plain FAB list (the instruments' list is the ledger's table)
    assert layout_problems(page, "overflow", "brand") == []
    cells = [cell for cell in _cards(page, "table.qi-cards") if cell["label"] not in ("none", "normal")]
    assert len({cell["top"] for cell in cells}) == len(cells)
    assert cells[0]["label"] == ('"用户输入的词"' if lang == "zh" else '"Word people type"')
    sort = page.locator("table.qi-cards thead th a").first  # FAB's sort links stay, as a bar of buttons
    assert sort.is_visible() and sort.bounding_box()["height"] >= 30

    if lang == "en":  # FAB's delete (confirm dialog, then a POST with the CSRF token) from a card
        name = cells[0]["text"]
        rows = page.locator("table.qi-cards tbody tr").count()
        page.locator("table.qi-cards tbody tr").first.locator("a.confirm").click()
        page.click("#modal-confirm-ok")
        page.wait_for_selector(".alert-success")
        assert page.locator("table.qi-cards tbody tr").count() == rows - 1
        assert page.locator("table.qi-cards tbody tr", has_text=name).count() <= rows - 1
    page.context.close()


#: The app's own staff lists (qi/ templates) with demo rows, and the first column's header in zh.
STAFF_LISTS = {"/complaints/list/": "投诉受理编号", "/samples/": "样品编号", "/visits/": "计划日期",
               "/evaluations/": "受理时间", "/improvement/": "持续改进"}


@pytest.mark.clause("4.1-4b")
def test_the_apps_own_staff_lists_are_cards_on_a_phone(site, browser):  # noqa: F811
    page = phone_page(browser, site, "zh")
    sign_in(page, site, *ADMIN)
    wrong = {}
    for url, first in STAFF_LISTS.items():
        page.goto(site + url)
        cells = page.evaluate(CARD_CELLS, "table.qi-cards")
        tops = [cell["top"] for cell in cells]
        problems = layout_problems(page, "overflow")
        if len(cells) < 3 or len(set(tops)) != len(tops):
            problems.append(f"not one line per field: {cells}")
        elif cells[0]["label"] != f'"{first}"':
            problems.append(f"first label {cells[0]['label']}")
        if problems:
            wrong[url] = problems
    page.context.close()
    assert not wrong, wrong
