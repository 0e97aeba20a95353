"""Outsourced experiments and proxy testing are need types of the testing plugin (4.2.1-2)."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.needs import flow
from app.needs.types import TYPES_KEY


@pytest.mark.clause("4.2.1-2")
def test_outsourced_experiments_and_proxy_testing_are_filed_as_testing_needs(app, org_factory):
    enterprise, _ = org_factory("enterprise", "委托试验测试有限公司")
    with app.app_context():
        types = {t.code: t for t in app.extensions[TYPES_KEY]}
        for code in ("testing_outsourced_experiment", "testing_proxy_testing"):
            assert types[code].plugin == "testing"
            need, _ = flow.file_need(db.session, need_type=code, title="样品检测", contact_name="王", contact="13800000000",
                                     actor="t", organisation_id=enterprise,
                                     details={"product": "光伏组件", "items": "耐压、绝缘电阻", "standard": "GB/T 9535"})
            assert need.category.code == "testing" and need.state == "submitted"
            assert "GB/T 9535" in types[code].summary(need) and "光伏组件" in types[code].summary(need)
        db.session.rollback()


def test_staff_record_a_proxy_testing_need_at_intake(app):
    from app.testing.fixtures import USERS, login_client

    client = login_client(app, "t_platform", USERS["t_platform"][1])
    html = client.get("/needs/intake").get_data(as_text=True)
    assert 'value="testing_proxy_testing"' in html and 'value="testing_outsourced_experiment"' in html
