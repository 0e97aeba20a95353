"""Demo publication: the newest closed quarter that has demo evaluations is published, so the public
satisfaction page shows results on a fresh ``make run``. Nothing happens when the demo has no
evaluations or the quarter is published already."""
from __future__ import annotations

from sqlalchemy import select

from .models import Evaluation, PublishedQuarter
from .publication import is_closed, publish_quarter


def load_publication_demo(session) -> int:
    """Publish the newest closed quarter with evaluations, if not yet published; 1 when it did."""
    quarters = session.execute(select(Evaluation.year, Evaluation.quarter).distinct()
                               .order_by(Evaluation.year.desc(), Evaluation.quarter.desc()).limit(8)).all()
    closed = [(y, q) for y, q in quarters if is_closed(y, q)]
    if not closed:
        return 0
    year, quarter = closed[0]
    if session.scalar(select(PublishedQuarter.id).where(PublishedQuarter.year == year,
                                                        PublishedQuarter.quarter == quarter)) is not None:
        return 0
    publish_quarter(session, year, quarter, "platform")
    return 1
