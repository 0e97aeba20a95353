"""Complaint numbers under concurrency: 50 complaints filed at once, each on its own connection,
plus some rolled back: exactly TS-<year>-000001 … 000050, on SQLite and PostgreSQL."""
import datetime as dt

import pytest
from sqlalchemy import select

from app.complaints import flow
from app.complaints.models import Complaint
from app.extensions import db
from app.testing.concurrency import numbers_filed_at_once

SUBMISSIONS = 50
YEAR = 2032  # a year no other test files complaints in, so its counter starts at 0


def _file(session, i):
    complaint, _ = flow.file_complaint(
        session, institution_id=None, institution_name="并发测试机构", complaint_type="quality",
        content=f"并发投诉{i}", request="处理", complainant_name="张三", contact="13800000000",
        actor="tester", submitted_at=dt.datetime(YEAR, 3, 4, 2, 0, i))
    return complaint


@pytest.mark.clause("6.4.2-2")
def test_50_concurrent_complaints_get_numbers_1_to_50_without_duplicates_or_gaps(app, db_kind):
    numbers, errors = numbers_filed_at_once(app, _file, submissions=SUBMISSIONS, abandoned=10)
    assert not errors, errors
    assert len(numbers) == len(set(numbers)) == SUBMISSIONS
    with app.app_context():
        stored = sorted(db.session.scalars(select(Complaint.number).where(Complaint.number.like(f"TS-{YEAR}-%"))))
    assert stored == [f"TS-{YEAR}-{n:06d}" for n in range(1, SUBMISSIONS + 1)], db_kind
