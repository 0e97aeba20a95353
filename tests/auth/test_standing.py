"""One check of the acting user's standing on every request, session or token (app.auth.standing):
pending applicants act only on their own application; rejection and deregistration take access away
at once, on the web and on the API (findings 4 and 5 of issue 10)."""
import pytest

from app.accounts import workflow
from app.accounts.models import SUBMITTED, Organisation
from app.extensions import db
from tests.accounts.helpers import make_org
from tests.auth.helpers import bearer, login, signed_in, token_pair

OWN_APPLICATION = ["/account/organisation/", "/messageview/list/", "/dashboard/"]
MEMBERS_ONLY = ["/organisationview/list/", "/metrology/ledger/", "/metrology/instrumentview/list/", "/ip/ipofferview/list/"]


@pytest.fixture
def applicant(app):
    with app.app_context():
        org_id, username = make_org("enterprise", "待审核申请企业", status=SUBMITTED)
    return org_id, username


def _decide(app, org_id, decision, **kwargs):
    with app.app_context():
        org = db.session.get(Organisation, org_id)
        getattr(workflow, decision)(db.session, org, "t_platform", **kwargs)
        db.session.commit()


@pytest.mark.clause("4.1-4d")
def test_pending_applicant_acts_only_on_their_own_application(app, applicant):
    client = app.test_client()
    assert login(client, applicant[1], "pw-member-123").status_code == 302
    for path in OWN_APPLICATION:
        assert client.get(path).status_code == 200, path
    for path in MEMBERS_ONLY:
        assert client.get(path).status_code == 403, path
    status, tokens = token_pair(client, applicant[1])
    assert status == 200
    api = client.get("/api/v1/metrology_instrument/", headers=bearer(tokens["access_token"]))
    assert api.status_code in (401, 403)


def test_approval_gives_the_role_in_the_same_session(app, applicant):
    client = app.test_client()
    login(client, applicant[1], "pw-member-123")
    assert client.get("/metrology/ledger/").status_code == 403
    _decide(app, applicant[0], "approve")
    assert client.get("/metrology/ledger/").status_code == 200


@pytest.mark.clause("4.1-6")
def test_rejection_ends_sessions_and_tokens_at_once(app, applicant):
    client = app.test_client()
    login(client, applicant[1], "pw-member-123")
    status, tokens = token_pair(client, applicant[1])
    assert status == 200 and signed_in(client)
    _decide(app, applicant[0], "reject", reason="材料不实")
    assert not signed_in(client)
    assert client.get("/api/v1/security/refresh", headers=bearer(tokens["refresh_token"])).status_code in (401, 405)
    assert client.post("/api/v1/security/refresh", headers=bearer(tokens["refresh_token"])).status_code == 401
    assert client.get("/api/v1/organisation/", headers=bearer(tokens["access_token"])).status_code == 401
    # signing in again is refused, with the reason, in the reader's language
    response = login(client, applicant[1], "pw-member-123")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "未通过审核" in page and "材料不实" in page
    assert token_pair(client, applicant[1])[0] == 401


@pytest.mark.clause("4.1-6")
def test_deregistered_users_old_and_new_tokens_are_refused(app):
    with app.app_context():
        org_id, username = make_org("institution", "注销测试检测所", types="testing")
    client = app.test_client()
    status, tokens = token_pair(client, username)
    assert status == 200
    assert client.get("/api/v1/organisation/", headers=bearer(tokens["access_token"])).status_code == 200
    with app.app_context():
        workflow.deregister(db.session, db.session.get(Organisation, org_id), "t_platform", "资质被撤销", by_staff=True)
        db.session.commit()
    assert client.get("/api/v1/organisation/", headers=bearer(tokens["access_token"])).status_code == 401
    assert client.post("/api/v1/security/refresh", headers=bearer(tokens["refresh_token"])).status_code == 401
    assert token_pair(client, username)[0] == 401
    response = login(client, username, "pw-member-123")
    assert "已注销" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_disabled_account_loses_its_session(app):
    with app.app_context():
        _org, username = make_org("enterprise", "停用账号测试企业")
    client = app.test_client()
    login(client, username, "pw-member-123")
    assert signed_in(client)
    with app.app_context():
        user = app.appbuilder.sm.find_user(username=username)
        user.active = False
        db.session.commit()
    assert not signed_in(client)


def _loaded_by_id(app, username):
    """(the user as a signed-in request loads it, its id, roles, groups and standing, the statements
    sent), from a cold session."""
    from app.auth import standing
    from app.testing.sql import counting

    with app.app_context():
        user_id = app.appbuilder.sm.find_user(username=username).id
        db.session.expunge_all()
    with app.test_request_context("/"), counting(app) as sent:
        loaded = app.appbuilder.sm._standing_user(str(user_id))  # load_user, before its session check
        roles, groups = [role.name for role in loaded.roles], list(loaded.groups)
        found = standing.standing_of(user_id)
    return loaded, user_id, roles, groups, found, sent


def test_a_signed_in_request_loads_the_user_roles_groups_and_standing_in_one_statement(app, applicant):
    """Every signed-in request pays this (issue 16): one statement, and the standing, roles and groups
    are then known without another."""
    org_id, username = applicant
    loaded, _user_id, roles, groups, found, sent = _loaded_by_id(app, username)
    assert loaded.username == username and roles and groups == []
    assert (found.organisation_id, found.applicant) == (org_id, True)
    assert len(sent) == 1, [s for s, _ in sent]


def test_the_users_statement_reads_only_that_users_rows(app, applicant):
    """The roles and groups come through flat joins on the user's id: a nested join made SQLite
    build the whole user-role table on every request (19 ms with 100,000 users)."""
    _org_id, username = applicant
    statement, parameters = _loaded_by_id(app, username)[-1][0]
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's query plan")
        plan = " | ".join(row[3] for row in db.session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, parameters).all())
    assert "MATERIALIZE" not in plan and "SCAN" not in plan, plan
    assert "ab_user_role" in plan and "ab_user_group" in plan
