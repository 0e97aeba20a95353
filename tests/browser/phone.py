"""What the phone-sized browser tests share: the public pages, a phone viewport, signing in, and the
measurements taken in the page (overflow, tap targets, text size, the brand in the navbar)."""
from __future__ import annotations

from pathlib import Path

#: An iPhone 12–15 sized viewport (CSS pixels): the width most phones in use today have or exceed.
PHONE = {"width": 390, "height": 844}
AXE = Path(__file__).resolve().parents[2] / "app" / "static" / "vendor" / "axe.min.js"

#: The pages anyone opens without signing in (demo data loaded: a guide, search hits, a published quarter).
PUBLIC_PAGES = ["/", "/category/metrology", "/item/metrology-verification-calibration", "/search/?q=%E8%AE%A1%E9%87%8F",
                "/complaints/new", "/satisfaction/", "/login/", "/register/", "/announcements/"]

#: The smallest tap target (CSS px) and text size on public pages.
MIN_TAP = 44
MIN_TEXT = 12

#: In-page measurement of the layout: what is wrong, per kind, in words a failing assertion can print.
MEASURE = """() => {
  const problems = {overflow: [], tap: [], text: [], brand: []};
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) problems.overflow.push(`page is ${doc.scrollWidth} px wide`);
  const visible = (e) => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && !e.closest('.sr-only'); };
  const name = (e) => `${e.tagName.toLowerCase()}${e.name ? '[name=' + e.name + ']' : ''} "${(e.innerText || e.value || '').trim().slice(0, 30)}"`;
  const main = document.querySelector('main') || document.querySelector('body > .container');
  for (const e of main.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')) {
    if (!visible(e)) continue;
    const target = (e.type === 'checkbox' || e.type === 'radio') ? (e.closest('label') || e) : e;
    const r = target.getBoundingClientRect();
    if (r.height < %(tap)s || r.width < %(tap)s) problems.tap.push(`tap target ${name(e)} is ${Math.round(r.width)}×${Math.round(r.height)} px`);
  }
  for (const e of document.body.querySelectorAll('*')) {
    if (!visible(e) || !Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const size = parseFloat(getComputedStyle(e).fontSize);
    if (size < %(text)s) problems.text.push(`text "${e.textContent.trim().slice(0, 30)}" is ${size} px`);
  }
  const brand = document.querySelector('.navbar-brand');
  if (brand) {
    if (brand.scrollWidth > brand.clientWidth || brand.scrollHeight > brand.clientHeight) problems.brand.push('the brand is clipped');
    const toggle = document.querySelector('.navbar-toggle');
    if (toggle && visible(toggle) && brand.getBoundingClientRect().right > toggle.getBoundingClientRect().left)
      problems.brand.push('the brand runs under the menu button');
  }
  return problems;
}""".replace("%(tap)s", str(MIN_TAP)).replace("%(text)s", str(MIN_TEXT))


def layout_problems(page, *kinds: str) -> list[str]:
    """What is wrong with the open page's layout, of the given kinds (overflow, tap, text, brand; all by default)."""
    found = page.evaluate(MEASURE)
    return [problem for kind in (kinds or found) for problem in found[kind]]


def phone_page(browser, base: str, lang: str, *, bypass_csp: bool = False):
    """A page of a fresh browser context (own cookies) at phone size, in ``lang`` (zh or en)."""
    context = browser.new_context(viewport=PHONE, bypass_csp=bypass_csp)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{base}/lang/{lang}")
    return page


def sign_in(page, base: str, username: str, password: str) -> None:
    """Sign in through the login form (the page keeps its language)."""
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url("**/dashboard/")


def load_demo(app) -> None:
    """The demo data (app/demo.py): instruments in the ledger, search hits, a published quarter."""
    from app.demo import load_demo as load

    with app.app_context():
        load()
