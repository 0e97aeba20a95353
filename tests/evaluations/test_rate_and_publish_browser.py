"""The whole evaluation path in Chromium, as people do it: an enterprise member rates a delivered
need from its case page, staff publish the quarter, and the public results page counts the rating
(7.1-1). Figures come from the stored publication, so the rating must be counted there."""
from __future__ import annotations

import datetime as dt

import pytest

from app.evaluations.survey import quarter_of
from app.extensions import db
from app.testing.orgs import MEMBER_PASSWORD, make_org
from tests.evaluations.test_survey import informed_need
from tests.test_browser import browser, live_app  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def _sign_in(page, base, username, password):
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url("**/dashboard/")


@pytest.mark.clause("7.1-1")
def test_a_member_rates_a_delivered_need_and_the_published_quarter_counts_it(live_app, browser):  # noqa: F811
    app, base = live_app
    with app.app_context():
        enterprise_id, member = make_org("enterprise", "浏览器评价企业")
        institution_id, _ = make_org("institution", "浏览器评价检测院")
        need = informed_need(enterprise_id, institution_id)
    year, quarter = quarter_of(dt.datetime.now(dt.timezone.utc).replace(tzinfo=None))

    member_page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # a phone
    member_page.set_default_timeout(15000)
    _sign_in(member_page, base, member, MEMBER_PASSWORD)
    member_page.goto(f"{base}/needs/case/{need.number}")
    member_page.click("#qi-need-survey a.btn")
    for i in range(1, 10):
        member_page.check(f"input[name=r{i}][value='{9 if i != 4 else 7}']")
    member_page.fill("textarea[name=suggestions]", "服务很好")
    # no service content ticked: the browser lets the form go (one box is enough, not every box) and the
    # server asks for one, keeping every rating and word given
    with member_page.expect_navigation():
        member_page.click("form.qi-survey-form button[type=submit]")
    assert "至少勾选一项" in " ".join(member_page.locator(".help-block").all_inner_texts())
    assert member_page.locator("input[name=r4][value='7']").is_checked()
    assert member_page.input_value("textarea[name=suggestions]") == "服务很好"
    member_page.locator("input[name=contents]").nth(2).check()
    with member_page.expect_navigation():
        member_page.click("form.qi-survey-form button[type=submit]")
    member_page.goto(f"{base}/needs/case/{need.number}")
    assert member_page.locator("#qi-need-survey a.btn").count() == 0  # rated: no second survey offered
    member_page.context.close()

    staff_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    staff_page.set_default_timeout(15000)
    _sign_in(staff_page, base, "b_admin", "pw-browser-admin-1")
    staff_page.goto(f"{base}/evaluations/quarters/?year={year}&quarter={quarter}")
    staff_page.check("input[name=confirm_open]")  # the quarter is still running
    with staff_page.expect_navigation():
        staff_page.click("form[action$='/publish'] button[type=submit]")
    staff_page.context.close()

    public = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    public.set_default_timeout(15000)
    public.goto(f"{base}/satisfaction/?year={year}&quarter={quarter}")
    assert public.locator(".qi-quarter-summary .qi-count").inner_text().split()[0] == "1"
    # the nine means are the ratings given: 9 everywhere but the online service level (7)
    means = public.locator(".qi-dimension-table tr[data-dimension] .qi-mean").all_inner_texts()
    assert [float(m) for m in means] == [9, 9, 9, 7, 9, 9, 9, 9, 9]
    public.wait_for_selector("figure.qi-chart.qi-chart-drawn")
    public.context.close()
