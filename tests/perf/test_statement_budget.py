"""Every main page stays within a budget of SQL statements, whatever the number of rows (issue 16).

The walk is built from what is registered, so a new list view with a query per row fails here: the
list endpoint of every ModelView, every GET page of the app's own views without URL arguments whose
endpoint names a list, queue or board, the pages ``make bench`` measures (``bench.pages_bench``: the
dashboard, visits, samples, the windows, an enterprise's own pages …), the show page of each
ModelView (its first row), and home, a category page, an item guide and the search page. Each page
is requested as every role that may open it (a 200; other answers mean the role may not), once to
warm up, then counted (``app.testing.sql``); then many sample rows of every model of the views are
added (``app.testing.samples.sample_row``) and each page is counted again. A page passes when its
count is at most ``BUDGET`` (or its entry in ``OVER_BUDGET``) and did not grow with the rows (but for
the count of a list page that became full).
"""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask_appbuilder import ModelView

from app.catalog.models import ServiceCategory, ServiceItem
from app.extensions import db
from app.testing.fixtures import USERS, add_users, login_client
from app.testing.orgs import MEMBER_PASSWORD, make_org
from app.testing.samples import SampleRowError, sample_row
from app.testing.sql import counting

BUDGET = 6
FEW, MANY = 2, 30
LIST_ENDPOINT = re.compile(r"(^|[._])(list|queue|board)s?$")

# Pages still over budget, with their count (the most over any role): a page here must not grow
# beyond its count; remove its entry once it meets BUDGET. A signed-in page's fixed cost is 2
# statements (the user with roles, groups and standing; the visible categories of the navbar); the
# footer's windows add one more where QI_FOOTER_WINDOWS is not 0 (tests set 0, the default is 3).
# The search page is at 6 signed in (7 until its hits were rendered from the index's phrases); for
# Admin and platform staff one statement more finds needs by their application forms' answers, a
# part of the page only they get (app.applications.search; one statement, no count).
OVER_BUDGET: dict[str, int] = {"/search/?q=GB": 7}
# Pages whose count may grow with the rows (none left: FAB's security lists grew until issue 16).
GROWS_WITH_ROWS: set[str] = set()


def main_pages() -> list[str]:
    """The app's pages that are lists or boards without the name: those ``make bench`` measures."""
    from bench.pages_bench import ENTERPRISE_PAGES, PUBLIC_PAGES, STAFF_PAGES

    return [path for _, path, *_ in STAFF_PAGES] + [path for _, path in ENTERPRISE_PAGES + PUBLIC_PAGES]


def urls_of(app) -> list[str]:
    """The lists of every registered view: ModelView list endpoints, the app's own list pages and
    the main pages (``main_pages``)."""
    urls = set(main_pages())
    with app.test_request_context():
        from flask import url_for
        for view in app.appbuilder.baseviews:
            if isinstance(view, ModelView):
                try:
                    urls.add(url_for(f"{view.endpoint}.list"))
                except Exception:  # noqa: BLE001 - a ModelView without its list route
                    pass
        for rule in app.url_map.iter_rules():
            if "GET" in rule.methods and not rule.arguments and LIST_ENDPOINT.search(rule.endpoint) \
                    and not rule.rule.startswith(("/api/", "/static")):
                urls.add(rule.rule)
    return sorted(urls)


def show_urls(app) -> list[str]:
    """The show page of each ModelView's first row."""
    out = []
    with app.test_request_context():
        from flask import url_for
        for view in app.appbuilder.baseviews:
            if not isinstance(view, ModelView):
                continue
            model = view.datamodel.obj
            pk = db.session.scalar(sa.select(sa.inspect(model).primary_key[0]).order_by(
                sa.inspect(model).primary_key[0]).limit(1))
            if pk is None:
                continue
            try:
                out.append(url_for(f"{view.endpoint}.show", pk=pk))
            except Exception:  # noqa: BLE001 - a ModelView without its show route
                pass
    return sorted(set(out))


@pytest.fixture(scope="module")
def world(make_app):
    # The navbar's queue counts are recounted when they are older than QI_QUEUE_COUNTS_SECONDS: on a
    # slow machine the walk takes longer than the default 30 s and a page would count them once.
    app = make_app(QI_QUEUE_COUNTS_SECONDS=10**9)
    add_users(app)
    with app.app_context():
        ent, ent_user = make_org("enterprise", "预算企业有限公司")
        inst, inst_user = make_org("institution", "预算检测院", types="testing")
        category = db.session.scalar(sa.select(ServiceCategory.code).order_by(ServiceCategory.id))
        item = db.session.scalar(sa.select(ServiceItem.code).where(ServiceItem.visible.is_(True))
                                 .order_by(ServiceItem.id))
        user_id = db.session.scalar(sa.text("select id from ab_user where username = :u"), {"u": ent_user})
    clients = {"anonymous": app.test_client(), "enterprise": login_client(app, ent_user, MEMBER_PASSWORD),
               "institution": login_client(app, inst_user, MEMBER_PASSWORD)}
    for username, (role, password) in USERS.items():
        if role in ("PlatformStaff", "WindowStaff", "Admin"):
            clients[role] = login_client(app, username, password)
    return {"app": app, "clients": clients, "ent": ent, "inst": inst, "user_id": user_id,
            "public": ["/", f"/category/{category}", f"/item/{item}", "/search/?q=GB", "/search/"]}


def add_rows(world, start: int, stop: int) -> None:
    """Sample rows ``start``..``stop`` of every model of a ModelView, half each organisation's."""
    app = world["app"]
    with app.app_context():
        models = list(dict.fromkeys(v.datamodel.obj for v in app.appbuilder.baseviews if isinstance(v, ModelView)))
        for model in models:
            for n in range(start, stop):
                org = (world["ent"], world["inst"])[n % 2]
                try:
                    with db.session.begin_nested():
                        db.session.add(sample_row(db.session, model, org, world["user_id"], "预算", n))
                except (SampleRowError, sa.exc.SQLAlchemyError, TypeError, ValueError):
                    break  # a model that cannot take sample rows generically: its page is still counted
        db.session.commit()


def count_all(world, urls) -> dict[tuple[str, str], int]:
    """{(role, url): statements of one warm request} for every role that may open the page."""
    app, out = world["app"], {}
    for url in urls:
        for role, client in world["clients"].items():
            if client.get(url).status_code != 200:
                continue
            with counting(app) as sent:
                status = client.get(url).status_code
            if status == 200:
                out[(role, url)] = len(sent)
    return out


def test_every_page_stays_within_its_statement_budget_whatever_the_rows(world):
    app = world["app"]
    add_rows(world, 0, FEW)
    with app.app_context():
        urls = urls_of(app) + world["public"] + show_urls(app)
    assert len(urls) > 40, urls  # the walk found the registered views
    few = count_all(world, urls)
    add_rows(world, FEW, MANY)
    many = count_all(world, urls)
    problems = []
    for key, count in sorted(many.items()):
        role, url = key
        allowed = OVER_BUDGET.get(url, BUDGET) if url not in GROWS_WITH_ROWS else count
        before = few.get(key, count)
        print(f"statement-budget {role:12} {url}: {before} -> {count}")
        # One more is the count of a page that is now full (app.list_loading skips it on a short page);
        # a query per row grows by many more.
        if count > allowed or (count > before + 1 and url not in GROWS_WITH_ROWS):
            problems.append(f"{url} as {role}: {before} statements with {FEW} rows, {count} with {MANY} "
                            f"(budget {allowed})")
    assert not problems, "\n".join(problems)


def list_tables(app) -> dict[str, str]:
    """{list URL: table} of every registered ModelView."""
    out = {}
    with app.test_request_context():
        from flask import url_for
        for view in app.appbuilder.baseviews:
            if isinstance(view, ModelView):
                try:
                    out[url_for(f"{view.endpoint}.list")] = view.datamodel.obj.__table__.name
                except Exception:  # noqa: BLE001 - a ModelView without its list route
                    pass
    return out


# Lists whose page is still sorted whole, as one role, and why. A window staff member sees the
# appointments of their windows and those they booked themselves: an OR of two indexes, whose rows
# are sorted on each page (as many as the window's appointments).
SORTED_PAGES = {("/appointments/list/", "WindowStaff")}


def test_every_list_reads_its_default_order_from_an_index(world, db_kind):
    """The page of every ModelView list, as every role that may open it, is read in its default order
    from an index, not sorted whole (SQLite's plan: no temporary B-tree for the ORDER BY); a list that
    sorted its table on each page took seconds at a million rows."""
    if db_kind != "sqlite":
        pytest.skip("the plan is read from SQLite's EXPLAIN QUERY PLAN; PostgreSQL's depends on its statistics")
    app, checked, sorted_lists = world["app"], 0, []
    for url, table in sorted(list_tables(app).items()):
        for role, client in world["clients"].items():
            with counting(app) as sent:
                if client.get(url).status_code != 200:
                    continue
            page = next(((s, p) for s, p in sent if re.search(rf"\bFROM {table}\b", s) and "LIMIT" in s
                         and "ORDER BY" in s and "count(" not in s), None)
            if page is None:
                continue
            with app.app_context(), db.engine.connect() as connection:
                plan = " | ".join(row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {page[0]}",
                                                                                 page[1]).all())
            checked += 1
            if "TEMP B-TREE FOR ORDER BY" in plan and (url, role) not in SORTED_PAGES:
                sorted_lists.append(f"{url} as {role}: {plan}")
    assert checked > 40, checked  # the walk read the pages of the registered lists
    assert not sorted_lists, "\n".join(sorted_lists)
