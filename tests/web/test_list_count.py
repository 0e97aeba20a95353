"""A list page whose rows tell the count sends no count statement (app.list_loading.ListInterface):
the count and rows are always FAB's own, on every page of every page size."""
import sqlalchemy as sa
from flask_appbuilder.models.sqla.interface import SQLAInterface

from app.catalog.models import ServiceItem
from app.extensions import db
from app.list_loading import ListInterface
from app.testing.sql import counting


def test_every_page_has_fabs_count_and_rows_and_a_short_page_skips_the_count(app):
    with app.app_context():
        total = db.session.scalar(sa.select(sa.func.count()).select_from(ServiceItem))
        assert total > 5
        ours, fabs = ListInterface(ServiceItem, db.session), SQLAInterface(ServiceItem, db.session)
        for page_size in (1, 4, total, total + 3, None):
            last = total // page_size + 1 if page_size else 0
            for page in range(0, last + 2):
                expected = fabs.query(None, "id", "asc", page=page, page_size=page_size)
                with counting(app) as sent:
                    count, rows = ours.query(None, "id", "asc", page=page, page_size=page_size)
                assert (count, [r.id for r in rows]) == (expected[0], [r.id for r in expected[1]]), (page_size, page)
                short = not page_size or 0 < len(rows) < page_size
                assert len(sent) == (1 if short else 2), (page_size, page, [s for s, _ in sent])
