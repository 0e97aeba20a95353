"""Every REST API of the core and the plugins (issue 10, findings 2 and 15): bad arguments are a 400
with a JSON message, never a 500, and ``/_info`` offers related rows of the user's own organisation
only."""
import json

import pytest
from flask_appbuilder import ModelRestApi

from app.accounts.models import OrganisationAttachment, Organisation
from app.accounts.uploads import CheckedFile, store
from app.extensions import db
from tests.accounts.helpers import PDF, make_org
from tests.conftest import login

BAD = {
    "path id of 2^63": "{base}/9223372036854775808",
    "path id far beyond 64 bits": "{base}/" + "9" * 40,
    "offset of 2^63": "{base}/?q=(page:92233720368547759,page_size:100)",
    "negative page": "{base}/?q=(page:-1,page_size:10)",
    "signed exponent": "{base}/?q=1e%2B5",
    "huge page in _info": "{base}/_info?q=(add_columns:(organisation:(page:92233720368547759,page_size:100)))",
    "filter value beyond 64 bits": "{base}/?q=(filters:!((col:id,opr:eq,value:99999999999999999999999)))",
}


def _bases(app):
    return sorted(api.route_base for api in app.appbuilder.baseviews if isinstance(api, ModelRestApi))


def _text(response) -> str:
    """The JSON body as text with its Chinese unescaped, to search it for names."""
    return json.dumps(response.get_json(), ensure_ascii=False)


def _token(client, username, password):
    return client.post("/api/v1/security/login", json={
        "username": username, "password": password, "provider": "db"}).get_json()["access_token"]


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_arguments_are_400_on_every_api(app, client, case):
    headers = {"Authorization": f"Bearer {_token(client, 't_admin', 'pw-admin-1')}"}
    bases = _bases(app)
    assert "/api/v1/organisation" in bases and "/api/v1/metrology_instrument" in bases  # core and plugins alike
    for base in bases:
        response = client.get(BAD[case].format(base=base), headers=headers)
        assert response.status_code in (400, 404), (base, response.status_code, response.data[:200])
        if response.status_code == 400:
            assert isinstance(response.get_json()["message"], (str, dict))


@pytest.mark.parametrize("method", ["put", "delete"])
def test_write_with_a_bad_path_id_is_400(client, method):
    headers = {"Authorization": f"Bearer {_token(client, 't_admin', 'pw-admin-1')}"}
    for pk in ("9223372036854775808", "abc", "0.5"):
        response = getattr(client, method)(f"/api/v1/organisation/{pk}", json={"name": "x"}, headers=headers)
        assert response.status_code in (400, 404, 405), (pk, response.status_code)
        assert response.status_code != 500


def test_info_offers_only_the_users_own_related_rows(app, client):
    """FAB fills related-field choices from the whole table; they are scoped like lists."""
    with app.app_context():
        _mine, me = make_org("enterprise", "信息接口本方企业")
        theirs, _other = make_org("enterprise", "信息接口他方企业")
        checked = CheckedFile("他方机密执照.pdf", "application/pdf", PDF)
        db.session.add(OrganisationAttachment(organisation=db.session.get(Organisation, theirs), purpose="business_licence",
                                              filename=checked.filename, stored_name=store(checked),
                                              content_type=checked.content_type, size=len(PDF), sha256=checked.sha256))
        db.session.commit()
    headers = {"Authorization": f"Bearer {_token(client, me, 'pw-member-123')}"}
    for base in ("/api/v1/organisation_attachment", "/api/v1/organisation", "/api/v1/testing_capability"):
        body = _text(client.get(f"{base}/_info", headers=headers))
        assert "信息接口他方企业" not in body and "他方机密执照" not in body, base
    own = client.get("/api/v1/organisation_attachment/_info", headers=headers).get_json()
    choices = {c["name"]: c for c in own["add_columns"]}["organisation"]
    assert choices["count"] == 1 and [c["value"] for c in choices["values"]] == ["信息接口本方企业"]
    admin = {"Authorization": f"Bearer {_token(client, 't_admin', 'pw-admin-1')}"}
    everything = client.get("/api/v1/organisation_attachment/_info", headers=admin).get_json()
    assert {c["name"]: c for c in everything["add_columns"]}["organisation"]["count"] >= 2  # staff see all


def test_spec_says_ids_are_integers_and_errors_are_messages(client):
    headers = {"Authorization": f"Bearer {_token(client, 't_admin', 'pw-admin-1')}"}
    spec = client.get("/api/v1/_openapi", headers=headers).get_json()
    for method in ("get", "put"):
        (pk,) = [p for p in spec["paths"]["/api/v1/organisation/{pk}"][method]["parameters"] if p["name"] == "pk"]
        assert pk["schema"]["type"] == "integer" and pk["schema"]["maximum"] == 2**63 - 1
    listing = spec["paths"]["/api/v1/organisation/"]["get"]["responses"]
    assert listing["200"]["content"]["application/json"]["schema"]["properties"]["ids"]["items"]["type"] == "integer"
    assert "message" in listing["400"]["content"]["application/json"]["schema"]["properties"]
    info = spec["paths"]["/api/v1/organisation/_info"]["get"]["responses"]["200"]
    assert info["content"]["application/json"]["schema"]["properties"]["add_columns"]["type"] == "array"


def test_datetimes_carry_their_time_zone(client):
    headers = {"Authorization": f"Bearer {_token(client, 't_admin', 'pw-admin-1')}"}
    rows = client.get("/api/v1/organisation_attachment/?q=(page_size:5)", headers=headers).get_json()["result"]
    stamps = [row["uploaded_on"] for row in rows if row.get("uploaded_on")]
    assert stamps and all(s.endswith("+00:00") for s in stamps), stamps
