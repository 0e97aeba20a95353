"""Isolation matrix: a user never reaches another organisation's rows, by any way in (4.1-4d, 4.1-6).

Two organisations of each kind, each with a member, an attachment, a change request, events and
messages. For every scoped view and API and every non-staff role, the other organisations' rows are
absent from lists and exports, and 404 (or 403) when asked for by id: show, edit, delete, REST get,
put, delete, and file download.
"""
import datetime as dt
import json

import pytest
import sqlalchemy as sa
from flask_appbuilder import ModelView

from app.accounts import workflow
from app.accounts.models import Organisation, OrganisationAttachment, UserProfile
from app.accounts.uploads import CheckedFile, store
from app.crud import ScopedModelView
from app.extensions import db
from app.notify.models import Message
from app.notify.send import notify
from plugins.certification.models import CertificationBody
from plugins.ip.models import IpAgency, IpOffer
from plugins.metrology.models import Instrument, MetrologyCapability
from plugins.testing.models import TestingCapability, TestingInstitution, TestReport
from tests.accounts.helpers import PDF, make_org
from tests.conftest import login

ORGS = [("enterprise", "甲企业隔离测试有限公司"), ("enterprise", "乙企业隔离测试有限公司"),
        ("institution", "丙检测隔离测试中心"), ("institution", "丁计量隔离测试所"),
        ("resource", "戊高校隔离测试实验室"), ("resource", "己政府隔离测试站")]
PASSWORD = "pw-member-123"


@pytest.fixture(scope="module")
def world(app):
    """{name: {"org": id, "user": username, "attachment": id, "change": id, "message": id, "profile": id}}"""
    out = {}
    with app.app_context():
        for kind, name in ORGS:
            org_id, username = make_org(kind, name, types="testing" if kind != "enterprise" else "")
            org = db.session.get(Organisation, org_id)
            checked = CheckedFile(f"{name}-执照.pdf", "application/pdf", PDF)
            attachment = OrganisationAttachment(organisation=org, purpose="business_licence", filename=checked.filename,
                                                stored_name=store(checked), content_type=checked.content_type,
                                                size=len(PDF), sha256=checked.sha256)
            db.session.add(attachment)
            change = workflow.submit_change(db.session, org, username, dt.date.today(), new_address=f"{name}新址")
            user = app.appbuilder.sm.find_user(username=username)
            notify(db.session, [user], f"{name}的私信")
            # a plugin's scoped record too: the certification plugin's approval record
            body = CertificationBody(organisation_id=org_id, approval_number=f"CNCA-R-{name}", scope_types="product")
            db.session.add(body)
            instrument = Instrument(organisation_id=org_id, name="压力表", serial_number=f"SN-{name}", cycle_months=6)
            capability = MetrologyCapability(organisation_id=org_id, instrument_type=f"{name}压力表",
                                             authorisation_number=f"AUTH-{name}")
            profile = TestingInstitution(organisation_id=org_id, cma_number=f"{org_id:012d}")
            testing = TestingCapability(organisation_id=org_id, product=f"{name}样品", parameter="水分")
            report = TestReport(number=f"R-{name}", organisation_id=org_id, product=f"{name}样品",
                                issued_on=dt.date.today())
            agency = IpAgency(organisation_id=org_id, agency_code=f"A-{name}")
            offer = IpOffer(organisation_id=org_id, title=f"{name}的专利许可", contact_name="甲", contact_phone="1")
            db.session.add_all([instrument, capability, profile, testing, report, agency, offer])
            db.session.commit()
            out[name] = {"org": org_id, "user": username, "attachment": attachment.id, "change": change.id,
                         "message": db.session.scalar(sa.select(Message.id).where(Message.user_id == user.id)),
                         "profile": db.session.scalar(sa.select(UserProfile.id).where(UserProfile.user_id == user.id)),
                         "body": body.id, "instrument": instrument.id, "capability": capability.id,
                         "testing_profile": profile.id, "testing": testing.id, "report": report.id,
                         "agency": agency.id, "offer": offer.id}
    return out


ROWS = {"OrganisationView": "org", "OrganisationAttachmentView": "attachment", "ChangeRequestView": "change",
        "UserProfileView": "profile", "MessageView": "message", "CertificationBodyView": "body",
        "InstrumentView": "instrument", "MetrologyCapabilityView": "capability",
        "TestingProfileView": "testing_profile", "TestingCapabilityView": "testing", "TestReportView": "report",
        "IpAgencyView": "agency", "IpOfferView": "offer"}
APIS = {"organisation": "org", "organisation_attachment": "attachment", "instrument": "instrument"}
ROLE_LIMITED_APIS = {"instrument"}  # enterprises' ledgers: other roles have no access at all


def test_every_scoped_view_is_in_the_matrix(app):
    scoped = {type(v).__name__ for v in app.appbuilder.baseviews if isinstance(v, ScopedModelView)}
    assert scoped <= set(ROWS) | {"DummyScopedView"}, scoped - set(ROWS)


def _client(app, username):
    client = app.test_client()
    assert login(client, username, PASSWORD).status_code == 302
    return client


@pytest.mark.clause("4.1-4d")
@pytest.mark.clause("4.1-6")
@pytest.mark.parametrize("me", [name for _, name in ORGS])
def test_nobody_reaches_another_organisations_rows(app, world, me):
    client = _client(app, world[me]["user"])
    others = [name for name in world if name != me]
    for view in (v for v in app.appbuilder.baseviews if type(v).__name__ in ROWS):
        key = ROWS[type(view).__name__]
        base = view.route_base
        listing = client.get(f"{base}/list/?psize_{view.__class__.__name__.lower()}=100")
        export = client.get(f"{base}/export/")
        for response in (listing, export):
            if response.status_code == 200:
                body = response.get_data(as_text=True)
                assert not any(other in body for other in others), (base, response.request.path)
        for other in others:
            pk = world[other][key]
            for path in (f"{base}/show/{pk}", f"{base}/edit/{pk}"):
                assert client.get(path).status_code in (403, 404), path
            assert client.post(f"{base}/delete/{pk}").status_code in (403, 404, 405), base
    for resource, key in APIS.items():
        token = client.post("/api/v1/security/login", json={
            "username": world[me]["user"], "password": PASSWORD, "provider": "db"}).get_json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        listing = client.get(f"/api/v1/{resource}/?q=(page_size:100)", headers=headers)
        assert listing.status_code == 200 or (listing.status_code == 403 and resource in ROLE_LIMITED_APIS)
        assert not any(other in listing.get_data(as_text=True) for other in others)
        for other in others:
            pk = world[other][key]
            assert client.get(f"/api/v1/{resource}/{pk}", headers=headers).status_code in (403, 404)
            assert client.put(f"/api/v1/{resource}/{pk}", json={"name": "x"}, headers=headers).status_code in (403, 404, 405)
            assert client.delete(f"/api/v1/{resource}/{pk}", headers=headers).status_code in (403, 404, 405)
    for other in others:
        assert client.get(f"/files/{world[other]['attachment']}").status_code == 404


@pytest.mark.parametrize("me", ["甲企业隔离测试有限公司", "丙检测隔离测试中心"])
def test_everyone_still_reaches_their_own_rows(app, world, me):
    client = _client(app, world[me]["user"])
    assert me in client.get("/organisationview/list/").get_data(as_text=True)
    assert client.get(f"/organisationview/show/{world[me]['org']}").status_code == 200
    assert me in client.get("/organisationview/export/").get_data(as_text=True)
    download = client.get(f"/files/{world[me]['attachment']}")
    assert download.status_code == 200 and download.data == PDF
    assert f"{me}的私信" in client.get("/messageview/list/").get_data(as_text=True)


def test_staff_see_every_organisation_and_window_staff_none(app, world, login_as):
    staff = login_as("t_platform")
    listing = staff.get("/organisationview/list/?psize_organisationview=100").get_data(as_text=True)
    assert all(name in listing for _, name in ORGS)
    assert staff.get(f"/files/{world['乙企业隔离测试有限公司']['attachment']}").status_code == 200
    staff.post("/logout/")
    window = login_as("t_window")
    assert window.get("/organisationview/list/").status_code == 403
    assert window.get(f"/files/{world['乙企业隔离测试有限公司']['attachment']}").status_code == 403


def test_anonymous_reaches_nothing(app, world):
    client = app.test_client()
    assert client.get(f"/files/{world['甲企业隔离测试有限公司']['attachment']}").status_code == 302
    assert client.get("/api/v1/organisation/").status_code == 401


def _leaks(body: str, needles) -> list[str]:
    """The needles found in a page, also where FAB's search widget JSON-escapes them (\\uXXXX)."""
    return [n for n in needles if n in body or json.dumps(n)[1:-1] in body]


def _search_form_fields(page: str) -> dict[str, str]:
    """The HTML of each search-form field, as FAB's search widget hands it to its script."""
    decoder, rest = json.JSONDecoder(), page[page.index("new AdminFilters("):]
    rest = rest[rest.index("{"):]
    _labels, end = decoder.raw_decode(rest)
    rest = rest[end:]
    return decoder.raw_decode(rest[rest.index("{"):])[0]


def _model_views(app):
    return [v for v in app.appbuilder.baseviews if isinstance(v, ModelView)]


@pytest.mark.parametrize("me", [name for _, name in ORGS] + ["t_window"])
def test_no_drop_down_offers_another_organisation_or_user(app, world, me):
    """Finding 2: the search form, add form and edit form of every list view, opened by each
    non-staff role, name no other organisation and no other user (FAB's search widget used to embed
    every organisation and every user account in its drop-downs)."""
    if me == "t_window":
        client, others = app.test_client(), list(world)
        assert login(client, "t_window").status_code == 302
    else:
        client, others = _client(app, world[me]["user"]), [name for name in world if name != me]
    needles = others + [name[:4] for name in others] + [world[name]["user"] for name in others]
    opened = 0
    for view in _model_views(app):
        base, key = view.route_base, ROWS.get(type(view).__name__)
        paths = [f"{base}/list/", f"{base}/add"]
        if key and me in world:
            paths.append(f"{base}/edit/{world[me][key]}")
        for path in paths:
            response = client.get(path)
            if response.status_code != 200:
                continue
            opened += 1
            assert not _leaks(response.get_data(as_text=True), needles), (path, _leaks(response.get_data(as_text=True), needles))
    assert opened >= 3  # the test reached pages with forms at all


def test_staff_drop_downs_are_bounded_but_any_row_can_be_chosen(app, world, login_as):
    """No page embeds a whole table: a relation drop-down renders at most QI_RELATED_CHOICES_LIMIT
    rows; a row past the limit can still be chosen by its id."""
    staff = login_as("t_platform")
    app.config["QI_RELATED_CHOICES_LIMIT"] = 1
    try:
        fields = _search_form_fields(staff.get("/changerequestview/list/").get_data(as_text=True))
        assert 1 <= fields["organisation"].count("<option value=\"") <= 1
        assert 1 <= fields["attachments"].count("<option value=\"") <= 1
        add_page = staff.get("/testingcapabilityview/add").get_data(as_text=True)
        assert len(_leaks(add_page, [name for _, name in ORGS])) <= 1
        last = world["丁计量隔离测试所"]["org"]
        response = staff.post("/testingcapabilityview/add", data={
            "organisation": str(last), "product": "界限外样品", "parameter": "水分",
            "method_standard": "GB 5009.3-2016"})
        assert response.status_code == 302
    finally:
        app.config.pop("QI_RELATED_CHOICES_LIMIT")
    with app.app_context():
        made = db.session.scalar(sa.select(TestingCapability).where(TestingCapability.product == "界限外样品"))
        assert made is not None and made.organisation_id == last
