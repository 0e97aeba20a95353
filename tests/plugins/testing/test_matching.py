"""Matching a product's testing needs to institutions (5.3 (2)) and the capability query (5.3 (1))."""
import datetime as dt

import pytest
import sqlalchemy as sa

from app.accounts.models import Organisation
from app.extensions import db
from plugins.testing.matching import match_institutions, parameters_of
from plugins.testing.models import TestingCapability, TestingInstitution, match_key
from tests.accounts.helpers import make_org
from tests.evaluations.helpers import add_evaluations

PRODUCT = "匹配测试饮料"


@pytest.fixture(scope="module")
def labs(app):
    """Five labs for one product: {name: organisation id}."""
    specs = [  # name, region, platform, satisfaction (evaluations all rated this), parameters, CMA valid until
        ("甲匹配检测所", "640105", False, 9, ["糖度", "酸度", "pH值", "色度"], None),
        ("乙匹配检测所", "640202", True, 8, ["糖度", "酸度"], None),
        ("丙匹配检测所", "640104", False, 7, ["糖度", "酸度", "pH值", "色度"], None),
        ("丁匹配检测所", "110105", False, None, ["糖度", "酸度", "pH值", "色度", "浊度"], None),
        ("戊匹配检测所", "640105", True, 10, ["糖度"], None),  # lacks 酸度
        ("己匹配检测所", "640105", True, 10, ["糖度", "酸度"], dt.date(2020, 1, 1)),  # CMA expired
    ]
    out = {}
    with app.app_context():
        for n, (name, region, member, score, parameters, until) in enumerate(specs):
            org_id, _ = make_org("institution", name, types="testing")
            db.session.get(Organisation, org_id).region_code = region
            db.session.add(TestingInstitution(organisation_id=org_id, cma_number=f"2364990000{n:02d}",
                                              cma_valid_until=until, platform_member=member))
            if score:
                add_evaluations(db.session, org_id, score, 5)
            for parameter in parameters:
                db.session.add(TestingCapability(organisation_id=org_id, product=PRODUCT, parameter=parameter,
                                                 method_standard=f"GB/T 1000{n}-2020"))
            out[name] = org_id
        db.session.commit()
    return out


def names(matches):
    return [m.institution.organisation.name for m in matches]


@pytest.mark.clause("5.3")
def test_only_institutions_covering_every_parameter_are_ranked_platform_coverage_region_score(app, labs):
    with app.app_context():
        ranked = names(match_institutions(db.session, PRODUCT, ["糖度", "酸度"], region="640105"))
    # 戊 lacks 酸度, 己's CMA has expired; 乙 is a platform institution; then coverage (丁 tests 5);
    # 甲 and 丙 cover 4: 甲 is in the asker's county, 丙 only in the same city
    assert ranked == ["乙匹配检测所", "丁匹配检测所", "甲匹配检测所", "丙匹配检测所"]
    with app.app_context():
        assert names(match_institutions(db.session, PRODUCT, ["糖度", "酸度"], region="640104"))[2:] == \
            ["丙匹配检测所", "甲匹配检测所"]
        assert names(match_institutions(db.session, PRODUCT, ["糖度", "酸度", "色度", "浊度"])) == ["丁匹配检测所"]
        assert match_institutions(db.session, PRODUCT, ["辐射"]) == []


@pytest.mark.clause("6.3.2-2")
def test_the_need_page_gets_the_same_ranking_with_platform_institutions_first(app, labs):
    from app.catalog.models import ServiceItem
    from app.needs.flow import file_need
    from app.needs.matching import candidates

    with app.app_context():
        item = db.session.scalar(sa.select(ServiceItem).where(ServiceItem.code == "testing-demand-matching"))
        asker = db.session.scalar(sa.select(Organisation).where(Organisation.id == labs["甲匹配检测所"]))
        need, _ = file_need(db.session, need_type="service", title="饮料检测", contact_name="n", contact="c",
                            actor="a", item=item, organisation_id=asker.id,
                            details={"product": PRODUCT, "parameters": "糖度、酸度"})
        found = candidates(db.session, need, limit=20)
        assert [c.name for c in found] == names(match_institutions(db.session, PRODUCT, ["糖度", "酸度"],
                                                                   region=asker.region_code))
        assert [(c.name, c.outside) for c in found][:2] == [("乙匹配检测所", False), ("丁匹配检测所", True)]
        # without a product: institutions with a valid CMA, platform members first, never an expired one
        need.details = None
        found = candidates(db.session, need, limit=100)
        members = [c.outside for c in found]
        assert members == sorted(members) and "己匹配检测所" not in [c.name for c in found]
        assert {"乙匹配检测所", "戊匹配检测所", "甲匹配检测所"} <= {c.name for c in found}
        db.session.rollback()


def test_parameters_are_matched_whatever_their_width_case_and_spacing(app, labs):
    assert parameters_of("糖度, 酸度、PH值；糖度\n") == ["糖度", "酸度", "PH值"]
    assert match_key("ｐＨ 值") == match_key("pH值") == "ph值"
    with app.app_context():
        assert "甲匹配检测所" in names(match_institutions(db.session, f" {PRODUCT} ", ["ＰＨ值", "糖 度"]))


def test_the_computed_satisfaction_breaks_a_tie(app, labs):
    with app.app_context():
        before = names(match_institutions(db.session, PRODUCT, ["糖度", "酸度"], region="630000"))
        assert before.index("甲匹配检测所") < before.index("丙匹配检测所")  # 9 against 7
        add_evaluations(db.session, labs["丙匹配检测所"], 10, 50)  # 丙's mean rises above 甲's
        ranked = names(match_institutions(db.session, PRODUCT, ["糖度", "酸度"], region="630000"))
        db.session.execute(sa.text("DELETE FROM qi_evaluation WHERE institution_id = :i AND r1 = 10"),
                           {"i": labs["丙匹配检测所"]})
        db.session.commit()
    assert ranked.index("丙匹配检测所") < ranked.index("甲匹配检测所")


@pytest.mark.clause("5.3")
def test_match_page_and_api(client, labs):
    page = client.get(f"/testing/match?product={PRODUCT}&parameters=糖度、酸度&region=640105").get_data(as_text=True)
    assert page.index("乙匹配检测所") < page.index("甲匹配检测所") and "戊匹配检测所" not in page
    refused = client.get("/testing/match?product=&parameters=").get_data(as_text=True)
    assert "请填写产品，并至少填写一个参数" in refused
    assert "行政区划代码由数字组成" in client.get(f"/testing/match?product={PRODUCT}&parameters=糖度&region=yc")\
        .get_data(as_text=True)
    api = client.get(f"/api/v1/testing_match/?product={PRODUCT}&parameters=糖度,酸度&region=640105")
    assert api.status_code == 200 and [r["name"] for r in api.json["result"]][:2] == ["乙匹配检测所", "丁匹配检测所"]
    assert client.get("/api/v1/testing_match/?product=x").status_code == 400


@pytest.mark.clause("5.3")
@pytest.mark.clause("6.2-2")
def test_capability_query_by_product_parameter_standard_and_region(client, labs):
    page = client.get(f"/testing/capabilities?product={PRODUCT}&parameter=浊度").get_data(as_text=True)
    assert "丁匹配检测所" in page and "甲匹配检测所" not in page
    assert "甲匹配检测所" in client.get("/testing/capabilities?standard=gb/t 10000").get_data(as_text=True)
    regional = client.get(f"/testing/capabilities?product={PRODUCT}&region=6402").get_data(as_text=True)
    assert "乙匹配检测所" in regional and "甲匹配检测所" not in regional
    assert "己匹配检测所" not in client.get(f"/testing/capabilities?product={PRODUCT}").get_data(as_text=True)
    institutions = client.get("/testing/institutions?region=11").get_data(as_text=True)
    assert "丁匹配检测所" in institutions and "甲匹配检测所" not in institutions
