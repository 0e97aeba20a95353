"""After a save the user is back on the list they came from, and never sent to another site."""
import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.testing.fixtures import login
from tests.accounts.helpers import make_org


def _where(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    parts = urlsplit(response.headers["Location"])
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="module")
def firm(app):
    with app.app_context():
        return make_org("enterprise", "返回列表测试有限公司")


def _member(app, firm):
    client = app.test_client()
    assert login(client, firm[1], "pw-member-123").status_code == 302
    return client


def _instrument(serial: str) -> dict:
    return {"name": "压力表", "serial_number": serial, "method": "verification", "cycle_months": "12",
            "last_date": dt.date.today().isoformat(), "state": "in_use"}


@pytest.mark.clause("4.1-4b")
def test_adding_an_instrument_from_the_ledger_returns_to_that_ledger_list(app, firm):
    client = _member(app, firm)
    ledger = client.get("/metrology/ledger/?show=due").get_data(as_text=True)
    add = re.search(r'href="(/metrology/instrumentview/add\?next=[^"]+)"', ledger).group(1).replace("&amp;", "&")
    assert client.get(add).status_code == 200
    assert _where(client.post(add, data=_instrument("RET-1"))) == "/metrology/ledger/?show=due"


@pytest.mark.clause("4.1-4b")
def test_adding_and_editing_without_a_return_address_land_on_the_list_not_the_home_page(app, firm):
    client = _member(app, firm)
    client.get("/metrology/ledger/")
    assert _where(client.post("/metrology/instrumentview/add", data=_instrument("RET-2"))) == "/metrology/ledger/"
    with app.app_context():
        from plugins.metrology.models import Instrument

        pk = db.session.scalar(sa.select(Instrument.id).where(Instrument.serial_number == "RET-2"))
    edited = client.post(f"/metrology/instrumentview/edit/{pk}", data={**_instrument("RET-2"), "location": "二车间"})
    assert _where(edited) == "/metrology/ledger/"


@pytest.mark.clause("4.1-4b")
def test_a_core_list_keeps_its_page_and_filters_after_add_and_edit(app, admin_client):
    listed = "/answertemplateview/list/?_oc_AnswerTemplateView=title&_od_AnswerTemplateView=asc"
    assert admin_client.get(listed).status_code == 200
    assert admin_client.get("/answertemplateview/add").status_code == 200
    added = admin_client.post("/answertemplateview/add", data={"title": "返回测试模板", "body": "正文"})
    assert _where(added) == listed
    with app.app_context():
        from app.catalog.models import AnswerTemplate

        pk = db.session.scalar(sa.select(AnswerTemplate.id).where(AnswerTemplate.title == "返回测试模板"))
    admin_client.get(listed)
    edited = admin_client.post(f"/answertemplateview/edit/{pk}", data={"title": "返回测试模板", "body": "改过的正文"})
    assert _where(edited) == listed


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
                                    "http://localhost.evil.example/"])
def test_a_return_address_on_another_site_is_ignored(app, firm, target):
    client = _member(app, firm)
    response = client.post("/metrology/instrumentview/add", query_string={"next": target},
                           data=_instrument(f"RET-X{abs(hash(target)) % 10000}"))
    assert _where(response) == "/metrology/ledger/"


def test_the_instrument_list_is_the_ledger(app, firm):
    client = _member(app, firm)
    response = client.get("/metrology/instrumentview/list/")
    assert _where(response) == "/metrology/ledger/"
    html = client.get("/metrology/ledger/").get_data(as_text=True)
    assert "/metrology/instrumentview/show/" in html  # each instrument opens from the ledger
