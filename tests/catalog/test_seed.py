"""Declared categories enter the table once and are then the administrators' to change."""
import sqlalchemy as sa

from app.catalog.models import ServiceCategory
from app.catalog.seed import declared_categories, sync_categories
from app.extensions import db


def test_sync_adds_missing_and_never_overwrites(app):
    with app.app_context():
        host = app.extensions["qi_plugins"]
        category = db.session.scalar(sa.select(ServiceCategory).where(ServiceCategory.code == "metrology"))
        category.name_en = "Metrology & measurement"
        db.session.commit()
        assert sync_categories(db.session, declared_categories(host)) == []
        db.session.commit()
        category = db.session.scalar(sa.select(ServiceCategory).where(ServiceCategory.code == "metrology"))
        assert category.name_en == "Metrology & measurement"
        assert category.plugin == "metrology"
        category.name_en = "Metrology"
        db.session.commit()


def test_configured_categories_have_no_plugin(app):
    with app.app_context():
        owners = dict(db.session.execute(sa.select(ServiceCategory.code, ServiceCategory.plugin)).all())
    assert owners["quality"] is None and owners["brand"] is None and owners["other"] is None
    assert owners["standardization"] == "standardization" and owners["ip"] == "ip"


# How many service items (each with a published guide) every category had in the core's catalog.json
# before they moved into the plugins that own the categories and the platform's default plugin.
ITEMS_PER_CATEGORY = {"standardization": 5, "metrology": 5, "testing": 4, "certification": 6, "quality": 6,
                      "brand": 5, "ip": 4, "other": 6}


def _catalog_state(app) -> dict:
    """Every item with its guide, as a user of the catalog pages and the editors would see them."""
    from app.catalog.models import ServiceItem

    with app.app_context():
        items = db.session.scalars(sa.select(ServiceItem)).all()
        return {i.code: (i.category.code, i.name_zh, i.name_en, i.summary_en, i.order, i.visible,
                         i.guide and (i.guide.status, i.guide.version, i.guide.cycle_zh, i.guide.materials,
                                      i.guide.faq)) for i in items}


def test_the_items_moved_out_of_the_core_are_all_there_each_from_its_plugin(app):
    from app.catalog.models import PUBLISHED, ServiceGuide, ServiceItem

    with app.app_context():
        rows = db.session.execute(
            sa.select(ServiceCategory.code, sa.func.count(ServiceItem.id), sa.func.count(ServiceGuide.id))
            .join(ServiceItem, ServiceItem.category_id == ServiceCategory.id)
            .join(ServiceGuide, ServiceGuide.item_id == ServiceItem.id)
            .where(ServiceGuide.status == PUBLISHED).group_by(ServiceCategory.code)).all()
    found = {code: (items, guides) for code, items, guides in rows if code != "dummy"}
    assert found == {code: (n, n) for code, n in ITEMS_PER_CATEGORY.items()}
    host = app.extensions["qi_plugins"]
    contributed = {}
    for record, item in host.contributions("qi_service_items"):
        contributed.setdefault(record.name, set()).add(item["category"])
    # Each built-in plugin ships its own category's items; the platform's own come from its default plugin.
    assert contributed == {"core": {"quality", "brand", "other"}, "dummy": {"dummy"},
                           **{name: {name} for name in ("certification", "ip", "metrology", "standardization",
                                                        "testing")}}
    assert host.records["core"].source == "core" and host.records["core"].status == "loaded"


def test_init_adds_a_plugins_items_once_and_keeps_what_staff_edited(make_app, login_as_factory):
    from app.catalog.models import ServiceGuide, ServiceItem

    app = make_app()  # `flask qi init` has run once
    anonymous = app.test_client()
    assert "留样复核服务" in anonymous.get("/category/dummy").get_data(as_text=True)
    with app.app_context():
        item = db.session.scalar(sa.select(ServiceItem).where(ServiceItem.code == "dummy-sample-retention"))
        item_id, category_id, guide_id = item.id, item.category_id, item.guide.id
        core_item = db.session.scalar(sa.select(ServiceItem).where(ServiceItem.code == "quality-diagnosis"))
        core_id, core_category_id = core_item.id, core_item.category_id
    staff = login_as_factory(app, "PlatformStaff")
    for pk, category, name_zh, name_en in ((item_id, category_id, "留样复核（窗口改写）", "Retained-sample review"),
                                          (core_id, core_category_id, "质量诊断（窗口改写）", "Quality diagnosis")):
        response = staff.post(f"/serviceitemview/edit/{pk}", data={
            "category": str(category), "name_zh": name_zh, "name_en": name_en, "order": "10", "visible": "y"})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
    response = staff.post(f"/serviceguideview/edit/{guide_id}", data={
        "acceptance_conditions": "- 仅限本省企业", "materials": "留样登记表", "steps": "窗口提交", "cycle_zh": "当场办结",
        "channels": "window", "status": "published"})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    before = _catalog_state(app)
    assert before["dummy-sample-retention"][1] == "留样复核（窗口改写）"

    again = app.test_cli_runner().invoke(args=["qi", "init", "--no-admin"])
    assert again.exit_code == 0 and "service items added: 0" in again.output, again.output
    assert _catalog_state(app) == before
    with app.app_context():
        guide = db.session.get(ServiceGuide, guide_id)
        assert (guide.cycle_zh, guide.acceptance_conditions) == ("当场办结", "- 仅限本省企业")
    page = anonymous.get("/category/dummy").get_data(as_text=True)
    assert "留样复核（窗口改写）" in page
    assert "当场办结" in anonymous.get("/item/dummy-sample-retention").get_data(as_text=True)
    assert "质量诊断（窗口改写）" in anonymous.get("/category/quality").get_data(as_text=True)


def test_init_gives_guides_seeded_before_english_bodies_the_declared_english_text(make_app):
    """A database seeded before guides had English bodies gets them from the next `flask qi init`;
    English text an administrator wrote meanwhile is kept."""
    from app.catalog.models import ServiceGuide, ServiceItem

    app = make_app()
    columns = ("acceptance_conditions_en", "materials_en", "steps_en", "faq_en")

    def guide(code):
        return db.session.scalar(sa.select(ServiceGuide).join(ServiceItem).where(ServiceItem.code == code))

    with app.app_context():
        declared = {c: getattr(guide("quality-diagnosis"), c) for c in columns}
        assert all(declared.values())
        for code in ("quality-diagnosis", "quality-5s-consulting"):
            for column in columns:
                setattr(guide(code), column, None)
        guide("quality-5s-consulting").steps_en = "Book at the window."  # written by an administrator
        db.session.commit()
    assert "not available yet" in app.test_client().get("/item/quality-diagnosis?_l_=en").get_data(as_text=True)

    assert app.test_cli_runner().invoke(args=["qi", "init", "--no-admin"]).exit_code == 0
    with app.app_context():
        assert {c: getattr(guide("quality-diagnosis"), c) for c in columns} == declared
        kept = guide("quality-5s-consulting")
        assert kept.steps_en == "Book at the window." and kept.materials_en
