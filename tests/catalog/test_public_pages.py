"""What enterprises and the public see: categories, items, guides, the notification sheet."""
import re

import pytest
import sqlalchemy as sa

from app.catalog.models import ServiceGuide, ServiceGuideRevision, ServiceItem
from app.extensions import db


def _item_id(app, code):
    with app.app_context():
        return db.session.scalar(sa.select(ServiceItem.id).where(ServiceItem.code == code))


@pytest.mark.clause("4.1-1")
@pytest.mark.clause("6.2-4")
def test_every_item_of_clause_5_has_a_published_guide(app, client):
    with app.app_context():
        items = db.session.scalars(sa.select(ServiceItem)).all()
        seeded = [i for i in items if i.clause]
        assert len(seeded) >= 40
        assert {i.category.code for i in seeded} == {"standardization", "metrology", "testing", "certification",
                                                      "quality", "brand", "ip", "other"}
        assert all(i.guide is not None and i.guide.status == "published" for i in seeded)
    html = client.get("/item/metrology-verification-calibration").get_data(as_text=True)
    for heading in ("受理条件", "办事材料", "服务流程", "服务周期", "服务价格", "办理渠道"):
        assert heading in html
    assert "营业执照" in html


def test_category_page_lists_its_items(client):
    html = client.get("/category/metrology").get_data(as_text=True)
    assert "计量器具检定校准" in html and 'href="/item/metrology-verification-calibration"' in html
    assert "商标注册咨询" not in html


@pytest.mark.clause("6.3.1-3")
def test_one_time_notification_sheet_lists_everything_to_bring(client):
    response = client.get("/item/metrology-verification-calibration/notice")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "一次性告知单" in html
    materials = re.findall(r'<span class="qi-check" aria-hidden="true">☐</span> ([^<]+)</li>', html)
    assert len(materials) >= 3
    assert "http://localhost/item/metrology-verification-calibration" in html


def test_pages_render_in_both_languages(client):
    zh = client.get("/item/ip-training").get_data(as_text=True)
    assert "受理条件" in zh and "咨询该事项" in zh
    client.get("/lang/en")
    en = client.get("/item/ip-training").get_data(as_text=True)
    assert "Acceptance conditions" in en and "Ask about this service" in en
    assert "Search services, guides" in client.get("/search/?q=计量").get_data(as_text=True)


def test_admin_adds_category_and_item_in_the_ui_and_anonymous_sees_them(app, login_as):
    staff = login_as("t_platform")
    assert staff.post("/servicecategoryview/add", data={
        "code": "standards-lab", "name_zh": "标准实验室", "name_en": "Standards lab", "icon": "fa-flask",
        "order": "95", "visible": "y"}).status_code == 302
    with app.app_context():
        category_id = db.session.scalar(sa.text("SELECT id FROM qi_service_category WHERE code = 'standards-lab'"))
    assert staff.post("/serviceitemview/add", data={
        "category": str(category_id), "code": "standards-lab-open-day", "name_zh": "实验室开放日预约",
        "name_en": "Lab open day", "summary_zh": "预约参观标准实验室", "order": "10", "visible": "y"}).status_code == 302
    anonymous = app.test_client()
    assert "标准实验室" in anonymous.get("/").get_data(as_text=True)
    assert "实验室开放日预约" in anonymous.get("/category/standards-lab").get_data(as_text=True)
    page = anonymous.get("/item/standards-lab-open-day").get_data(as_text=True)
    assert "正在编制" in page  # no guide yet: no empty sections pretending to be one
    assert "实验室开放日" in anonymous.get("/search/?q=开放日").get_data(as_text=True)


def test_draft_guides_are_not_public(app, login_as):
    staff = login_as("t_platform")
    item_id = _item_id(app, "brand-study-visit")
    with app.app_context():
        guide_id = db.session.scalar(sa.select(ServiceGuide.id).where(ServiceGuide.item_id == item_id))
    anonymous = app.test_client()
    assert staff.post("/serviceguideview/action_post", data={"action": "unpublish", "rowid": [str(guide_id)]}).status_code == 302
    try:
        page = anonymous.get("/item/brand-study-visit").get_data(as_text=True)
        assert "受理条件" not in page and "正在编制" in page
        assert anonymous.get("/item/brand-study-visit/notice").status_code == 404
        assert anonymous.get(f"/api/v1/service_guide/{guide_id}").status_code == 404
        with app.app_context():
            from app.search.query import search
            body_word = "观摩"
            hits = search(db.session, body_word, kind="item").hits
            assert all(h.url != "/item/brand-study-visit" or "观摩" in h.title for h in hits)
    finally:
        staff.post("/serviceguideview/action_post", data={"action": "publish", "rowid": [str(guide_id)]})
    assert "受理条件" in anonymous.get("/item/brand-study-visit").get_data(as_text=True)


def test_guide_edits_are_kept_in_history(app, login_as):
    staff = login_as("t_platform")
    item_id = _item_id(app, "quality-5s-consulting")
    with app.app_context():
        guide = db.session.scalar(sa.select(ServiceGuide).where(ServiceGuide.item_id == item_id))
        guide_id, version = guide.id, guide.version
        form = {f: (getattr(guide, f) or "") for f in ("acceptance_conditions", "materials", "steps", "cycle_zh",
                "acceptance_conditions_en", "materials_en", "steps_en", "faq_en", "cycle_en", "price_zh", "price_en", "channels", "responsible_zh", "responsible_en", "faq", "status")}
    form["cycle_zh"] = "受理后 7 个工作日内完成"
    assert staff.post(f"/serviceguideview/edit/{guide_id}", data=form).status_code == 302
    with app.app_context():
        guide = db.session.get(ServiceGuide, guide_id)
        assert guide.version == version + 1
        revisions = db.session.scalars(sa.select(ServiceGuideRevision).where(
            ServiceGuideRevision.guide_id == guide_id).order_by(ServiceGuideRevision.id)).all()
        assert [r.version for r in revisions][-2:] == [version, version + 1]
        assert revisions[-1].changed_by == "t_platform"
        assert revisions[-1].content["cycle_zh"] == "受理后 7 个工作日内完成"
        assert revisions[-2].content["cycle_zh"] != "受理后 7 个工作日内完成"
    assert "受理后 7 个工作日内完成" in app.test_client().get("/item/quality-5s-consulting").get_data(as_text=True)


def test_script_in_guide_markdown_is_neutralised(app):
    item_id = _item_id(app, "other-qi-services")
    with app.app_context():
        guide = db.session.scalar(sa.select(ServiceGuide).where(ServiceGuide.item_id == item_id))
        guide.acceptance_conditions = ('<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>\n\n'
                                       '[点我](javascript:alert(1)) and [正常链接](https://www.samr.gov.cn/)')
        guide.faq = "**问**<script>document.cookie</script>"
        db.session.commit()
    html = app.test_client().get("/item/other-qi-services").get_data(as_text=True)
    body = html.split('<article class="qi-guide">')[1].split("</article>")[0]
    assert "<script" not in body and "onerror" not in body.replace("&lt;img src=x onerror", "")
    assert "javascript:" not in body.replace("(javascript:alert(1))", "")
    assert '<a href="https://www.samr.gov.cn/" rel="noopener noreferrer">正常链接</a>' in body


def test_unknown_or_hidden_item_is_404(app, client):
    assert client.get("/item/no-such-item").status_code == 404
    assert client.get("/item/no-such-item/notice").status_code == 404


def test_category_page_lists_records_of_other_kinds(app, client):
    from tests.plugins.dummy_plugin.models import DummyRecord

    with app.app_context():
        db.session.add(DummyRecord(code="C-1", title="六盘山计量检测站样品"))
        db.session.commit()
    html = client.get("/category/dummy").get_data(as_text=True)
    assert 'data-kind="dummy"' in html and "六盘山计量检测站样品" in html
    assert 'data-kind="dummy"' not in client.get("/category/metrology").get_data(as_text=True)
