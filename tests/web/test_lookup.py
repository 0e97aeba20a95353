"""Relation fields search as the user types: no page embeds a related table, however large it grows.

A relation field renders its first options only (``app.choices``) and the address of its lookup
(``app.web.lookup``), which answers the same scoped query page by page as the user types.
"""
from __future__ import annotations

import re

import pytest
from flask_appbuilder import ModelView

from app.accounts.models import Organisation
from app.choices import DEFAULT_LIMIT, LOOKUP_PAGE
from app.extensions import db
from app.testing.fixtures import add_users, login_client
from app.testing.pages import search_form_fields
from app.testing.orgs import MEMBER_PASSWORD, make_org, new_uscc

EXTRA = 45  # more organisations than a field renders and than one lookup page holds
SELECT = re.compile(r"<select[^>]*>(.*?)</select>", re.S)


@pytest.fixture(scope="module")
def crowded(make_app):
    """An app with many organisations (no members) and one enterprise with a member."""
    app = make_app()
    add_users(app)
    with app.app_context():
        db.session.add_all(Organisation(kind="institution", uscc=new_uscc(), name=f"远方检测所{n:03d}",
                                        legal_representative="张三", address="银川", region_code="640106",
                                        contact_person="李四", contact_phone="13800000000", status="approved")
                           for n in range(EXTRA))
        db.session.commit()
        own_id, member = make_org("enterprise", "近邻企业有限公司")
    return app, own_id, member


def test_no_form_of_any_view_renders_a_whole_related_table(crowded):
    """Every ModelView's list (search form) and add page, as the administrator and platform staff: no
    relation select offers more than the first options, and each names its lookup."""
    app, _own, _member = crowded
    clients = [login_client(app, "t_admin", "pw-admin-1"), login_client(app, "t_platform", "pw-platform-1")]
    opened = lookups = 0
    for view in [v for v in app.appbuilder.baseviews if isinstance(v, ModelView)]:
        for client, path in [(c, f"{view.route_base}/{p}") for c in clients for p in ("list/", "add")]:
            response = client.get(path)
            if response.status_code != 200:
                continue
            opened += 1
            page = response.get_data(as_text=True)
            html = page + "".join(search_form_fields(page).values()) if "new AdminFilters(" in page else page
            for select in re.finditer(r"<select([^>]*)>(.*?)</select>", html, re.S):
                if "qi-lookup" in select.group(1):
                    lookups += 1
                    assert 'data-lookup="/lookup/' in select.group(1), (path, select.group(1))
                    assert select.group(2).count("<option") <= DEFAULT_LIMIT + 1, path
    assert opened > 20 and lookups > 10


def test_the_change_request_search_names_first_organisations_and_finds_the_rest(crowded):
    app, _own, _member = crowded
    staff = login_client(app, "t_platform", "pw-platform-1")
    field = search_form_fields(staff.get("/changerequestview/list/").get_data(as_text=True))["organisation"]
    assert field.count("<option value=") <= DEFAULT_LIMIT
    assert "远方检测所044" not in field
    address = re.search(r'data-lookup="([^"]+)"', field).group(1)
    found = staff.get(address, query_string={"q": "检测所044"}).get_json()
    assert [r["text"] for r in found["results"]] == ["远方检测所044"]
    first = staff.get(address, query_string={"q": "远方"}).get_json()
    assert len(first["results"]) == LOOKUP_PAGE and first["pagination"]["more"] is True
    rest = staff.get(address, query_string={"q": "远方", "page": 3}).get_json()
    assert len(rest["results"]) == EXTRA - 2 * LOOKUP_PAGE and rest["pagination"]["more"] is False
    # A list filtered by a row past the first options still names it in its search form.
    chosen = found["results"][0]["id"]
    page = staff.get(f"/changerequestview/list/?_flt_0_organisation={chosen}")
    assert page.status_code == 200
    assert f'<option value="{chosen}"' in search_form_fields(page.get_data(as_text=True))["organisation"]


def _search_labels(page: str) -> dict:
    """The column labels FAB's search widget hands its script."""
    import json

    rest = page[page.index("new AdminFilters("):]
    return json.JSONDecoder().raw_decode(rest[rest.index("{"):])[0]


def test_a_search_form_kept_for_a_view_carries_no_filter_and_follows_the_language(crowded):
    """The search widget's parts are kept per view and language (app.web.search_widget): a row one
    user filtered on never shows in another's form, nor in the same user's next unfiltered page, and
    the labels and filter names are the reader's language."""
    app, _own, member = crowded
    staff = login_client(app, "t_platform", "pw-platform-1")
    address = re.search(r'data-lookup="([^"]+)"', search_form_fields(
        staff.get("/changerequestview/list/").get_data(as_text=True))["organisation"]).group(1)
    chosen = staff.get(address, query_string={"q": "检测所044"}).get_json()["results"][0]["id"]
    option = f'<option value="{chosen}"'
    # FAB reads the second as filter 1 of a column "2_organisation" and ignores it; the field shows the row.
    for query in (f"_flt_0_organisation={chosen}", f"_flt_12_organisation={chosen}"):
        filtered = staff.get(f"/changerequestview/list/?{query}").get_data(as_text=True)
        assert option in search_form_fields(filtered)["organisation"], query
        plain = staff.get("/changerequestview/list/").get_data(as_text=True)
        assert option not in search_form_fields(plain)["organisation"]
        enterprise = login_client(app, member, MEMBER_PASSWORD).get("/changerequestview/list/").get_data(as_text=True)
        assert option not in search_form_fields(enterprise)["organisation"]
    chinese = staff.get("/changerequestview/list/?_l_=zh").get_data(as_text=True)
    english = staff.get("/changerequestview/list/?_l_=en").get_data(as_text=True)
    assert _search_labels(chinese)["organisation"] != _search_labels(english)["organisation"]
    assert _search_labels(english)["organisation"] == "Organisation"
    assert "Starts with" in english.split("new AdminFilters(", 1)[1] and "Starts with" not in chinese.split("new AdminFilters(", 1)[1]


def test_an_enterprise_looks_up_only_its_own_organisation(crowded):
    app, own_id, member = crowded
    client = login_client(app, member, MEMBER_PASSWORD)
    page = client.get("/changerequestview/list/")
    assert page.status_code == 200
    address = re.search(r'data-lookup="([^"]+)"', search_form_fields(page.get_data(as_text=True))["organisation"]).group(1)
    answer = client.get(address).get_json()
    assert [r["id"] for r in answer["results"]] == [str(own_id)]
    assert client.get(address, query_string={"q": "远方"}).get_json()["results"] == []


@pytest.mark.parametrize("query", [{"page": "0"}, {"page": "abc"}, {"page": "-1"}, {"q": "x" * 101}])
def test_bad_lookup_arguments_are_refused_with_400(crowded, query):
    app, _own, _member = crowded
    staff = login_client(app, "t_platform", "pw-platform-1")
    response = staff.get("/lookup/ChangeRequestView/search/organisation", query_string=query)
    assert response.status_code == 400


def test_unknown_views_fields_and_forms_are_not_found(crowded):
    app, _own, _member = crowded
    staff = login_client(app, "t_platform", "pw-platform-1")
    for path in ("/lookup/NoSuchView/search/organisation", "/lookup/ChangeRequestView/search/nothing",
                 "/lookup/ChangeRequestView/delete/organisation", "/lookup/ChangeRequestView/search/new_name"):
        assert staff.get(path).status_code == 404, path


def test_a_role_without_the_view_gets_nothing(crowded):
    app, _own, _member = crowded
    anonymous = app.test_client()
    response = anonymous.get("/lookup/ChangeRequestView/search/organisation")
    assert response.status_code in (302, 401, 403)
    assert b"\xe8\xbf\x9c\xe6\x96\xb9" not in response.data  # 远方
    # Read access to a list does not open the lookup of its add form.
    staff = login_client(app, "t_window", "pw-window-1")
    assert staff.get("/lookup/ChangeRequestView/add/organisation").status_code in (403, 404)
