"""Isolation matrix: a user never reaches another organisation's rows, by any way in (4.1-4d, 4.1-6).

Two organisations of each kind, each with a member, an attachment, a change request, events and
messages, and one row of every other scoped model (``app.testing.samples``). The matrix is built
from what is registered: every ``ScopedModelView`` and ``ScopedModelRestApi`` of the app, the core's
and every loaded plugin's (an installed outside plugin's too). For every one of them and every
non-staff role, the other organisations' rows are absent from lists and exports, and 404 (or 403)
when asked for by id: show, edit, delete, REST get, put, delete, and file download.
"""
import datetime as dt
import json

import pytest
import sqlalchemy as sa
from flask_appbuilder import ModelView

from app.accounts import workflow
from app.accounts.models import ChangeRequest, Organisation, OrganisationAttachment, UserProfile
from app.accounts.uploads import CheckedFile, store
from app.crud import ScopedModelRestApi, ScopedModelView
from app.extensions import db
from app.notify.models import Message
from app.notify.send import notify
from app.testing.pages import search_form_fields
from app.testing.samples import sample_row
from tests.accounts.helpers import PDF, make_org
from tests.conftest import OUTSIDE_PLUGIN_NAME, login

ORGS = [("enterprise", "甲企业隔离测试有限公司"), ("enterprise", "乙企业隔离测试有限公司"),
        ("institution", "丙检测隔离测试中心"), ("institution", "丁计量隔离测试所"),
        ("resource", "戊高校隔离测试实验室"), ("resource", "己政府隔离测试站")]
PASSWORD = "pw-member-123"
# Core models whose rows the world makes itself (files, workflow, notifications); every other
# scoped model gets a sample row.
CORE_ROWS = {Organisation: "org", OrganisationAttachment: "attachment", ChangeRequest: "change",
             UserProfile: "profile", Message: "message"}


def scoped_views(app) -> list:
    """Every registered scoped view and API: the matrix's rows."""
    return [v for v in app.appbuilder.baseviews if isinstance(v, (ScopedModelView, ScopedModelRestApi))]


def scoped_models(app) -> list:
    return list(dict.fromkeys(v.datamodel.obj for v in scoped_views(app)))


@pytest.fixture(scope="module")
def world(app):
    """{name: {"org": id, "user": username, "attachment": id, ..., Model: id of its row}}"""
    out = {}
    with app.app_context():
        for n, (kind, name) in enumerate(ORGS, start=1):
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
            db.session.commit()
            rows = {"org": org_id, "user": username, "attachment": attachment.id, "change": change.id,
                    "message": db.session.scalar(sa.select(Message.id).where(Message.user_id == user.id)),
                    "profile": db.session.scalar(sa.select(UserProfile.id).where(UserProfile.user_id == user.id))}
            for model, key in CORE_ROWS.items():
                rows[model] = rows[key]
            samples = {model: sample_row(db.session, model, org_id, user.id, name, n)
                       for model in scoped_models(app) if model not in CORE_ROWS}
            db.session.add_all(samples.values())
            db.session.commit()
            rows.update({model: row.id for model, row in samples.items()})
            out[name] = rows
    return out


def test_every_scoped_view_is_in_the_matrix(app, world):
    """Every registered scoped view and API has a row of its model for each organisation."""
    views = scoped_views(app)
    assert {"OrganisationView", "OrganisationApi", "MessageView"} <= {type(v).__name__ for v in views}
    for view in views:
        assert all(view.datamodel.obj in world[name] for _, name in ORGS), type(view).__name__


def test_matrix_covers_an_outside_plugins_scoped_view(app, world, request):
    """With the sample outside plugin installed, its scoped view is in the matrix without a line here."""
    if not request.config.getoption("--with-outside-plugin"):
        pytest.skip("runs with --with-outside-plugin (make test)")
    assert app.extensions["qi_plugins"].records[OUTSIDE_PLUGIN_NAME].status == "loaded"
    assert "RefmatMaterialView" in {type(v).__name__ for v in scoped_views(app)}


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
    views = scoped_views(app)
    for view in (v for v in views if isinstance(v, ScopedModelView)):
        model = view.datamodel.obj
        base = view.route_base
        listing = client.get(f"{base}/list/?psize_{view.__class__.__name__.lower()}=100")
        export = client.get(f"{base}/export/")
        for response in (listing, export):
            if response.status_code == 200:
                body = response.get_data(as_text=True)
                assert not any(other in body for other in others), (base, response.request.path)
        for other in others:
            pk = world[other][model]
            for path in (f"{base}/show/{pk}", f"{base}/edit/{pk}"):
                assert client.get(path).status_code in (403, 404), path
            assert client.post(f"{base}/delete/{pk}").status_code in (403, 404, 405), base
    token = client.post("/api/v1/security/login", json={
        "username": world[me]["user"], "password": PASSWORD, "provider": "db"}).get_json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    for api in (v for v in views if isinstance(v, ScopedModelRestApi)):
        resource, model = api.resource_name, api.datamodel.obj
        listing = client.get(f"/api/v1/{resource}/?q=(page_size:100)", headers=headers)
        assert listing.status_code in (200, 403), resource  # 403: the role has no access to it at all
        if listing.status_code == 200:  # names come \u-escaped in JSON: compare the rows' ids
            assert not set(listing.get_json()["ids"]) & {world[other][model] for other in others}, resource
        for other in others:
            pk = world[other][model]
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
    token = client.post("/api/v1/security/login", json={
        "username": world[me]["user"], "password": PASSWORD, "provider": "db"}).get_json()["access_token"]
    listing = client.get("/api/v1/organisation/", headers={"Authorization": f"Bearer {token}"})
    assert listing.status_code == 200 and listing.get_json()["ids"] == [world[me]["org"]]


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
        base, model = view.route_base, view.datamodel.obj
        paths = [f"{base}/list/", f"{base}/add"]
        if me in world and model in world[me]:
            paths.append(f"{base}/edit/{world[me][model]}")
        for path in paths:
            response = client.get(path)
            if response.status_code != 200:
                continue
            opened += 1
            assert not _leaks(response.get_data(as_text=True), needles), (path, _leaks(response.get_data(as_text=True), needles))
    assert opened >= 3  # the test reached pages with forms at all


def test_staff_drop_downs_are_bounded_but_any_row_can_be_chosen(app, world, login_as):
    """No page embeds a whole table: a relation drop-down of a form renders at most
    QI_RELATED_CHOICES_LIMIT rows, a search form none; a row past the limit can still be chosen by its id."""
    staff = login_as("t_platform")
    app.config["QI_RELATED_CHOICES_LIMIT"] = 1
    try:
        fields = search_form_fields(staff.get("/changerequestview/list/").get_data(as_text=True))
        # A search form names no rows until the user types (app.web.lookup); forms name at most the limit.
        assert fields["organisation"].count("<option value=\"") == 0
        assert fields["attachments"].count("<option value=\"") == 0
        add_page = staff.get("/testing/testingcapabilityview/add").get_data(as_text=True)
        assert len(_leaks(add_page, [name for _, name in ORGS])) <= 1
        last = world["丁计量隔离测试所"]["org"]
        response = staff.post("/testing/testingcapabilityview/add", data={
            "organisation": str(last), "product": "界限外样品", "parameter": "水分",
            "method_standard": "GB 5009.3-2016"})
        assert response.status_code == 302
    finally:
        app.config.pop("QI_RELATED_CHOICES_LIMIT")
    from plugins.testing.models import TestingCapability

    with app.app_context():
        made = db.session.scalar(sa.select(TestingCapability).where(TestingCapability.product == "界限外样品"))
        assert made is not None and made.organisation_id == last


# -- window staff: the window scope (issue 13) ----------------------------------------------------------

def _window_models(app) -> list:
    """Scoped models of registered views whose rows belong to a window (``__scope__["window"]``)."""
    from app.windows.models import ServiceWindow

    return [m for m in scoped_models(app) if (m.__scope__ or {}).get("window") and m is not ServiceWindow]


@pytest.fixture(scope="module")
def window_world(app, world):
    """Two windows, each worked by its own window staff member; every window-scoped model's row of the
    first enterprise is at window A, the second's at window B, the others at no window."""
    from app.testing.fixtures import add_users
    from app.testing.windows import make_window

    add_users(app, {"w_iso_a": ("WindowStaff", PASSWORD), "w_iso_b": ("WindowStaff", PASSWORD)})
    first, second = ORGS[0][1], ORGS[1][1]
    with app.app_context():
        a = make_window("park", "隔离甲窗口", code="iso-a", staff=("w_iso_a",))
        b = make_window("park", "隔离乙窗口", code="iso-b", staff=("w_iso_b",))
        for model in _window_models(app):
            column = getattr(model, model.__scope__["window"])
            for name, window in ((first, a), (second, b)):
                db.session.execute(sa.update(model).where(model.id == world[name][model]).values({column: window}))
        db.session.commit()
    return {"w_iso_a": (first, second), "w_iso_b": (second, first)}


@pytest.mark.clause("4.1-4d")
@pytest.mark.clause("4.1-6")
@pytest.mark.parametrize("me", ["w_iso_a", "w_iso_b"])
def test_window_staff_reach_only_their_windows_rows(app, world, window_world, me):
    """A window staff member of window A sees A's rows of every window-scoped view and API, and never
    window B's rows nor rows at no window: lists, exports, show, edit, delete and the REST API."""
    mine, theirs = window_world[me]
    others = [name for name in world if name != mine]
    client = _client(app, me)
    models = _window_models(app)
    assert models, "no registered view has window-scoped rows"
    views = [v for v in scoped_views(app) if v.datamodel.obj in models]
    for view in (v for v in views if isinstance(v, ScopedModelView)):
        model, base = view.datamodel.obj, view.route_base
        listing = client.get(f"{base}/list/?psize_{view.__class__.__name__}=100")
        export = client.get(f"{base}/export/")
        for response in (listing, export):
            if response.status_code == 200:
                body = response.get_data(as_text=True)
                assert mine in body, (base, response.request.path)
                assert not any(other in body for other in others), (base, response.request.path)
        for other in others:
            pk = world[other][model]
            for path in (f"{base}/show/{pk}", f"{base}/edit/{pk}"):
                assert client.get(path).status_code in (403, 404), path
            assert client.post(f"{base}/delete/{pk}").status_code in (403, 404, 405), base
    token = client.post("/api/v1/security/login", json={
        "username": me, "password": PASSWORD, "provider": "db"}).get_json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    for api in (v for v in views if isinstance(v, ScopedModelRestApi)):
        resource, model = api.resource_name, api.datamodel.obj
        listing = client.get(f"/api/v1/{resource}/?q=(page_size:100)", headers=headers)
        if listing.status_code == 200:
            assert not set(listing.get_json()["ids"]) & {world[other][model] for other in others}, resource
        for other in others:
            assert client.get(f"/api/v1/{resource}/{world[other][model]}", headers=headers).status_code in (403, 404)
