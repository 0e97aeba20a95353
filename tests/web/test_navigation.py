"""Navigation built around work: a few groups per role, the work queues first, every page kept."""
import re

import pytest

from app.testing.fixtures import USERS, login
from app.web.menu_groups import DEFAULT_GROUP, GROUPS, WORK, group_of

GROUP_ID = re.compile(r'id="nav-group-(\w+)"')
QUEUE = re.compile(r'data-queue="(\w+)">.*?<span class="badge">(\d+)</span>', re.S)


def _navbar(html: str) -> str:
    return html.split('qi-nav-groups')[1].split('navbar-right')[0]


def _page(app, username, path="/dashboard/?_l_=en"):
    client = app.test_client()
    login(client, username)
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _fab_menu_urls(app, username) -> set[str]:
    """Every address FAB's own menu shows the user (the ungrouped menu)."""
    from app.web.link_access import menu_item_visible

    client = app.test_client()
    login(client, username)
    with client:
        client.get("/dashboard/")
        urls = set()
        for item in app.appbuilder.menu.get_list():
            if menu_item_visible(item):
                for child in item.childs or [item]:
                    if child.name != "-" and menu_item_visible(child):
                        urls.add(child.get_url())
    return urls


@pytest.mark.clause("4.1-4b")
@pytest.mark.parametrize("username", list(USERS))
def test_every_role_has_at_most_seven_top_level_groups_with_work_first(app, username):
    groups = GROUP_ID.findall(_navbar(_page(app, username)))
    assert 2 <= len(groups) <= 7, groups
    assert groups[0] == WORK
    assert len(groups) == len(set(groups))


@pytest.mark.clause("4.1-4b")
@pytest.mark.parametrize("username", list(USERS))
def test_the_grouped_navbar_still_offers_every_page_of_the_menu(app, username):
    navbar = _navbar(_page(app, username))
    shown = set(re.findall(r'<li><a tabindex="-1" href="([^"]+)"', navbar))
    assert shown == _fab_menu_urls(app, username)


def test_the_admin_navbar_has_every_plugin_under_the_services_group(app):
    navbar = _navbar(_page(app, "t_admin"))
    services = navbar.split('data-group="services"')[1].split('qi-nav-group')[0]
    for heading in ("Metrology", "Standardization", "Testing", "Intellectual property",
                    "Certification and accreditation", "Dummy menu"):  # the last: the dummy plugin's own
        assert f'<li class="dropdown-header">{heading}</li>' in services


def test_a_category_no_group_names_goes_under_the_default_group():
    assert group_of("A category a new plugin invents") == DEFAULT_GROUP
    assert group_of("Needs") == "cases" and group_of("DashboardView") == WORK
    named = [category for group in GROUPS for category in group.categories]
    assert len(named) == len(set(named))  # one group per category


@pytest.mark.clause("4.1-4b")
def test_the_work_group_shows_the_queues_with_their_counts(app):
    from app.dashboard.queues import work_queues

    html = _page(app, "t_platform")
    work = _navbar(html).split('data-group="work"')[1].split('data-group="cases"')[0]
    shown = dict(QUEUE.findall(work))
    with app.test_request_context():
        user = app.appbuilder.sm.find_user(username="t_platform")
        expected = {queue.key: str(queue.count) for queue in work_queues(user)}
    assert shown == expected and "needs_overdue" in shown


def test_roles_without_queues_send_no_queue_statements(app):
    """An enterprise member without an organisation has no queues: the navbar counts nothing."""
    html = _page(app, "t_enterprise")
    assert "data-queue=" not in _navbar(html)


def test_the_dashboard_lists_pages_under_the_navbar_groups_in_their_order(app):
    html = _page(app, "t_admin")
    links = html.split('class="qi-links"')[1]
    headings = re.findall(r"<h3>([^<]+)</h3>", links)
    assert headings[:3] == ["Work", "Cases", "Network"]
    assert set(re.findall(r'<dd>.*?</dd>', links, re.S)) and 'href="/windows/manage/"' in links
    assert html.index('class="qi-queues"') < html.index('class="qi-links"')


@pytest.mark.parametrize("username", ["t_admin", "t_platform", "t_window", "t_institution", "t_enterprise"])
def test_the_queue_counts_cost_at_most_one_statement_per_queue(app, username):
    """The navbar counts on every page: one statement per queue at most, none for queues the role lacks."""
    import sqlalchemy as sa
    from flask import g

    from app.extensions import db
    from app.web.menu_groups import request_queues

    with app.test_request_context("/"):
        g.user = app.appbuilder.sm.find_user(username=username)
        from app.scoping import is_staff, user_organisation_id

        is_staff(g.user), user_organisation_id(g.user)  # the user's standing, loaded by every page anyway
        statements = []
        listen = lambda *args, **kwargs: statements.append(args[2])  # noqa: E731
        sa.event.listen(db.engine, "before_cursor_execute", listen)
        try:
            queues = request_queues()
            assert request_queues() is queues  # once per request
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", listen)
    assert len(statements) <= len(queues), statements
