"""Links are shown only to roles that may open them, by FAB's own permission check (``may_open``,
app/web/link_access.py). Issue 15 found window staff and institutions linked to the enterprise
ledger, window staff to IP navigation and the board's add form, institutions to booking, and the
administrator to "Registration status", a 404 without an organisation."""
import pytest

from app.testing.fixtures import login_client
from app.testing.orgs import MEMBER_PASSWORD


def _may_open(app, username, *endpoints, sign_in=False):
    """``may_open`` of each endpoint for ``username`` (None: anonymous), inside a request."""
    from flask import g
    from flask_login import login_user

    from app.web.link_access import may_open

    with app.test_request_context("/"):
        if username:
            user = app.appbuilder.sm.find_user(username=username)
            login_user(user)
            g.user = user
        return [may_open(endpoint, sign_in=sign_in) for endpoint in endpoints]


def test_may_open_follows_the_role_table(app):
    endpoints = ("LedgerView.index", "NavigationView.index", "IpOfferView.add", "AppointmentBookingView.week")
    assert _may_open(app, "t_window", *endpoints) == [False, False, False, True]
    assert _may_open(app, "t_institution", *endpoints) == [False, True, True, False]  # IP agencies are institutions
    assert _may_open(app, "t_enterprise", *endpoints) == [True, True, True, True]
    assert _may_open(app, "t_admin", *endpoints) == [True, True, True, True]
    assert _may_open(app, None, *endpoints) == [False, False, False, False]
    assert _may_open(app, None, "AppointmentBookingView.week", sign_in=True) == [True]  # "sign in to book"
    assert _may_open(app, "t_institution", "AppointmentBookingView.week", sign_in=True) == [False]
    assert _may_open(app, "t_admin", "NoSuchView.index", "SearchView.index") == [False, True]


def test_may_open_url_decides_for_addresses_kept_as_text(app):
    from flask import g
    from flask_login import login_user

    from app.web.link_access import may_open_url

    with app.test_request_context("/"):
        user = app.appbuilder.sm.find_user(username="t_window")
        login_user(user)
        g.user = user
        assert may_open_url("/metrology/ledger/") is False
        assert may_open_url("/search/?q=x") is True
        assert may_open_url("https://www.samr.gov.cn/") is True  # another site: not ours to decide
        assert may_open_url("/no/such/page") is True  # its own 404 page says what it is


@pytest.mark.clause("4.1-4b")
def test_the_admin_is_not_shown_registration_status_but_a_member_is(app, admin_client, org_factory):
    assert 'href="/account/organisation/"' not in admin_client.get("/dashboard/").get_data(as_text=True)
    _org, member = org_factory("enterprise", "链接测试企业有限公司")
    page = login_client(app, member, MEMBER_PASSWORD).get("/dashboard/").get_data(as_text=True)
    assert 'href="/account/organisation/"' in page


@pytest.mark.clause("4.1-4b")
def test_window_staff_see_no_links_to_the_ledger_ip_navigation_or_the_board_form(window_staff_client,
                                                                                enterprise_client):
    staff_pages = [window_staff_client.get(p).get_data(as_text=True)
                   for p in ("/metrology/capabilities", "/ip/board", "/ip/search")]
    assert not any('href="/metrology/ledger/"' in p for p in staff_pages)
    assert not any('href="/ip/navigation/"' in p for p in staff_pages)
    assert not any('href="/ip/ipofferview/add"' in p for p in staff_pages)
    enterprise_board = enterprise_client.get("/ip/board").get_data(as_text=True)
    assert 'href="/ip/ipofferview/add"' in enterprise_board and 'href="/ip/navigation/"' in enterprise_board
    assert 'href="/metrology/ledger/"' in enterprise_client.get("/metrology/capabilities").get_data(as_text=True)


@pytest.mark.clause("4.1-4b")
def test_booking_is_offered_to_enterprises_and_visitors_not_to_institutions(
        window_factory, institution_client, enterprise_client, anonymous_client):
    from app.extensions import db
    from app.windows.models import ServiceWindow

    window_id = window_factory("park", "链接测试窗口")
    with enterprise_client.application.app_context():
        code = db.session.get(ServiceWindow, window_id).code
    booking = f'href="/appointments/book/{code}"'
    assert booking not in institution_client.get(f"/windows/{code}").get_data(as_text=True)
    assert booking in enterprise_client.get(f"/windows/{code}").get_data(as_text=True)
    assert booking in anonymous_client.get(f"/windows/{code}").get_data(as_text=True)  # invited to sign in


def test_a_menu_category_with_nothing_to_open_is_not_shown(app):
    """The navbar filter hides a category whose every entry is hidden (``menu_item_visible``)."""
    from types import SimpleNamespace

    from flask import g
    from flask_login import login_user

    from app.web.link_access import menu_item_visible

    with app.test_request_context("/"):
        user = app.appbuilder.sm.find_user(username="t_admin")
        login_user(user)
        g.user = user
        mine = app.appbuilder.menu.find("MyOrganisationView")
        assert mine is not None and menu_item_visible(mine) is False
        lonely = SimpleNamespace(name="Personal", childs=[mine], href="", baseview=None)
        assert menu_item_visible(lonely) is False
