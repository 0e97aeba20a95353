"""Counting the SQL statements a request sends: the tool of the statement-budget tests.

``counting(app)`` yields a list of (SQL, parameters) of every statement the app's engine sends while
the block runs; ``statements_of(app, client, url)`` requests ``url`` once (so that one-off work,
caches filled on a process's first request, does not count), then counts a second request. A count
is deterministic, unlike a time: tests assert counts, benchmarks (bench/) measure times.
"""
from __future__ import annotations

import contextlib

import sqlalchemy as sa


@contextlib.contextmanager
def counting(app):
    """Yields a list that holds (SQL, parameters) of every statement sent while the block runs."""
    from ..extensions import db

    statements: list[tuple[str, object]] = []
    with app.app_context():
        engine = db.engine

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)


def statements_of(app, client, url: str) -> tuple[int, str]:
    """(statements one GET of ``url`` sends, its HTML); the page is requested once first."""
    assert client.get(url).status_code == 200, url
    with counting(app) as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements), response.get_data(as_text=True)
