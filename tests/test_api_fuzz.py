"""The REST API fuzzed from its own OpenAPI spec (schemathesis), as an administrator and as an
enterprise user: no operation answers 5xx, and nothing the enterprise receives names a row of
another organisation (issue 10, findings 2 and 15).

Bounded: a fixed, derandomized number of generated cases (positive and negative) per operation, on
a database of its own per role (the administrator's run edits rows).
"""
import datetime as dt
import json

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
# The pytest integration (schemathesis.pytest.from_fixture) does not run under pytest 9; the same
# builder it uses makes one bounded Hypothesis test per operation here.
from schemathesis.generation.hypothesis.builder import HypothesisTestConfig, HypothesisTestMode, create_test

from app.accounts import workflow
from app.accounts.models import Organisation, OrganisationAttachment
from app.accounts.uploads import CheckedFile, store
from app.extensions import db
from plugins.metrology.models import Instrument
from tests.accounts.helpers import PDF, make_org

PASSWORD = "pw-member-123"
# Everything of the other enterprise a response could carry: its name, its member, its files, its rows.
FOREIGN = {"name": "异域外来企业有限公司", "member": "异域外来", "file": "异域执照.pdf", "address": "异域新址",
           "serial": "SN-异域"}


def _world(app) -> dict:
    """Two enterprises: the one signed in and a foreign one with a member, a file, a change and a ledger row."""
    with app.app_context():
        _mine, me = make_org("enterprise", "本方企业有限公司")
        foreign_id, _other = make_org("enterprise", FOREIGN["name"])
        admin_org, admin = make_org("institution", "平台管理员所在机构", types="testing", role="Admin")
        foreign = db.session.get(Organisation, foreign_id)
        checked = CheckedFile(FOREIGN["file"], "application/pdf", PDF)
        db.session.add(OrganisationAttachment(organisation=foreign, purpose="business_licence",
                                              filename=checked.filename, stored_name=store(checked),
                                              content_type=checked.content_type, size=len(PDF),
                                              sha256=checked.sha256))
        workflow.submit_change(db.session, foreign, _other, dt.date.today(), new_address=FOREIGN["address"])
        db.session.add(Instrument(organisation_id=foreign_id, name="压力表", serial_number=FOREIGN["serial"],
                                  cycle_months=6))
        db.session.commit()
    return {"Admin": admin, "Enterprise": me}


# Generated cases per operation, derandomized (the same cases every run): about 10 s per role. The
# boundary cases schemathesis's coverage phase adds took 30 s per role; tests/test_rest_safety.py asks
# the ones that broke the API (64-bit ids and offsets, signed exponents) of every API directly.
EXAMPLES = 8
MODES = [HypothesisTestMode.FUZZING]


def _body_text(response) -> str:
    """The body with JSON's escaped Chinese decoded, to search it for names."""
    try:
        return json.dumps(response.json(), ensure_ascii=False)
    except ValueError:
        return response.text


@pytest.mark.parametrize("role", ["Admin", "Enterprise"])
def test_no_5xx_and_no_foreign_rows(make_app, role):
    app = make_app()
    users = _world(app)
    client = app.test_client()
    tokens = {name: client.post("/api/v1/security/login", json={
        "username": username, "password": PASSWORD, "provider": "db"}).get_json()["access_token"]
        for name, username in users.items()}
    headers = {"Authorization": f"Bearer {tokens[role]}"}
    # the spec is the administrator's to read; the enterprise is fuzzed with it all the same
    spec = client.get("/api/v1/_openapi", headers={"Authorization": f"Bearer {tokens['Admin']}"}).get_json()
    schema = schemathesis.openapi.from_dict(spec)
    schema.app = app
    problems = []

    def check(case):
        response = case.call(headers=headers)
        if response.status_code >= 500:
            problems.append((response.status_code, case.as_curl_command(), response.text[:200]))
        elif role == "Enterprise":
            leaked = [value for value in FOREIGN.values() if value in _body_text(response)]
            if leaked:
                problems.append(("leak", case.as_curl_command(), leaked))

    config = HypothesisTestConfig(
        project=schema.config, modes=MODES,
        settings=settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                          suppress_health_check=list(HealthCheck)))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30  # core and plugin APIs, login and refresh
    for operation in operations:
        create_test(operation=operation, test_func=check, config=config)()
    assert not problems, problems[:10]
