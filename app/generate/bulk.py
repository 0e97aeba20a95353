"""The one bulk-insert helper every generator uses (core and plugins, through ``app.kit``)."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert
from sqlalchemy.orm import Session

BATCH = 5000


def bulk_insert(session: Session, model, rows: Iterable[dict], batch: int = BATCH) -> int:
    """Insert ``rows`` (plain dicts) into ``model``'s table with Core ``insert`` in batches of
    ``batch`` (one executemany each, no ORM object per row); returns how many were inserted."""
    count, chunk = 0, []
    for row in rows:
        chunk.append(row)
        if len(chunk) == batch:
            session.execute(insert(model), chunk)
            count, chunk = count + len(chunk), []
    if chunk:
        session.execute(insert(model), chunk)
        count += len(chunk)
    return count
