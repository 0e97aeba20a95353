"""Query of legal metrology institutions' verification capabilities (5.2 (1), 6.2-2)."""
import io

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.search.query import search
from plugins.metrology.models import MetrologyCapability
from tests.accounts.helpers import make_org
from tests.conftest import login


@pytest.fixture(scope="module", autouse=True)
def demo(app):
    app.test_cli_runner().invoke(args=["qi", "demo"])


@pytest.mark.clause("5.2")
def test_query_by_instrument_type_method_and_region(client):
    page = client.get("/metrology/capabilities?instrument=精密压力表").get_data(as_text=True)
    assert "(宁)法计(2022)01001号" in page and "宁夏计量质量检验检测研究院" in page  # 压力表 covers 精密压力表
    assert "(宁)法计(2022)01002号" not in page
    assert "CNAS L1123" in client.get("/metrology/capabilities?instrument=温湿&method=calibration").get_data(as_text=True)
    assert "CNAS L1123" not in client.get("/metrology/capabilities?instrument=温湿&method=verification").get_data(as_text=True)
    assert "01001号" not in client.get("/metrology/capabilities?instrument=压力表&region=6402").get_data(as_text=True)
    assert "01001号" in client.get("/metrology/capabilities?instrument=压力表&region=64").get_data(as_text=True)


@pytest.mark.clause("6.2-2")
def test_capabilities_are_found_by_the_unified_search_and_linked_from_the_category(app, client):
    with app.app_context():
        result = search(db.session, "电子汽车衡", kind="metrology_capability")
        assert result.total == 1
    assert "/metrology/capabilities" in client.get("/category/metrology").get_data(as_text=True)


def test_english_page(client):
    client.get("/lang/en")
    page = client.get("/metrology/capabilities?instrument=压力表").get_data(as_text=True)
    assert "Verification capabilities of metrology institutions" in page and "Verification" in page


def test_api_lists_capabilities_and_is_in_the_openapi_spec(client, login_as):
    data = client.get("/api/v1/metrology_capability/?q=(filters:!((col:instrument_type,opr:eq,value:'压力表')))").json
    assert data["count"] >= 1 and data["result"][0]["organisation"]["name"] == "宁夏计量质量检验检测研究院"
    spec = login_as("t_admin").get("/api/v1/_openapi").json
    assert "/api/v1/metrology_capability/" in spec["paths"] and "/api/v1/metrology_instrument/" in spec["paths"]


def test_an_institution_keeps_only_its_own_capabilities(app):
    with app.app_context():
        mine, user = make_org("institution", "能力维护测试计量所", types="metrology")
        other, _ = make_org("institution", "能力他人测试计量所", types="metrology")
        db.session.add(MetrologyCapability(organisation_id=other, instrument_type="出租汽车计价器", method="verification",
                                           authorisation_number="OTHER-1"))
        db.session.commit()
        other_cap = db.session.scalar(sa.select(MetrologyCapability.id).where(
            MetrologyCapability.authorisation_number == "OTHER-1"))
    client = app.test_client()
    login(client, user, "pw-member-123")
    form = client.get("/metrology/metrologycapabilityview/add").get_data(as_text=True)
    # A member of one institution is offered no organisation at all (issue 15): the row is its own.
    assert 'name="organisation"' not in form and "能力他人测试计量所" not in form
    client.post("/metrology/metrologycapabilityview/add", data={"organisation": str(mine), "instrument_type": "燃油加油机",
                                             "method": "verification", "authorisation_number": "MINE-1"})
    with app.app_context():
        assert db.session.scalar(sa.select(MetrologyCapability.organisation_id).where(
            MetrologyCapability.authorisation_number == "MINE-1")) == mine
    assert "OTHER-1" not in client.get("/metrology/metrologycapabilityview/list/").get_data(as_text=True)
    assert client.get(f"/metrology/metrologycapabilityview/edit/{other_cap}").status_code == 404


def test_staff_import_capabilities_with_a_refused_row_report(app, login_as):
    with app.app_context():
        org_id, _ = make_org("institution", "导入能力测试计量所", types="metrology")
        from app.accounts.models import Organisation

        uscc = db.session.get(Organisation, org_id).uscc
    csv = (f"uscc,instrument_type,method,measuring_range,accuracy,authorisation_number,valid_until\n"
           f"{uscc},血压计,检定,(0～300) mmHg,±3 mmHg,(宁)法计(2023)02001号,2027-06-30\n"
           f"{uscc},血压计,校准,(0～300) mmHg,U=0.5 mmHg,CNAS L2001,2027-06-30\n"
           f"91640000000000000X,血压计,检定,,,(宁)法计X,\n")
    client = login_as("t_platform")
    for expected in ("新增 2 条", "新增 0 条，更新 0 条，未变 2 条"):
        page = client.post("/metrology/capabilities-import/", data={"file": (io.BytesIO(csv.encode()), "c.csv")},
                           content_type="multipart/form-data").get_data(as_text=True)
        assert expected in page and "没有统一社会信用代码为 91640000000000000X 的机构" in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MetrologyCapability).where(
            MetrologyCapability.organisation_id == org_id)) == 2


def test_a_long_answer_comes_in_pages_of_fifty_that_keep_the_query(app, client):
    """Every public query page of the plugins pages its rows the same way (app.kit.page_of)."""
    import re

    with app.app_context():
        org_id, _user = make_org("institution", "分页计量测试所", types="metrology")
        db.session.add_all(MetrologyCapability(organisation_id=org_id, instrument_type=f"分页衡器{n:03d}",
                                               authorisation_number=f"(宁)法计(2026)9{n:04d}号") for n in range(60))
        db.session.commit()
    numbers = re.compile(r"\(宁\)法计\(2026\)9(\d{4})号")
    first = client.get("/metrology/capabilities?instrument=分页衡器").get_data(as_text=True)
    assert len(set(numbers.findall(first))) == 50 and "分页衡器000" in first
    link = re.search(r'<li class="next"><a href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert "instrument=" in link and "page=2" in link
    second = client.get(link).get_data(as_text=True)
    assert len(set(numbers.findall(second))) == 10 and not set(numbers.findall(first)) & set(numbers.findall(second))
    assert 'class="previous"' in second and 'class="next"' not in second
    for bad in ("0", "-3", "x", "99999999999999"):
        assert client.get(f"/metrology/capabilities?instrument=分页衡器&page={bad}").status_code == 200
