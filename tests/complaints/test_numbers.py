"""Complaint numbers under concurrency: 50 complaints filed at once, each on its own connection,
plus some rolled back: exactly TS-<year>-000001 … 000050, on SQLite and PostgreSQL."""
import datetime as dt
import threading

import pytest
from sqlalchemy import select

from app.complaints import flow
from app.complaints.models import Complaint
from app.extensions import db

SUBMISSIONS = 50
ABANDONED = 10  # submissions rolled back: their numbers must be given back
YEAR = 2032  # a year no other test files complaints in, so its counter starts at 0


def _submit(app, i: int, commit: bool, start: threading.Barrier, numbers: list, errors: list):
    with app.app_context():
        session = db.session()  # its own session and connection: sessions are per app context
        try:
            start.wait(timeout=30)
            complaint, _ = flow.file_complaint(
                session, institution_id=None, institution_name="并发测试机构", complaint_type="quality",
                content=f"并发投诉{i}", request="处理", complainant_name="张三", contact="13800000000",
                actor="tester", submitted_at=dt.datetime(YEAR, 3, 4, 2, 0, i))
            if commit:
                session.commit()
                numbers.append(complaint.number)
            else:
                session.rollback()
        except Exception as exc:  # reported below: a thread's failure must fail the test
            session.rollback()
            errors.append(repr(exc))
        finally:
            db.session.remove()


@pytest.mark.clause("6.4.2-2")
def test_50_concurrent_complaints_get_numbers_1_to_50_without_duplicates_or_gaps(app, db_kind):
    numbers, errors = [], []
    total = SUBMISSIONS + ABANDONED
    start = threading.Barrier(total)
    threads = [threading.Thread(target=_submit, args=(app, i, i >= ABANDONED, start, numbers, errors))
               for i in range(total)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(numbers) == len(set(numbers)) == SUBMISSIONS
    with app.app_context():
        stored = sorted(db.session.scalars(select(Complaint.number).where(Complaint.number.like(f"TS-{YEAR}-%"))))
    assert stored == [f"TS-{YEAR}-{n:06d}" for n in range(1, SUBMISSIONS + 1)], db_kind
