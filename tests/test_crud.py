"""The base views of app.crud: each request's own list state (finding 13) and add forms that make
one record however often they are sent (finding 14)."""
import csv
import io
import re
import threading

import sqlalchemy as sa
from flask_appbuilder.urltools import get_filter_args

from app.crud import QiModelView
from app.extensions import db
from app.form_tokens import FormToken
from plugins.ip.models import IpOffer
from tests.accounts.helpers import make_org
from tests.conftest import login

PASSWORD = "pw-member-123"
TOKEN = re.compile(r'name="qi_form_token"[^>]*value="([0-9a-f]{32})"|value="([0-9a-f]{32})"[^>]*name="qi_form_token"')


def _names(response) -> list[str]:
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    return [row[0] for row in rows[1:]]


def test_interleaved_exports_each_use_their_own_filter(app, login_as_factory):
    """Finding 13: FAB keeps list filters on the shared view instance; an export applied the filter
    another user had set last instead of its own."""
    with app.app_context():
        make_org("enterprise", "导出甲过滤测试有限公司")
        make_org("enterprise", "导出乙过滤测试有限公司")
    first, second = login_as_factory(app, "PlatformStaff"), login_as_factory(app, "Admin")
    only_a, only_b = "?_flt_0_name=导出甲过滤", "?_flt_0_name=导出乙过滤"
    assert first.get(f"/organisationview/list/{only_a}").status_code == 200
    exported_b = _names(second.get(f"/organisationview/export/{only_b}"))
    exported_a = _names(first.get(f"/organisationview/export/{only_a}"))
    assert exported_b == ["导出乙过滤测试有限公司"]
    assert exported_a == ["导出甲过滤测试有限公司"]
    everything = _names(second.get("/organisationview/export/"))
    assert {"导出甲过滤测试有限公司", "导出乙过滤测试有限公司"} <= set(everything)


def test_export_follows_its_own_order_and_refuses_an_unknown_one(app, login_as_factory):
    staff = login_as_factory(app, "PlatformStaff")
    both = "?_flt_0_name=导出"
    ascending = _names(staff.get(f"/organisationview/export/{both}&_oc_OrganisationView=name&_od_OrganisationView=asc"))
    descending = _names(staff.get(f"/organisationview/export/{both}&_oc_OrganisationView=name&_od_OrganisationView=desc"))
    assert len(ascending) >= 2 and ascending == sorted(ascending) and descending == ascending[::-1]
    assert staff.get("/organisationview/export/?_oc_OrganisationView=password&_od_OrganisationView=asc").status_code == 400


def test_list_filters_live_in_the_request_not_on_the_view(app):
    """The list page's filters are built per request: one request's filter is not seen by another."""
    view = next(v for v in app.appbuilder.baseviews if type(v).__name__ == "OrganisationView")
    with app.test_request_context("/organisationview/list/?_flt_0_name=甲"):
        get_filter_args(view._filters)
        assert view._filters.get_filter_value("name") == ["甲"]
        with app.test_request_context("/organisationview/list/"):
            assert view._filters.get_filter_value("name") is None
        assert view._filters.get_filter_value("name") == ["甲"]


def test_api_filters_live_in_the_request_not_on_the_api(app):
    """The REST API's Rison filters too: FAB keeps them on the API instance every request shares."""
    api = next(v for v in app.appbuilder.baseviews if type(v).__name__ == "OrganisationApi")
    with app.test_request_context("/api/v1/organisation/"):
        api._filters.rest_add_filters([{"col": "name", "opr": "ct", "value": "甲"}])
        assert len(api._filters.values) == 1
        with app.test_request_context("/api/v1/organisation/"):
            assert len(api._filters.values) == 0
        assert len(api._filters.values) == 1


def test_every_add_form_carries_a_one_use_token(app, login_as):
    admin = login_as("t_admin")
    checked = 0
    for view in app.appbuilder.baseviews:
        if isinstance(view, QiModelView):
            response = admin.get(f"{view.route_base}/add")
            if response.status_code == 200:
                assert TOKEN.search(response.get_data(as_text=True)), view.route_base
                checked += 1
    assert checked >= 5


def _offer(token: str, org_id: int, title: str) -> dict:
    return {"qi_form_token": token, "organisation": str(org_id), "kind": "license", "title": title,
            "contact_name": "王五", "contact_phone": "13800000000"}


def test_ten_concurrent_posts_of_one_add_form_make_one_row(app):
    """Finding 14: the same add form sent ten times at once (own client and thread each) makes one
    record; every post ends on the record made, none on an error."""
    with app.app_context():
        org_id, username = make_org("enterprise", "重复提交测试有限公司")
    clients = []
    for _ in range(10):
        client = app.test_client()
        assert login(client, username, PASSWORD).status_code == 302
        clients.append(client)
    match = TOKEN.search(clients[0].get("/ip/ipofferview/add").get_data(as_text=True))
    token = match.group(1) or match.group(2)
    barrier, responses, errors = threading.Barrier(len(clients), timeout=60), [], []

    def send(client):
        try:
            barrier.wait()
            responses.append(client.post("/ip/ipofferview/add", data=_offer(token, org_id, "并发专利许可")))
        except Exception as exc:  # reported below: a thread's failure must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not errors and len(responses) == 10
    assert all(r.status_code == 302 for r in responses), [r.status_code for r in responses]
    with app.app_context():
        made = db.session.scalars(sa.select(IpOffer).where(IpOffer.title == "并发专利许可")).all()
        assert len(made) == 1
    again = clients[1].post("/ip/ipofferview/add", data=_offer(token, org_id, "并发专利许可"))
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/ip/ipofferview/show/{made[0].id}")
    assert "已提交过" in clients[1].get(again.headers["Location"]).get_data(as_text=True)


def test_a_new_form_makes_a_new_row_and_a_refused_form_keeps_its_token(app):
    with app.app_context():
        org_id, username = make_org("enterprise", "再次提交测试有限公司")
    client = app.test_client()
    assert login(client, username, PASSWORD).status_code == 302
    tokens = []
    for _ in range(2):
        match = TOKEN.search(client.get("/ip/ipofferview/add").get_data(as_text=True))
        tokens.append(match.group(1) or match.group(2))
    assert tokens[0] != tokens[1]
    refused = client.post("/ip/ipofferview/add", data={**_offer(tokens[0], org_id, "两次许可"), "contact_name": ""})
    assert refused.status_code == 200 and tokens[0] in refused.get_data(as_text=True)  # same form, still unused
    for token in tokens:
        assert client.post("/ip/ipofferview/add", data=_offer(token, org_id, "两次许可")).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(IpOffer).where(IpOffer.title == "两次许可")) == 2
        assert db.session.scalar(sa.select(sa.func.count()).select_from(FormToken).where(
            FormToken.token.in_(tokens))) == 2
