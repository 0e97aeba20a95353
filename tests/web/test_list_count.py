"""List pages through app.list_loading.ListInterface: the count and rows are always FAB's own, on
every page of every page size and order, with fewer statements: a short first page sends no count,
and a page in the second half of the list is read from the other end."""
import pytest
import sqlalchemy as sa
from flask_appbuilder.models.sqla.interface import SQLAInterface

from app.catalog.models import ServiceItem
from app.extensions import db
from app.list_loading import ListInterface
from app.testing.sql import counting


@pytest.mark.parametrize("order", [("id", "asc"), ("id", "desc"), ("sort_order", "asc"), ("sort_order", "desc"),
                                   ("clause", "asc"), ("clause", "desc"), ("", "")])
def test_every_page_has_fabs_count_and_rows(app, order):
    with app.app_context():
        total = db.session.scalar(sa.select(sa.func.count()).select_from(ServiceItem))
        assert total > 5
        ours, fabs = ListInterface(ServiceItem, db.session), SQLAInterface(ServiceItem, db.session)
        for page_size in (1, 4, total, total + 3, None):
            last = total // page_size + 1 if page_size else 0
            for page in range(0, last + 2):
                expected = fabs.query(None, *order, page=page, page_size=page_size)
                with counting(app) as sent:
                    count, rows = ours.query(None, *order, page=page, page_size=page_size)
                assert (count, [r.id for r in rows]) == (expected[0], [r.id for r in expected[1]]), (page_size, page)
                if not page and (not page_size or 0 < len(rows) < page_size):
                    assert len(sent) == 1, [s for s, _ in sent]  # the short first page tells the count
                else:
                    assert len(sent) <= 2, [s for s, _ in sent]


def test_the_last_page_is_read_from_the_other_end(app):
    with app.app_context():
        total = db.session.scalar(sa.select(sa.func.count()).select_from(ServiceItem))
        with counting(app) as sent:
            ListInterface(ServiceItem, db.session).query(None, "id", "asc", page=(total - 1) // 2, page_size=2)
        rows_sql, params = sent[-1]
        numbers = [v for v in (params.values() if isinstance(params, dict) else params) if isinstance(v, int)]
        assert "DESC" in rows_sql.upper() and max(numbers) <= 2, sent[-1]  # skips at most a page
