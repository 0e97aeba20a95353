"""The refmat plugin on the platform's test kit: loaded alone, scoped, searchable, bilingual."""
from sqlalchemy import select

from app.kit import db
from app.testing.fixtures import login_client
from app.testing.orgs import MEMBER_PASSWORD, make_org
from qi_refmat.models import RefmatMaterial


def _material(app, org_id: int, name: str, number: str) -> int:
    with app.app_context():
        material = RefmatMaterial(organisation_id=org_id, name=name, certificate_number=number)
        db.session.add(material)
        db.session.commit()
        return material.id


def test_plugin_loads_alone_with_the_core(plugin_app):
    host = plugin_app.extensions["qi_plugins"]
    assert [r.name for r in host.loaded() if r.source != "core"] == ["refmat"]  # core: the platform's defaults
    assert host.records["refmat"].version == "0.3.0"
    home = plugin_app.test_client().get("/").get_data(as_text=True)
    assert 'href="/category/refmat"' in home


def test_each_producer_sees_only_its_own_materials(app, org_factory):
    mine, me = org_factory("institution", "甲标准物质研究所")
    theirs, _ = org_factory("institution", "乙标准物质研究所")
    _material(app, mine, "甲的铜合金标准物质", "GBW01001")
    other = _material(app, theirs, "乙的水质标准物质", "GBW08001")
    client = login_client(app, me, MEMBER_PASSWORD)
    listing = client.get("/refmat/refmatmaterialview/list/").get_data(as_text=True)
    assert "GBW01001" in listing and "GBW08001" not in listing
    assert client.get(f"/refmat/refmatmaterialview/show/{other}").status_code == 404


def test_staff_see_every_material_and_enterprises_none(app, platform_staff_client, enterprise_client):
    assert platform_staff_client.get("/refmat/refmatmaterialview/list/").status_code == 200
    assert enterprise_client.get("/refmat/refmatmaterialview/list/").status_code == 403


def test_anyone_looks_a_certificate_up_in_both_languages(app, anonymous_client):
    with app.app_context():
        org_id, _ = make_org("institution", "丙标准物质中心")
    _material(app, org_id, "丙的土壤标准物质", "GBW07401")
    page = anonymous_client.get("/refmat/lookup?number=GBW07401").get_data(as_text=True)
    assert "丙的土壤标准物质" in page and "标准物质查询" in page
    anonymous_client.get("/lang/en")
    assert "Reference material lookup" in anonymous_client.get("/refmat/lookup").get_data(as_text=True)


def test_materials_are_found_by_search(app, anonymous_client):
    with app.app_context():
        org_id, _ = make_org("institution", "丁标准物质中心")
    _material(app, org_id, "丁的煤炭标准物质", "GBW11101")
    html = anonymous_client.get("/search/?q=煤炭标准物质").get_data(as_text=True)
    assert "/refmat/lookup?number=GBW11101" in html
    with app.app_context():
        assert db.session.scalar(select(RefmatMaterial.id).where(RefmatMaterial.certificate_number == "GBW11101"))
