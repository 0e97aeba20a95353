"""Case numbers under concurrency (issue 12): 50 submissions at once, each on its own connection,
through ``flow.file_need`` and a commit: no duplicates, no gaps, on SQLite and PostgreSQL."""
import datetime as dt

from sqlalchemy import select

from app.extensions import db
from app.needs import flow
from app.needs.models import Need
from app.testing.concurrency import numbers_filed_at_once

SUBMISSIONS = 50
YEAR = 2031  # a year no other test files needs in, so its counter starts at 0


def _file(session, i):
    need, _ = flow.file_need(session, need_type="service", title=f"并发需求{i}", contact_name="张三",
                             contact="13800000000", actor="tester", submitted_at=dt.datetime(YEAR, 3, 4, 2, 0, i))
    return need


def test_50_concurrent_submissions_get_numbers_1_to_50_without_duplicates_or_gaps(app, db_kind):
    numbers, errors = numbers_filed_at_once(app, _file, submissions=SUBMISSIONS, abandoned=10)
    assert not errors, errors
    assert len(numbers) == len(set(numbers)) == SUBMISSIONS
    with app.app_context():
        stored = sorted(db.session.scalars(select(Need.number).where(Need.number.like(f"XQ-{YEAR}-%"))))
    assert stored == [f"XQ-{YEAR}-{n:06d}" for n in range(1, SUBMISSIONS + 1)], db_kind
