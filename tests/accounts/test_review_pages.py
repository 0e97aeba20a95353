"""The review queue shows one page at a time: its size and its SQL do not grow with the pending rows."""
from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
import sqlalchemy as sa

from app.accounts.models import SUBMITTED, Organisation
from app.extensions import db
from app.testing.orgs import new_uscc

from ..windows.test_sql_counts import counting

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _cleanup(app):
    """The database outlives a test: take the applications made here away again (other tests read the queue)."""
    yield
    with app.app_context():
        db.session.execute(sa.delete(Organisation).where(Organisation.name.like("待审企业%")))
        db.session.commit()


def _pending(app, n: int) -> None:
    """``n`` more submitted applications, due on successive days."""
    with app.app_context():
        for _ in range(n):
            k = next(_serial)
            db.session.add(Organisation(
                kind="enterprise", uscc=new_uscc(), name=f"待审企业{k:04d}", legal_representative="张三",
                address=f"银川市{k}号", region_code="640106", contact_person="李四", contact_phone="13800000000",
                status=SUBMITTED, review_due_on=dt.date(2026, 1, 1) + dt.timedelta(days=k)))
        db.session.commit()


def _rows(html: str) -> list[str]:
    return re.findall(r'data-org="(\d+)"', html)


def test_sixty_pending_show_twenty_five_with_a_link_to_page_two(app, login_as):
    _pending(app, 60)
    staff = login_as("t_platform")
    first = staff.get("/review/").get_data(as_text=True)
    assert len(_rows(first)) == 25
    assert 'href="/review/?page=2"' in first
    second = staff.get("/review/?page=2").get_data(as_text=True)
    assert len(_rows(second)) == 25  # other tests may have left applications pending too: at least 60
    assert not set(_rows(first)) & set(_rows(second))


@pytest.mark.parametrize("page", ["0", "-1", "x", "2.5", "99999999999", "5000"])
def test_a_bad_queue_page_is_a_bad_request(app, login_as, page):
    assert login_as("t_platform").get(f"/review/?page={page}").status_code == 400


def test_the_queue_sends_as_many_statements_with_sixty_pending_as_with_five(app, login_as):
    staff = login_as("t_platform")
    _pending(app, 5)
    staff.get("/review/")
    with counting(app) as few:
        assert staff.get("/review/").status_code == 200
    _pending(app, 55)
    staff.get("/review/")
    with counting(app) as many:
        assert staff.get("/review/").status_code == 200
    assert len(many) <= len(few), [s for s, _ in many]
    assert len(many) <= 6, [s for s, _ in many]  # the statement budget of issue 16


@pytest.mark.parametrize("table", ["qi_organisation", "qi_org_change_request"])
def test_every_queue_page_reads_the_pending_rows_from_an_index_in_due_order(app, table):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
        plan = " ".join(str(row[-1]) for row in db.session.execute(sa.text(
            f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE status = 'submitted' "
            "ORDER BY review_due_on, id LIMIT 25 OFFSET 500")))
    assert f"{table}_status_review_due" in plan and "TEMP B-TREE" not in plan, plan
