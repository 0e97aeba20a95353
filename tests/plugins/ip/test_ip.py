"""IP services (5.7): patent and trademark search, agencies, the licensing board, patent navigation."""
import io

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.notify.models import Message
from app.search.query import search
from app.needs import states as need_states
from app.needs.flow import FlowError, file_need, take_step
from app.needs.matching import candidates
from app.needs.models import Need
from plugins.ip.models import IpAgency, IpOffer, Patent
from tests.accounts.helpers import make_org
from tests.conftest import login

PASSWORD = "pw-member-123"


@pytest.fixture(scope="module", autouse=True)
def demo(app):
    app.test_cli_runner().invoke(args=["qi", "demo"])


def client_of(app, username):
    client = app.test_client()
    assert login(client, username, PASSWORD).status_code == 302
    return client


@pytest.mark.clause("5.7")
def test_search_by_number_applicant_ipc_and_nice_class(client):
    page = client.get("/ip/search?q=cn 2021 1056 7890").get_data(as_text=True)
    assert 'data-number="CN202110567890.4"' in page and "减反射镀膜液" in page
    by_applicant = client.get("/ip/search?q=宁夏红宝枸杞&type=invention").get_data(as_text=True)
    assert "枸杞多糖的提取纯化方法" in by_applicant and "多层输送装置" not in by_applicant  # a utility model
    assert "钙钛矿" in client.get("/ip/search?class=h01l").get_data(as_text=True)
    by_class = client.get("/ip/search?class=35&type=trademark").get_data(as_text=True)
    assert 'data-number="67890123"' in by_class and 'data-number="12345678"' not in by_class
    assert 'data-number="12345678"' in client.get("/ip/search?class=29").get_data(as_text=True)


@pytest.mark.clause("5.7")
def test_agencies_by_service_and_region(client):
    assert "中卫沙坡头知识产权代理事务所" in client.get("/ip/agencies?service=navigation&region=6405").get_data(as_text=True)
    assert "中卫沙坡头知识产权代理事务所" not in client.get("/ip/agencies?region=6401").get_data(as_text=True)
    assert "中卫沙坡头知识产权代理事务所" not in client.get("/ip/agencies?service=copyright").get_data(as_text=True)


@pytest.mark.clause("5.7")
def test_board_shows_published_listings_and_contacts_only_to_signed_in_users(app, client, login_as):
    anonymous = client.get("/ip/board").get_data(as_text=True)
    assert "光伏玻璃减反射镀膜技术普通许可" in anonymous and "寻求枸杞鲜果保鲜技术" not in anonymous  # awaiting review
    assert "0951-5012345" not in anonymous and "qi-contact-hidden" in anonymous
    assert "0951-5012345" in login_as("t_enterprise").get("/ip/board").get_data(as_text=True)


def test_a_listing_is_reviewed_before_it_is_public_and_again_after_an_edit(app, login_as):
    with app.app_context():
        org_id, user = make_org("enterprise", "许可发布测试有限公司")
        other_id, other_user = make_org("enterprise", "许可他人测试有限公司")
    publisher = client_of(app, user)
    publisher.post("/ip/ipofferview/add", data={"organisation": str(org_id), "kind": "transfer", "title": "一种滴灌带专利转让",
                                             "contact_name": "周工", "contact_phone": "13900000000"})
    with app.app_context():
        offer = db.session.scalar(sa.select(IpOffer).where(IpOffer.title == "一种滴灌带专利转让"))
        assert offer.status == "pending" and offer.organisation_id == org_id
        pk = offer.id
    publisher.post("/ip/ipofferview/action_post", data={"action": "publish", "rowid": [str(pk)]})  # not theirs to publish
    stranger = client_of(app, other_user)
    assert stranger.post("/ip/ipofferview/action_post", data={"action": "close", "rowid": [str(pk)]}).status_code == 404
    assert stranger.get(f"/ip/ipofferview/edit/{pk}").status_code == 404
    with app.app_context():
        assert db.session.get(IpOffer, pk).status == "pending"
    staff = login_as("t_platform")
    staff.post("/ip/ipofferview/action_post", data={"action": "publish", "rowid": [str(pk)]})
    assert "一种滴灌带专利转让" in app.test_client().get("/ip/board").get_data(as_text=True)
    publisher.post(f"/ip/ipofferview/edit/{pk}", data={"kind": "transfer", "title": "一种滴灌带专利转让（降价）",
                                                    "contact_name": "周工", "contact_phone": "13900000000"})
    with app.app_context():
        assert db.session.get(IpOffer, pk).status == "pending"  # back to review
        user_id = app.appbuilder.sm.find_user(username=user).id
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Message).where(
            Message.user_id == user_id, Message.title_zh.contains("已发布"))) == 1
    assert "降价" not in app.test_client().get("/ip/board").get_data(as_text=True)


@pytest.mark.clause("5.7")
@pytest.mark.clause("6.2-5")
@pytest.mark.clause("6.3.2-2")
def test_patent_navigation_request_is_a_need_that_staff_match_and_the_agency_answers(app, login_as):
    with app.app_context():
        ent_id, ent_user = make_org("enterprise", "导航需求测试有限公司")
        _, other_user = make_org("enterprise", "导航他人测试有限公司")
        agency_id, agency_user = make_org("institution", "导航测试知识产权代理所", types="ip_agency")
        trademark_id, idle_agency_user = make_org("institution", "导航闲置知识产权代理所", types="ip_agency")
        db.session.add(IpAgency(organisation_id=agency_id, agency_code="64999", services="navigation"))
        db.session.add(IpAgency(organisation_id=trademark_id, agency_code="64998", services="trademark"))
        db.session.commit()
    enterprise = client_of(app, ent_user)
    refused = enterprise.post("/ip/navigation/new", data={"token": "nav-t-1", "field": "", "goal": "",
                                                          "description": "已有三件相关专利"}).get_data(as_text=True)
    assert "请说明领域以及导航要达到的目的" in refused and "已有三件相关专利" in refused
    form = {"token": "nav-t-2", "field": "硒砂瓜种植", "goal": "品种与栽培技术布局分析", "description": "", "wanted_by": ""}
    first, second = enterprise.post("/ip/navigation/new", data=form), enterprise.post("/ip/navigation/new", data=form)
    assert first.status_code == second.status_code == 302 and first.location == second.location
    with app.app_context():
        needs = list(db.session.scalars(sa.select(Need).where(Need.token == "nav-t-2")))
        assert len(needs) == 1 and db.session.scalar(sa.select(Need.id).where(Need.token == "nav-t-1")) is None
        need = needs[0]
        assert first.location.endswith(f"/needs/case/{need.number}")
        assert (need.need_type, need.category.code, need.state) == ("ip_navigation", "ip", "submitted")
        assert need.details == {"field": "硒砂瓜种植", "goal": "品种与栽培技术布局分析", "wanted_by": None}
        number, pk = need.number, need.id
    # not matched yet: other enterprises and the agency do not see it
    for outsider in (other_user, agency_user):
        assert number not in client_of(app, outsider).get("/ip/navigation/").get_data(as_text=True)
    assert f'href="/needs/case/{number}"' in enterprise.get("/ip/navigation/").get_data(as_text=True)
    staff = {need_states.STAFF}
    with app.app_context():
        need = db.session.get(Need, pk)
        found = [c.institution_id for c in candidates(db.session, need, limit=50)]
        assert found.index(agency_id) < found.index(trademark_id)  # navigation agencies first
        take_step(db.session, need, "respond", actor="t_platform", actor_kinds=staff)
        take_step(db.session, need, "plan", actor="t_platform", actor_kinds=staff, comment="交由代理所检索分析")
        take_step(db.session, need, "match", actor="t_platform", actor_kinds=staff, institution_id=agency_id)
        db.session.commit()
    agency = client_of(app, agency_user)
    assert number in agency.get("/ip/navigation/").get_data(as_text=True)
    assert number not in client_of(app, idle_agency_user).get("/ip/navigation/").get_data(as_text=True)
    with app.app_context():
        need = db.session.get(Need, pk)
        with pytest.raises(FlowError):  # not the enterprise's to answer
            take_step(db.session, need, "deliver", actor=ent_user, actor_kinds={need_states.ENTERPRISE},
                      comment="自问自答")
        take_step(db.session, need, "accept", actor=agency_user, actor_kinds={need_states.INSTITUTION})
        take_step(db.session, need, "deliver", actor=agency_user, actor_kinds={need_states.INSTITUTION},
                  comment="检索到相关专利 42 件，建议关注……")
        db.session.commit()
        need = db.session.get(Need, pk)
        assert need.state == "delivered" and need.result.startswith("检索到")
        assert [e.action for e in need.events] == ["file", "respond", "plan", "match", "accept", "deliver"]


def test_a_link_to_a_navigation_request_of_before_needs_opens_its_need(app):
    with app.app_context():
        ent_id, ent_user = make_org("enterprise", "导航旧链接测试有限公司")
        _, other_user = make_org("enterprise", "导航旧链接他人有限公司")
        need, _ = file_need(db.session, need_type="ip_navigation", title="迁移", contact_name="n", contact="c",
                            actor="a", organisation_id=ent_id, token="ip_navigation-424242")
        db.session.commit()
        number = need.number
    response = client_of(app, ent_user).get("/ip/navigation/424242")
    assert response.status_code == 302 and response.location.endswith(f"/needs/case/{number}")
    assert client_of(app, other_user).get("/ip/navigation/424242").status_code == 404


PATENTS_CSV = """application_number,title,applicant,patent_type,ipc,status,filed_on,granted_on,abstract
cn 2024 1088 8888,一种枸杞酵素的发酵方法,中宁枸杞产业集团,,C12G 3/02,审中,2024-06-01,,
CN202410888888.1,重复的错号,某公司,发明,,审中,,,
CN2024108,短号,某公司,发明,,审中,,,
202420777777,一种硒砂瓜覆膜机,中卫农机有限公司,实用新型,A01G 13/02,授权,2024-03-03,2024-09-09,
202420777778,标题,,实用新型,,授权,,,
"""


def test_patent_import_checks_numbers_and_reimport_changes_nothing(app, login_as):
    client = login_as("t_platform")
    for expected in ("新增 2 条", "新增 0 条，更新 0 条，未变 2 条"):
        page = client.post("/ip/patents-import/", data={"file": (io.BytesIO(PATENTS_CSV.encode()), "p.csv")},
                           content_type="multipart/form-data").get_data(as_text=True)
        assert expected in page, page[-2000:]
        assert "不是专利申请号，或校验位不正确" in page and "applicant 列为空" in page
    with app.app_context():
        patent = db.session.scalar(sa.select(Patent).where(Patent.title == "一种枸杞酵素的发酵方法"))
        assert patent.patent_type == "invention" and patent.application_number.startswith("CN202410888888.")
    trademarks = "registration_number,name,applicant,nice_classes,status\n71234567,沙坡头,中卫文旅,第35类、第41类,已注册\n71234568,坏类,某公司,46,已注册\n"
    page = client.post("/ip/trademarks-import/", data={"file": (io.BytesIO(trademarks.encode()), "t.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "新增 1 条" in page and "尼斯分类为 1 到 45 类" in page
    assert 'data-number="71234567"' in client.get("/ip/search?class=41").get_data(as_text=True)


def test_patents_in_unified_search_api_and_openapi(app, client, login_as):
    with app.app_context():
        assert search(db.session, "枸杞多糖", kind="ip_patent").total == 1
        assert "红宝 12345678" in [h.title for h in search(db.session, "红宝", kind="ip_trademark").hits]
    data = client.get("/api/v1/ip_patent/?q=(filters:!((col:patent_type,opr:eq,value:design)))").json
    assert "CN202330456789.1" in [r["application_number"] for r in data["result"]]
    assert all(r["patent_type"] == "design" for r in data["result"])
    spec = login_as("t_admin").get("/api/v1/_openapi").json
    assert "/api/v1/ip_patent/" in spec["paths"] and "/api/v1/ip_trademark/" in spec["paths"]


def test_staff_patent_form_normalises_and_refuses_a_wrong_check_digit(app, login_as):
    client = login_as("t_platform")
    bad = client.post("/ip/patentview/add", data={"application_number": "CN202310123456.0", "title": "错号专利",
                                               "applicant": "某公司", "patent_type": "invention", "status": "pending"}
                      ).get_data(as_text=True)
    assert "校验位不正确" in bad and "错号专利" in bad  # the form comes back as it was typed
    with app.app_context():
        assert db.session.scalar(sa.select(Patent.id).where(Patent.title == "错号专利")) is None


def test_english_pages(client):
    client.get("/lang/en")
    page = client.get("/ip/search?q=红宝").get_data(as_text=True)
    assert "Patent and trademark search" in page and "Registered" in page
