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


def test_a_count_stops_at_the_cap_and_pages_forward(app, monkeypatch):
    monkeypatch.setitem(app.config, "QI_LIST_COUNT_CAP", 3)
    with app.app_context():
        total = db.session.scalar(sa.select(sa.func.count()).select_from(ServiceItem))
        assert total > 6
        ours, fabs = ListInterface(ServiceItem, db.session), SQLAInterface(ServiceItem, db.session)
        with counting(app) as sent:
            count, rows = ours.query(None, "id", "asc", page=0, page_size=2)
        assert (int(count), str(count)) == (3, "3+")
        assert "LIMIT" in sent[-1][0].upper()  # the count stops: it does not read every row
        for page in (0, 1):  # forward, not from the other end: the list's real end is not known
            count, rows = ours.query(None, "id", "asc", page=page, page_size=2)
            assert [r.id for r in rows] == [r.id for r in fabs.query(None, "id", "asc", page=page, page_size=2)[1]]
        assert ours.query(None, "id", "asc", page=2, page_size=2)[1] == []  # past the cap
        assert ours.query(None, "id", "asc", page=0, page_size=total + 1)[0] == total  # a whole list in a page


@pytest.mark.parametrize("lang, hint", [("zh", "只能翻阅前 3 条"), ("en", "Only the first 3 rows can be paged")])
def test_a_capped_list_says_so_in_the_readers_language(app, login_as_factory, monkeypatch, lang, hint):
    monkeypatch.setitem(app.config, "QI_LIST_COUNT_CAP", 3)
    admin = login_as_factory(app, "Admin")
    html = admin.get(f"/serviceitemview/list/?psize_ServiceItemView=2&_l_={lang}").get_data(as_text=True)
    assert "</strong> 3+" in html and hint in html
    assert "page_ServiceItemView=1" in html  # the pager reaches the capped rows
    monkeypatch.setitem(app.config, "QI_LIST_COUNT_CAP", 0)
    html = admin.get(f"/serviceitemview/list/?psize_ServiceItemView=2&_l_={lang}").get_data(as_text=True)
    assert hint not in html and "3+" not in html
