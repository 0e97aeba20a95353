"""No link leads to a missing page, a crash, or a page the role may not open (issue 15).

For each role (anonymous and the five demo users of ``app.demo``) in zh and in en, a crawler starts at
the home page and the dashboard and follows every same-site ``<a href>`` of every HTML page it
reaches, on the demo data so that lists, cases and guides have content. It fails on

- a 404 or a 500 (an exception counts as a 500),
- a 403: the role was shown a link to a page it may not open (links go through ``may_open``),
- a signed-in role sent to the sign-in form: the same refusal, FAB's way.

An anonymous visitor may be sent to the sign-in form: "Book an appointment" invites a visitor to
sign in first (``may_open(..., sign_in=True)``).

Bounded, so the whole crawl takes about a minute on one database: a page counts by its URL rule
(``/item/<code>`` is one rule), each rule is opened a few times with different arguments, and each
crawl stops after a number of pages. The anonymous crawl opens public pages many times per rule so
every published guide (and the links written in it) is checked; the staff roles reach about two
hundred rules, mostly FAB's list, show and edit pages whose links repeat on every row, and open each
once. Links not followed: the logout form, the language switch (``/lang/…`` and ``?_l_=``: the crawl
keeps its language) and static files. Exports and file downloads are requested (their status is
checked) but not read.
"""
from __future__ import annotations

import collections
import heapq
import itertools
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import pytest

from app.demo import DEMO_USERS

HREF = re.compile(r"<a\b[^>]*?\bhref=\"([^\"]*)\"", re.I)
NOT_FOLLOWED = re.compile(r"^/logout|^/lang/|^/static/|[?&]_l_=")
SITE = "http://localhost"
START = "start"  # the pages a crawl starts from: the home page, the dashboard, the service categories


@dataclass(frozen=True)
class Budget:
    """How far one crawl goes: visits of one URL rule, pages in all."""

    per_rule: int
    pages: int


ANONYMOUS = Budget(per_rule=30, pages=300)  # public pages: every guide
MEMBER = Budget(per_rule=3, pages=250)  # window staff, institutions, enterprises: ~60-90 rules
STAFF = Budget(per_rule=1, pages=250)  # platform staff and administrators: ~200 rules
ROLES = {None: ANONYMOUS, "enterprise": MEMBER, "institution": MEMBER, "window": MEMBER,
         "platform": STAFF, "admin": STAFF}
PASSWORDS = {username: password for username, _role, password, *_ in DEMO_USERS}


def _links(base: str, html: str) -> list[str]:
    """Same-site paths (with query) of the page's links, in page order."""
    out = []
    for href in HREF.findall(html):
        href = href.replace("&amp;", "&").strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        parts = urlsplit(urljoin(SITE + base, href))
        if f"{parts.scheme}://{parts.netloc}" != SITE:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not NOT_FOLLOWED.search(path):
            out.append(path)
    return out


class Frontier:
    """Links to open, those of a URL rule not opened yet first (so a page budget covers the most
    rules), each rule at most ``per_rule`` times; start pages are opened whatever their rule."""

    def __init__(self, app, per_rule: int):
        self.adapter = app.url_map.bind("localhost")
        self.per_rule, self.opened = per_rule, collections.Counter()
        self.heap, self.seen, self.order = [], set(), itertools.count()

    def rule_of(self, path: str) -> str:
        try:
            return self.adapter.match(urlsplit(path).path, method="GET")[0]
        except Exception:  # no such rule: a 404, opened to be reported (or a moved page's redirect)
            return path

    def add(self, path: str, source: str) -> None:
        if path not in self.seen:
            self.seen.add(path)
            rule = self.rule_of(path)
            rank = -1 if source == START else self.opened[rule]
            heapq.heappush(self.heap, (rank, next(self.order), path, source, rule))

    def next(self):
        """(path, source) of the next link to open, or None when none is left within the budget."""
        while self.heap:
            rank, _, path, source, rule = heapq.heappop(self.heap)
            if source != START and self.opened[rule] >= self.per_rule:
                continue
            if source != START and rank < self.opened[rule]:  # its rule was opened since: wait again
                heapq.heappush(self.heap, (self.opened[rule], next(self.order), path, source, rule))
                continue
            self.opened[rule] += 1
            return path, source
        return None


def crawl(app, username: str | None, lang: str) -> tuple[list[str], int]:
    """Follow the links ``username`` sees in ``lang``; (problems found, pages opened)."""
    from app.testing.fixtures import login

    budget = ROLES[username]
    client = app.test_client()
    if username:
        assert login(client, username, PASSWORDS[username]).status_code == 302
    assert client.get(f"/lang/{lang}").status_code == 302
    frontier = Frontier(app, budget.per_rule)
    for path in ("/", "/dashboard/"):
        frontier.add(path, START)
    problems, opened = [], 0
    while opened < budget.pages and (found := frontier.next()):
        path, source = found
        opened += 1
        try:
            response = client.get(path)
        except Exception as exc:  # noqa: BLE001 (the test app propagates exceptions: a 500)
            problems.append(f"500 {path} (linked from {source}): {exc!r}")
            continue
        status = response.status_code
        if status in (301, 302, 303, 307, 308):
            target = urlsplit(response.headers["Location"])
            if target.path.startswith("/login"):
                if username and source != START:
                    problems.append(f"sign-in {path} (linked from {source})")
            elif target.netloc in ("", "localhost"):
                frontier.add(target.path + (f"?{target.query}" if target.query else ""), path)
            continue
        if status in (403, 404) or status >= 500:
            problems.append(f"{status} {path} (linked from {source})")
            continue
        if response.mimetype == "text/html":
            for link in _links(path, response.get_data(as_text=True)):
                # the service categories (in every page's navbar) are the hubs of the public pages
                frontier.add(link, START if link.startswith("/category/") else path)
    return problems, opened


@pytest.mark.clause("4.1-4b")
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("username", list(ROLES), ids=[u or "anonymous" for u in ROLES])
def test_no_link_leads_to_a_missing_page_a_crash_or_a_refusal(demo_app, username, lang):
    problems, opened = crawl(demo_app, username, lang)
    assert opened > (30 if username is None else 50)  # the crawl did reach the site
    assert not problems, f"{len(problems)} bad links for {username or 'anonymous'} in {lang}:\n" + "\n".join(problems)


def test_a_category_lists_records_a_role_may_not_open_without_a_link(demo_app):
    """Found by the crawl: the dummy plugin's public records link to a page only enterprises and
    platform staff may open; window staff see the titles without the link (``may_open_url``)."""
    from app.testing.fixtures import login_client

    window = login_client(demo_app, "window", PASSWORDS["window"]).get("/category/dummy").get_data(as_text=True)
    enterprise = login_client(demo_app, "enterprise", PASSWORDS["enterprise"]).get("/category/dummy")
    assert "第一条测试记录" in window and 'href="/dummy/dummyrecordview/show/' not in window
    assert 'href="/dummy/dummyrecordview/show/' in enterprise.get_data(as_text=True)
