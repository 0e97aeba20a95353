"""An institution lists itself as an IP agency or certification body only when approved as one
(issue 10, finding 16); platform staff may list any institution."""
import sqlalchemy as sa

from app.extensions import db
from plugins.certification.models import CertificationBody
from plugins.ip.models import IpAgency
from tests.accounts.helpers import make_org
from tests.conftest import login

PASSWORD = "pw-member-123"


def _signed_in(app, username):
    client = app.test_client()
    assert login(client, username, PASSWORD).status_code == 302
    return client


def _count(app, model, org_id) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(model.organisation_id == org_id))


def test_an_institution_of_other_types_cannot_list_itself_as_agency_or_body(app):
    with app.app_context():
        org_id, username = make_org("institution", "仅检测服务类型测试所", types="testing")
    client = _signed_in(app, username)
    agency = client.post("/ip/ipagencyview/add", data={"organisation": str(org_id), "agency_code": "T1",
                                                    "services": "patent"})
    body = client.post("/certification/certificationbodyview/add", data={"organisation": str(org_id),
                                                           "approval_number": "CNCA-R-T1", "scope_types": "product"})
    for response, kind in ((agency, "知识产权代理"), (body, "认证")):
        assert response.status_code == 200 and "贵单位未获批准为" in response.get_data(as_text=True), kind
    assert _count(app, IpAgency, org_id) == 0 and _count(app, CertificationBody, org_id) == 0


def test_an_institution_approved_for_the_type_can_and_staff_can_for_any(app, login_as):
    with app.app_context():
        own_id, username = make_org("institution", "代理认证类型测试所", types="ip_agency,certification")
        other_id, _ = make_org("institution", "员工代填类型测试所", types="testing")
    client = _signed_in(app, username)
    assert client.post("/ip/ipagencyview/add", data={"organisation": str(own_id), "agency_code": "T2",
                                                  "services": "patent"}).status_code == 302
    assert client.post("/certification/certificationbodyview/add", data={
        "organisation": str(own_id), "approval_number": "CNCA-R-T2", "scope_types": "product"}).status_code == 302
    staff = login_as("t_platform")
    assert staff.post("/ip/ipagencyview/add", data={"organisation": str(other_id), "agency_code": "T3",
                                                 "services": "patent"}).status_code == 302
    assert _count(app, IpAgency, own_id) == 1 and _count(app, CertificationBody, own_id) == 1
    assert _count(app, IpAgency, other_id) == 1
