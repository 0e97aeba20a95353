"""Test reports: public verification by number and code (4.1-3), importers, scoping, search, API."""
import datetime as dt
import io

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.search.query import search
from plugins.testing.models import TestingCapability, TestReport
from tests.accounts.helpers import make_org
from tests.conftest import login


@pytest.fixture(scope="module", autouse=True)
def demo(app):
    app.test_cli_runner().invoke(args=["qi", "demo"])


@pytest.mark.clause("4.1-3")
def test_a_report_is_verified_by_number_and_code_and_a_wrong_code_reveals_nothing(client):
    ok = client.get("/testing/verify?number=njz2026-sp-01234&code=k7m3q9tx").get_data(as_text=True)
    assert 'data-verified="yes"' in ok and "宁夏红宝枸杞食品有限公司" in ok and "符合" in ok
    wrong = client.get("/testing/verify?number=NJZ2026-SP-01234&code=AAAAAAAA").get_data(as_text=True)
    assert 'data-verified="no"' in wrong and "宁夏红宝枸杞食品有限公司" not in wrong and "枸杞（特优级）" not in wrong
    assert "请同时填写报告编号和验证码" in client.get("/testing/verify?number=NJZ2026-SP-01234").get_data(as_text=True)
    assert 'data-verified="no"' in client.get("/testing/verify?number=SZS2026-DL-00088&code=K7M3Q9TX").get_data(as_text=True)


def test_an_institution_issues_reports_with_generated_codes_and_sees_only_its_own(app):
    with app.app_context():
        mine, user = make_org("institution", "报告测试检验所", types="testing")
        other, other_user = make_org("institution", "报告他人检验所", types="testing")
    client = app.test_client()
    login(client, user, "pw-member-123")
    response = client.post("/testing/testreportview/add", data={
        "organisation": str(mine), "number": "bg 2026-001", "verification_code": "", "product": "矿泉水",
        "issued_on": dt.date.today().isoformat(), "conclusion": "pass"})
    assert response.status_code == 302
    with app.app_context():
        report = db.session.scalar(sa.select(TestReport).where(TestReport.number == "BG2026-001"))
        assert report.organisation_id == mine and len(report.verification_code) == 8
        code, pk = report.verification_code, report.id
    assert 'data-verified="yes"' in client.get(f"/testing/verify?number=BG2026-001&code={code}").get_data(as_text=True)
    stranger = app.test_client()
    login(stranger, other_user, "pw-member-123")
    assert "BG2026-001" not in stranger.get("/testing/testreportview/list/").get_data(as_text=True)
    assert stranger.get(f"/testing/testreportview/show/{pk}").status_code == 404


def test_cma_numbers_are_checked_with_a_translated_message(app):
    with app.app_context():
        mine, user = make_org("institution", "资质测试检验所", types="testing")
    client = app.test_client()
    login(client, user, "pw-member-123")
    page = client.post("/testing/testingprofileview/add", data={"organisation": str(mine), "cma_number": "CMA-12",
                                                       "cnas_number": "L12"}).get_data(as_text=True)
    assert "资质认定证书编号为 12 位数字" in page and "CNAS L1234" in page


REPORTS_CSV = """number,uscc,product,client,issued_on,conclusion,verification_code,summary
DR-2026-1,{uscc},纯净水,某饮品公司,2026-05-01,合格,ABCD2345,
DR-2026-2,{uscc},矿泉水,某饮品公司,2026-05-02,不合格,,菌落总数超标
DR-2026-3,{uscc},矿泉水,,2026-05-02,及格,,
DR-2026-4,91640000000000000X,矿泉水,,2026-05-02,合格,,
"""


def test_staff_import_reports_and_capabilities_with_refused_rows_and_idempotent_reimport(app, login_as):
    with app.app_context():
        org_id, _ = make_org("institution", "导入报告测试检验所", types="testing")
        from app.accounts.models import Organisation

        uscc = db.session.get(Organisation, org_id).uscc
    client = login_as("t_platform")
    data = REPORTS_CSV.format(uscc=uscc).encode()
    first = client.post("/testing/reports-import/", data={"file": (io.BytesIO(data), "r.csv")},
                        content_type="multipart/form-data").get_data(as_text=True)
    assert "新增 2 条" in first and "未知的结论 及格" in first and "没有统一社会信用代码为 91640000000000000X 的机构" in first
    with app.app_context():
        generated = db.session.scalar(sa.select(TestReport.verification_code).where(TestReport.number == "DR-2026-2"))
    again = client.post("/testing/reports-import/", data={"file": (io.BytesIO(data), "r.csv")},
                        content_type="multipart/form-data").get_data(as_text=True)
    assert "新增 0 条，更新 0 条，未变 2 条" in again
    with app.app_context():  # the generated code survives the re-import
        assert db.session.scalar(sa.select(TestReport.verification_code).where(TestReport.number == "DR-2026-2")) == generated
    caps = f"uscc,product,parameter,method_standard,limits\n{uscc},瓶装水,溴酸盐,GB 8538-2022,\n{uscc},瓶装水,,GB 8538-2022,\n"
    for expected in ("新增 1 条", "新增 0 条，更新 0 条，未变 1 条"):
        page = client.post("/testing/capabilities-import/", data={"file": (io.BytesIO(caps.encode()), "c.csv")},
                           content_type="multipart/form-data").get_data(as_text=True)
        assert expected in page and "parameter 列为空" in page
    with app.app_context():
        capability = db.session.scalar(sa.select(TestingCapability).where(TestingCapability.parameter == "溴酸盐"))
        assert capability.organisation_id == org_id and capability.product_key == "瓶装水"


@pytest.mark.clause("6.2-2")
def test_capabilities_in_the_unified_search_api_and_category_page(app, client, login_as):
    with app.app_context():
        assert search(db.session, "枸杞多糖", kind="testing_capability").total >= 1
    data = client.get("/api/v1/testing_capability/?q=(filters:!((col:parameter,opr:eq,value:'导体电阻')))").json
    assert data["count"] == 1 and data["result"][0]["organisation"]["name"] == "石嘴山市产品质量检验检测中心"
    assert "/testing/match" in client.get("/category/testing").get_data(as_text=True)
    spec = login_as("t_admin").get("/api/v1/_openapi").json
    assert "/api/v1/testing_capability/" in spec["paths"] and "/api/v1/testing_match/" in spec["paths"]


def test_english_pages(client):
    client.get("/lang/en")
    page = client.get("/testing/verify?number=NJZ2026-SP-01234&code=K7M3Q9TX").get_data(as_text=True)
    assert "Verify a test report" in page and "Conforms" in page


@pytest.mark.clause("4.1-6")
@pytest.mark.parametrize("status", ["approved", "submitted"])
def test_an_institution_cannot_rewrite_another_institutions_report_through_the_import(app, status):
    """Issue 10, finding 1: the staff import matched rows of every organisation and shared its
    permission with the institutions' own report view; an institution, approved or freshly
    registered, changed another's conclusion and code and public verification confirmed it."""
    number = f"VICTIM-{status[0].upper()}001"
    with app.app_context():
        victim, _ = make_org("institution", f"被篡改报告检验所{status}", types="testing")
        attacker, attacker_user = make_org("institution", f"篡改者检验所{status}", types="testing", status=status)
        from app.accounts.models import Organisation

        victim_uscc = db.session.get(Organisation, victim).uscc
        db.session.add(TestReport(number=number, organisation_id=victim, product="桶装水",
                                  issued_on=dt.date.today(), conclusion="fail", verification_code="ORIGINAL"))
        db.session.commit()
    client = app.test_client()
    assert login(client, attacker_user, "pw-member-123").status_code == 302
    forged = (f"number,uscc,product,client,issued_on,conclusion,verification_code,summary\n"
              f"{number},{victim_uscc},桶装水,,2026-01-01,合格,FORGED12,\n").encode()
    response = client.post("/testing/reports-import/", data={"file": (io.BytesIO(forged), "r.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 403
    with app.app_context():
        report = db.session.scalar(sa.select(TestReport).where(TestReport.number == number))
        assert (report.organisation_id, report.conclusion, report.verification_code) == (victim, "fail", "ORIGINAL")
    verified = client.get(f"/testing/verify?number={number}&code=FORGED12").get_data(as_text=True)
    assert 'data-verified="no"' in verified
