"""The computed satisfaction (7.1-1): the platform's own formula over user evaluations, none below the
minimum count, shown by the testing plugin's match page instead of a typed score."""
from __future__ import annotations

import pytest

from app.evaluations.satisfaction import satisfaction_of
from app.extensions import db
from plugins.testing.models import TestingCapability, TestingInstitution
from tests.evaluations.helpers import add_evaluations, answers

PRODUCT = "满意度测试饮料"


def test_the_score_is_the_mean_of_the_nine_dimension_means_and_none_below_the_minimum(app, org_factory):
    from app.evaluations.survey import save_evaluation

    rated, _ = org_factory("institution", "满意度算法检测院")
    few, _ = org_factory("institution", "评价不足检测院")
    with app.app_context():
        class Need:
            id = organisation_id = window_id = None
            institution_id = rated
        # r1 means 6, r2…r9 mean 8: the nine dimension means average (6 + 8*8) / 9
        for n, r1 in enumerate((4, 8, 6, 6, 6)):
            save_evaluation(db.session, answers(8, r1=r1, reasons={"r1": "慢"} if r1 <= 4 else {}),
                            respondent=f"c:alg{n}", need=Need())
        db.session.commit()
        add_evaluations(db.session, few, 10, 4)
        add_evaluations(db.session, rated, 1, 3, kind="self")  # a self-evaluation is no user's satisfaction
        scores = satisfaction_of(db.session, [rated, few, 987654])
    assert scores[rated] == (round((6 + 8 * 8) / 9, 1), 5)
    assert scores[few] == (None, 4)
    assert scores[987654] == (None, 0)


@pytest.fixture
def lab(app, org_factory):
    org_id, _ = org_factory("institution", "满意度展示检测所", types="testing")
    with app.app_context():
        db.session.add(TestingInstitution(organisation_id=org_id, cma_number="236499887766", platform_member=True))
        db.session.add(TestingCapability(organisation_id=org_id, product=PRODUCT, parameter="糖度",
                                         method_standard="GB/T 1-2020"))
        db.session.commit()
    return org_id


def test_the_match_page_shows_the_computed_score_with_its_count_and_hides_it_below_the_minimum(app, client, lab):
    url = f"/testing/match?product={PRODUCT}&parameters=糖度&_l_=zh"
    with app.app_context():
        add_evaluations(db.session, lab, 9, 4)
    page = client.get(url).get_data(as_text=True)
    assert "评价少于 5 份" in page and "满意度得分" not in page
    with app.app_context():
        add_evaluations(db.session, lab, 6, 1)
    page = client.get(url).get_data(as_text=True)
    assert "满意度得分 8.4 / 10，来自 5 份评价（平台自定算法）" in page
    api = client.get(f"/api/v1/testing_match/?product={PRODUCT}&parameters=糖度").get_json()["result"][0]
    assert (round(api["satisfaction"], 1), api["evaluations"]) == (8.4, 5)


def test_staff_can_no_longer_type_a_satisfaction_score(platform_staff_client):
    page = platform_staff_client.get("/testing/testinginstitutionadminview/add").get_data(as_text=True)
    assert 'name="satisfaction"' not in page
