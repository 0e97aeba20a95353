"""Case numbers under concurrency (issue 12): 50 submissions at once, each on its own connection,
through ``flow.file_need`` and a commit: no duplicates, no gaps, on SQLite and PostgreSQL."""
import datetime as dt
import threading

from sqlalchemy import select

from app.extensions import db
from app.needs import flow
from app.needs.models import Need

SUBMISSIONS = 50
ABANDONED = 10  # submissions rolled back: their numbers must be given back
YEAR = 2031  # a year no other test files needs in, so its counter starts at 0


def _submit(app, i: int, commit: bool, start: threading.Barrier, numbers: list, errors: list):
    with app.app_context():
        session = db.session()  # its own session and connection: sessions are per app context
        try:
            start.wait(timeout=30)
            need, _ = flow.file_need(session, need_type="service", title=f"并发需求{i}", contact_name="张三",
                                     contact="13800000000", actor="tester",
                                     submitted_at=dt.datetime(YEAR, 3, 4, 2, 0, i))
            if commit:
                session.commit()
                numbers.append(need.number)
            else:
                session.rollback()
        except Exception as exc:  # reported below: a thread's failure must fail the test
            session.rollback()
            errors.append(repr(exc))
        finally:
            db.session.remove()


def test_50_concurrent_submissions_get_numbers_1_to_50_without_duplicates_or_gaps(app, db_kind):
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
        stored = sorted(db.session.scalars(select(Need.number).where(Need.number.like(f"XQ-{YEAR}-%"))))
    assert stored == [f"XQ-{YEAR}-{n:06d}" for n in range(1, SUBMISSIONS + 1)], db_kind
