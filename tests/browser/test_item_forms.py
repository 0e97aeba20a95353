"""Application forms per service item (issue 18) end to end in a real browser: an administrator builds
a form for an item in the builder, previews it in English (the conditional field hidden until "Yes")
and publishes it; an enterprise files a need with it, is sent back once with a translated message
next to the field (what it typed and the attached PDF kept), then files it; platform staff read the
answers on the case and download them as xlsx. The live app has CSRF on: every step is a click."""
from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Error as PlaywrightError, expect

from app.testing.fixtures import USERS, add_users
from tests.test_browser import browser, live_app, live_server  # noqa: F401  (the live server and Chromium)

from .phone import sign_in

pytestmark = pytest.mark.browser

ITEM = "quality-diagnosis"
ADMIN = ("b_admin", "pw-browser-admin-1")  # made by live_app
STAFF = ("t_platform", USERS["t_platform"][1])
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NUMBER = re.compile(r"^XQ-\d{4}-\d{6}$")
TIMEOUT = 15000

# (kind, name, Chinese label, English label, required, what else the field editor is given)
FIELDS = [
    ("text", "product_name", "主要产品", "Main product", True, {}),
    ("number", "staff_count", "员工人数", "Number of staff", True,
     {"minimum": "1", "maximum": "500", "unit_zh": "人", "unit_en": "people", "integer": True}),
    ("yesno", "certified", "是否已获认证", "Already certified", True, {}),
    ("textarea", "certificate_note", "认证情况说明", "About the certification", True,
     {"show_if_field": "certified", "show_if_equals": "yes"}),
    ("file", "licence", "营业执照", "Business licence", True, {"types": ["pdf"]}),
]
DESCRIPTION = "近三个月杀菌工序合格率下降到 92%，希望专家现场诊断。"
NOTE = "已获 ISO 9001 认证，证书有效期至 2027 年。"
# the answers as staff read them (the site's language, Chinese): on the case page and in the workbook
ANSWERS = {"主要产品": "枸杞原浆", "员工人数": "120 人", "是否已获认证": "是", "认证情况说明": NOTE,
           "营业执照": "licence.pdf"}


@pytest.fixture(scope="module")
def world(live_app):  # noqa: F811
    from app.testing.orgs import MEMBER_PASSWORD, make_org

    app, base = live_app
    add_users(app, {"t_platform": USERS["t_platform"]})
    with app.app_context():
        _, enterprise = make_org("enterprise", "申请表浏览器测试有限公司")
    return {"base": base, "enterprise": (enterprise, MEMBER_PASSWORD)}


def _page(browser, base, username, password):  # noqa: F811
    """A page of a fresh browser context (its own cookies), signed in through the login form."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True).new_page()
    page.set_default_timeout(TIMEOUT)
    errors = []  # script errors and Content-Security-Policy violations, checked at the end
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.js_errors = errors
    sign_in(page, base, username, password)
    return page


def _add_field(page, kind, name, zh, en, required, extra):
    """In the builder: choose the kind, open the field editor, fill it in and save it in the draft."""
    page.select_option("#new-kind", kind)
    page.click(".qi-add-field button[type=submit]")
    editor = page.locator(f"section.qi-form-field-editor[data-kind={kind}] form")
    expect(editor).to_be_visible()
    editor.locator("input[name=name]").fill(name)
    editor.locator("input[name=label_zh]").fill(zh)
    editor.locator("input[name=label_en]").fill(en)
    if required:
        editor.locator("input[name=required]").check()
    for key, value in extra.items():
        if key == "types":
            for box in editor.locator("input[name=types]").all():
                box.set_checked(box.get_attribute("value") in value)
        elif key == "show_if_field":
            editor.locator("select[name=show_if_field]").select_option(value)
        elif value is True:
            editor.locator(f"input[name={key}]").check()
        else:
            editor.locator(f"input[name={key}]").fill(value)
    editor.locator("button[type=submit]").click()
    row = page.locator(f"section.qi-form-builder tr#field-{name}")
    expect(row).to_have_attribute("data-kind", kind)
    expect(page.locator(".alert-success")).to_contain_text(name)


def _answer(page, name):
    return page.locator(f".qi-application .qi-answer[data-field={name}]")


def _download(page, start) -> bytes:
    """The bytes of the file a click (or a navigation) of ``start`` downloads."""
    with page.expect_download(timeout=TIMEOUT) as info:
        try:
            start()
        except PlaywrightError as error:  # Chromium aborts a navigation that turns into a download
            if "Download is starting" not in str(error) and "ERR_ABORTED" not in str(error):
                raise
    download = info.value
    assert download.failure() is None
    with open(download.path(), "rb") as got:
        return got.read()


def _rows(body: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    return list(load_workbook(io.BytesIO(body), read_only=True).active.values)


@pytest.mark.clause("6.2-5")
def test_an_item_form_is_built_filled_in_read_and_exported(world, browser, tmp_path):  # noqa: F811
    base = world["base"]

    # 1. The administrator builds the form of the item, previews it in English and publishes it.
    admin = _page(browser, base, *ADMIN)
    admin.goto(base + "/admin/forms/")
    admin.locator(f"tr[data-item={ITEM}] a").click()
    admin.wait_for_url(f"**/admin/forms/{ITEM}/")
    expect(admin.locator(f"section.qi-form-builder[data-item={ITEM}]")).to_be_visible()
    assert admin.locator("tr.qi-form-field").count() == 0
    for kind, name, zh, en, required, extra in FIELDS:
        _add_field(admin, kind, name, zh, en, required, extra)
    assert admin.locator("tr.qi-form-field").evaluate_all("rows => rows.map(r => r.dataset.name)") == [
        name for _, name, *_ in FIELDS]
    expect(admin.locator("tr#field-certificate_note")).to_contain_text("certified")
    expect(admin.locator(".qi-unpublished")).to_be_visible()

    admin.locator(".qi-form-actions a[href$='preview?lang=en']").click()
    admin.wait_for_url(f"**/admin/forms/{ITEM}/preview?lang=en")
    expect(admin.locator("section.qi-form-preview[data-lang=en]")).to_be_visible()
    expect(_answer(admin, "product_name").locator("label")).to_contain_text("Main product")
    expect(_answer(admin, "staff_count").locator("label")).to_contain_text("Number of staff")
    expect(_answer(admin, "staff_count").locator(".input-group-addon")).to_have_text("people")
    expect(_answer(admin, "certified").locator(".qi-answer-label")).to_contain_text("Already certified")
    expect(_answer(admin, "certified").locator(".qi-checks")).to_contain_text("Yes")
    expect(_answer(admin, "licence").locator("label")).to_contain_text("Business licence")
    assert _answer(admin, "licence").locator("input[type=file]").get_attribute("accept") == ".pdf"
    assert "主要产品" not in admin.locator(".qi-application").inner_text()
    conditional = _answer(admin, "certificate_note")
    expect(conditional).to_be_hidden()
    _answer(admin, "certified").locator("input[value=yes]").check()
    expect(conditional).to_be_visible()
    expect(conditional.locator("label")).to_contain_text("About the certification")
    expect(conditional.locator(".qi-condition")).to_be_hidden()  # the no-script note, hidden by the script
    _answer(admin, "certified").locator("input[value=no]").check()
    expect(conditional).to_be_hidden()
    # checking answers in the preview files nothing and speaks English
    _answer(admin, "staff_count").locator("input").fill("0")
    _answer(admin, "certified").locator("input[value=yes]").check()
    admin.locator("section.qi-form-preview form button[type=submit]").click()
    expect(_answer(admin, "staff_count").locator(".qi-error-text")).to_have_text("Number of staff must be at least 1.")
    expect(_answer(admin, "certificate_note").locator(".qi-error-text")).to_have_text(
        "Please fill in About the certification.")
    expect(_answer(admin, "certificate_note")).to_be_visible()
    for name, label in (("product_name", "Main product"), ("licence", "Business licence")):  # each one named
        expect(_answer(admin, name).locator(".qi-error-text")).to_have_text(f"Please fill in {label}.")

    admin.goto(base + f"/admin/forms/{ITEM}/")
    admin.locator("form[action$='/publish'] button[type=submit]").click()
    expect(admin.locator(".alert-success")).to_be_visible()
    expect(admin.locator(".qi-form-versions tbody tr")).to_have_count(1)
    expect(admin.locator("form[action$='/publish'] button[type=submit]")).to_be_disabled()
    expect(admin.locator(".qi-unpublished")).to_have_count(0)

    # 2. The enterprise files a need with the form (in Chinese, the site's language); sent back once.
    enterprise = _page(browser, base, *world["enterprise"])
    enterprise.goto(base + f"/needs/new?item={ITEM}")
    assert enterprise.locator("select[name=item]").input_value() == ITEM
    expect(enterprise.locator(".qi-application")).to_have_attribute("data-fields", str(len(FIELDS)))
    enterprise.fill("input[name=title]", "质量诊断：枸杞饮料杀菌工序合格率低")
    enterprise.fill("textarea[name=description]", DESCRIPTION)
    enterprise.fill("input[name=contact_name]", "王经理")
    enterprise.fill("input[name=contact]", "13995112233")
    _answer(enterprise, "product_name").locator("input").fill("枸杞原浆")
    expect(_answer(enterprise, "staff_count").locator(".input-group-addon")).to_have_text("人")
    _answer(enterprise, "staff_count").locator("input").fill("600")  # the mistake: at most 500
    note = _answer(enterprise, "certificate_note")
    expect(note).to_be_hidden()
    _answer(enterprise, "certified").locator("input[value=yes]").check()
    expect(note).to_be_visible()
    note.locator("textarea").fill(NOTE)
    pdf = tmp_path / "licence.pdf"
    pdf.write_bytes(PDF)
    _answer(enterprise, "licence").locator("input[type=file]").set_input_files(str(pdf))
    enterprise.click("button[data-once]")

    count = _answer(enterprise, "staff_count")
    expect(count.locator(".qi-error-text")).to_have_text("员工人数不能大于 500。")
    expect(count).to_have_class(re.compile(r"\bhas-error\b"))
    assert enterprise.locator(".qi-application .qi-error-text").count() == 1
    assert enterprise.locator("input[name=title]").input_value() == "质量诊断：枸杞饮料杀菌工序合格率低"
    assert enterprise.locator("textarea[name=description]").input_value() == DESCRIPTION
    assert enterprise.locator("input[name=contact_name]").input_value() == "王经理"
    assert _answer(enterprise, "product_name").locator("input").input_value() == "枸杞原浆"
    assert count.locator("input").input_value() == "600"
    assert _answer(enterprise, "certified").locator("input[value=yes]").is_checked()
    expect(note).to_be_visible()
    assert note.locator("textarea").input_value() == NOTE
    expect(_answer(enterprise, "licence").locator(".qi-kept-file")).to_have_text("已附：licence.pdf。如需替换，请另选文件。")

    count.locator("input").fill("120")
    enterprise.click("button[data-once]")
    number = enterprise.locator(".qi-case-number strong").inner_text().strip()
    assert NUMBER.match(number), number
    expect(enterprise.locator(".qi-secret-code")).to_have_count(1)

    # 3. Platform staff read the answers on the case and download them as xlsx.
    staff = _page(browser, base, *STAFF)
    staff.goto(base + f"/needs/case/{number}")
    answers = staff.locator("dl.qi-need-answers")
    expect(answers).to_be_visible()
    shown = dict(zip(answers.locator("dt").all_inner_texts(), answers.locator("dd").all_inner_texts()))
    assert shown == ANSWERS, shown
    link = answers.locator("dd a", has_text="licence.pdf")
    assert staff.context.request.get(base + link.get_attribute("href")).body() == PDF

    # the case page links staff to the item's answers workbook
    rows = _rows(_download(staff, lambda: staff.locator(f"a[href*='answers/export?item={ITEM}']").click()))
    header = list(rows[0])
    row = dict(zip(header, next(r for r in rows[1:] if r[0] == number)))
    assert {label: row.get(label) for label in ANSWERS} == ANSWERS, row

    # the builder links the same workbook for the administrator
    admin.goto(base + f"/admin/forms/{ITEM}/")
    rows = _rows(_download(admin, lambda: admin.locator(f"a[href*='answers/export?item={ITEM}']").click()))
    assert any(r[0] == number for r in rows[1:])

    for page in (admin, enterprise, staff):
        assert not page.js_errors, page.js_errors
        page.context.close()
