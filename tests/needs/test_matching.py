"""The fallback institution list of a need: approved institutions serving its category first (certification:
no plugin contributes a matcher for it)."""
from app.catalog.models import ServiceItem
from app.extensions import db
from app.needs import flow
from app.needs.matching import candidates


def test_institutions_of_the_needs_category_are_proposed(app, org_factory):
    serving, _ = org_factory("institution", "认证匹配院", types="certification")
    org_factory("institution", "待审匹配院", types="certification", status="submitted")
    with app.app_context():
        item = db.session.query(ServiceItem).join(ServiceItem.category).filter_by(code="certification").first()
        need, _ = flow.file_need(db.session, need_type="service", title="t", contact_name="n", contact="c",
                                 actor="a", item=item)
        found = candidates(db.session, need, limit=500)
        names = [c.name for c in found]
        assert "认证匹配院" in names and "待审匹配院" not in names
        db.session.rollback()
