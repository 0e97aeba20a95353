"""Certificate lookup and the compulsory-certification check (5.4)."""
import datetime as dt

import pytest

from app.extensions import db
from app.search.query import search
from plugins.certification.ccc import ccc_categories_for
from plugins.certification.models import Certificate


@pytest.fixture(scope="module", autouse=True)
def demo(app):
    app.test_cli_runner().invoke(args=["qi", "demo"])


@pytest.mark.clause("5.4")
def test_ccc_applies_to_catalogue_products_and_not_to_others(app, client):
    with app.app_context():
        assert [c.name_zh for c in ccc_categories_for(db.session, "充电宝")] == ["电子产品及安全附件"]
        assert "电动工具" in [c.name_zh for c in ccc_categories_for(db.session, "家用电动工具套装")]
        assert ccc_categories_for(db.session, "枸杞干果") == []
    yes = client.get("/certification/ccc?product=电焊机").get_data(as_text=True)
    assert 'data-ccc="yes"' in yes and "CNCA-C06-01" in yes and "/item/certification-regulation-consulting" in yes
    no = client.get("/certification/ccc?product=枸杞干果").get_data(as_text=True)
    assert 'data-ccc="no"' in no
    assert "请至少输入两个字" in client.get("/certification/ccc?product=灯").get_data(as_text=True)


def test_certificate_lookup_shows_status_and_expiry(app, client):
    page = client.get("/certification/lookup?number=00124Q31234R0M").get_data(as_text=True)
    assert 'data-status="valid"' in page and "宁夏红宝枸杞食品有限公司" in page
    assert 'data-status="withdrawn"' in client.get("/certification/lookup?number=126OP2300456").get_data(as_text=True)
    assert "未查到该编号的证书" in client.get("/certification/lookup?number=NOPE").get_data(as_text=True)
    with app.app_context():
        db.session.add(Certificate(number="OLD-1", holder="过期公司", scheme="CCC", scheme_type="product",
                                   body_name="中国质量认证中心", status="valid", expires_on=dt.date(2020, 1, 1)))
        db.session.commit()
    assert 'data-status="expired"' in client.get("/certification/lookup?number=old-1").get_data(as_text=True)


def test_certificates_in_search_and_links_on_the_category_page(app, client):
    with app.app_context():
        assert search(db.session, "红宝枸杞", kind="certification_certificate").total == 2
    assert "/certification/lookup" in client.get("/category/certification").get_data(as_text=True)


def test_english_pages(client):
    client.get("/lang/en")
    assert "Compulsory certification (CCC) applies." in client.get("/certification/ccc?product=插座").get_data(as_text=True)


CSV = """number,holder,scheme,scheme_type,body,status,issued_on,expires_on,scope
2025010901000001,宁夏朔方电脑有限公司,CCC,产品,中国质量认证中心,有效,2025-01-09,2030-01-08,笔记本电脑
00125Q30001R0S,吴忠黄河食品有限公司,ISO 9001,管理体系,宁夏塞上质量认证有限公司,暂停,2025-02-01,2028-01-31,食品生产
,无编号公司,CCC,产品,中国质量认证中心,有效,,,
X-2,某公司,CCC,奖状,中国质量认证中心,有效,,,
X-3,某公司,CCC,产品,中国质量认证中心,有效,2025-01-01,2024-01-01,
"""


def test_certificate_import_reports_refused_rows_and_is_idempotent(app, login_as):
    import io

    staff = login_as("t_platform")
    html = staff.post("/certification/certificates-import/", data={"file": (io.BytesIO(CSV.encode()), "certs.csv")},
                      content_type="multipart/form-data").get_data(as_text=True)
    assert "新增 2 条，更新 0 条，未变 0 条，拒收 3 条" in html
    assert "<td>4</td><td>number 列为空" in html and "<td>6</td><td>有效期早于发证日期" in html
    again = staff.post("/certification/certificates-import/", data={"file": (io.BytesIO(CSV.encode()), "certs.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "新增 0 条，更新 0 条，未变 2 条" in again
    assert 'data-status="suspended"' in app.test_client().get(
        "/certification/lookup?number=00125Q30001R0S").get_data(as_text=True)


def test_certification_bodies_by_scope_and_region(app, client):
    from app.accounts.models import Organisation
    from plugins.certification.models import CertificationBody
    from tests.accounts.helpers import make_org

    with app.app_context():
        org_id, _ = make_org("institution", "石嘴山合规认证中心", types="certification")
        db.session.get(Organisation, org_id).region_code = "640202"
        db.session.add(CertificationBody(organisation_id=org_id, approval_number="CNCA-R-2020-001",
                                         scope_types="service", valid_until=dt.date(2030, 1, 1)))
        pending_id, _ = make_org("institution", "未审核认证公司", types="certification", status="submitted")
        db.session.add(CertificationBody(organisation_id=pending_id, approval_number="CNCA-R-2020-002",
                                         scope_types="service"))
        db.session.commit()
    html = client.get("/certification/bodies/?type=service").get_data(as_text=True)
    assert "石嘴山合规认证中心" in html and "宁夏塞上质量认证有限公司" in html
    assert "未审核认证公司" not in html  # only approved organisations are public
    assert "石嘴山合规认证中心" not in client.get("/certification/bodies/?type=service&region=640100").get_data(as_text=True)
    assert "宁夏塞上质量认证有限公司" not in client.get("/certification/bodies/?region=640200").get_data(as_text=True)


def test_a_body_edits_only_its_own_approval(app):
    from plugins.certification.models import CertificationBody
    from tests.accounts.helpers import make_org
    from tests.conftest import login

    with app.app_context():
        mine_id, username = make_org("institution", "自有认证机构", types="certification")
        other = db.session.scalar(db.select(CertificationBody).where(CertificationBody.approval_number == "CNCA-R-2019-612"))
        db.session.add(CertificationBody(organisation_id=mine_id, approval_number="CNCA-R-2021-009", scope_types="product"))
        db.session.commit()
        other_id = other.id
    client = app.test_client()
    login(client, username, "pw-member-123")
    listing = client.get("/certification/certificationbodyview/list/").get_data(as_text=True)
    assert "CNCA-R-2021-009" in listing and "CNCA-R-2019-612" not in listing
    assert client.get(f"/certification/certificationbodyview/edit/{other_id}").status_code == 404
