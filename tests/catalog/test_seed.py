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
