"""Government and university resources of the regional network (4.1-2): kept by staff, shown with the
windows on the public network list."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.windows.models import NetworkResource


@pytest.mark.clause("4.1-2")
def test_staff_add_a_university_resource_that_the_public_network_lists(app, platform_staff_client, anonymous_client):
    data = {"name": "宁夏大学质量测试中心", "kind": "university", "region_code": "640100", "address": "银川市西夏区 1 号",
            "contact": "0951-2061111", "offers": "材料检测、人才培训", "active": "y"}
    refused = platform_staff_client.post("/windows/resources/add", data={**data, "region_code": "110000"})
    assert refused.status_code == 200 and "请选择平台的行政区划" in refused.get_data(as_text=True)
    wrong_kind = platform_staff_client.post("/windows/resources/add", data={**data, "kind": "shop"})
    assert wrong_kind.status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(NetworkResource)
                                 .where(NetworkResource.name == data["name"])) == 0
    assert platform_staff_client.post("/windows/resources/add", data=data).status_code == 302
    html = anonymous_client.get("/windows/?region=640100").get_data(as_text=True)
    assert "宁夏大学质量测试中心" in html and "高校资源" in html and "材料检测、人才培训" in html
    assert "宁夏大学质量测试中心" not in anonymous_client.get("/windows/?region=640200").get_data(as_text=True)


def test_only_staff_keep_the_resources(enterprise_client, window_staff_client, anonymous_client):
    assert enterprise_client.get("/windows/resources/list/").status_code == 403
    assert window_staff_client.post("/windows/resources/add", data={"name": "x"}).status_code == 403
    assert anonymous_client.get("/windows/resources/list/").status_code in (302, 401)
