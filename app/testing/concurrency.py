"""Submissions at the same moment, each on its own session and connection, for race tests."""
from __future__ import annotations

import threading
from typing import Callable


def numbers_filed_at_once(app, file_one: Callable, submissions: int = 50, abandoned: int = 10) -> tuple[list, list]:
    """Start ``submissions + abandoned`` threads together; each calls ``file_one(session, i)`` (which
    returns the filed case) in its own app context; the first ``abandoned`` roll back, the others
    commit. Returns (the committed cases' numbers, the errors raised): a rolled-back case must give
    its number back, so the committed numbers are exactly 1 … ``submissions``."""
    from ..extensions import db

    numbers, errors = [], []
    start = threading.Barrier(submissions + abandoned)

    def submit(i: int) -> None:
        with app.app_context():
            session = db.session()  # its own session and connection: sessions are per app context
            try:
                start.wait(timeout=30)
                case = file_one(session, i)
                if i >= abandoned:
                    session.commit()
                    numbers.append(case.number)
                else:
                    session.rollback()
            except Exception as exc:  # returned: a thread's failure must fail the test
                session.rollback()
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(submissions + abandoned)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return numbers, errors
