"""The figures of the staff's operations dashboard (4.1-4c): needs opened and closed, SLA compliance,
overdue work, complaints, and this quarter's satisfaction, for the platform, per category and per
window. Every figure is a grouped SQL query over the period (``app.dashboard.period``).

SLA compliance counts the needs received in the period whose deadline has come (responded or
answered, or past the date): on time when the response (answer) was given on or before its
working-day due date, China time.
"""
from __future__ import annotations

from sqlalchemy import and_, case, func, or_, select

from ..extensions import db
from ..workdays import today
from .period import Period, china_date, quarter_of


def _sum(condition):
    return func.sum(case((condition, 1), else_=0))


def _rate(part: int, whole: int) -> float | None:
    """A percentage with one decimal, or None when there is nothing to measure."""
    return round(100.0 * part / whole, 1) if whole else None


def need_columns(period: Period):
    """(opened, closed, respond due, responded on time, answer due, answered on time) as SQL sums."""
    from ..needs.models import Need
    from ..needs.states import CANCELLED

    received = period.holds(Need.submitted_at)
    on = today()
    respond_due = and_(received, or_(Need.responded_at.is_not(None),
                                     and_(Need.respond_due < on, Need.state != CANCELLED)))
    answer_due = and_(received, or_(Need.answered_at.is_not(None),
                                    and_(Need.answer_due < on, Need.state != CANCELLED)))
    return (_sum(received), _sum(period.holds(Need.closed_at)),
            _sum(respond_due), _sum(and_(received, china_date(Need.responded_at) <= Need.respond_due)),
            _sum(answer_due), _sum(and_(received, china_date(Need.answered_at) <= Need.answer_due)))


def _need_row(values) -> dict:
    opened, closed, respond_due, responded, answer_due, answered = (int(v or 0) for v in values)
    return {"opened": opened, "closed": closed, "respond_due": respond_due, "responded_on_time": responded,
            "respond_rate": _rate(responded, respond_due), "answer_due": answer_due, "answered_on_time": answered,
            "answer_rate": _rate(answered, answer_due)}


def _touching(period: Period):
    from ..needs.models import Need

    return or_(period.holds(Need.submitted_at), period.holds(Need.closed_at))


def need_figures(period: Period) -> dict:
    """The platform's needs in the period (one statement)."""
    return _need_row(db.session.execute(select(*need_columns(period)).where(_touching(period))).one())


def needs_by(period: Period, column) -> list[tuple]:
    """(key, figures) per value of ``column`` of ``qi_need`` (category_id, window_id), one grouped statement."""
    rows = db.session.execute(select(column, *need_columns(period)).where(_touching(period)).group_by(column)).all()
    return [(row[0], _need_row(row[1:])) for row in rows]


def complaint_figures(period: Period) -> dict:
    """Complaints received in the period, open now and overdue now (one statement)."""
    from ..complaints.models import OPEN_STATES, Complaint

    is_open = Complaint.state.in_(OPEN_STATES)
    received, still_open, late = db.session.execute(select(
        _sum(period.holds(Complaint.submitted_at)), _sum(is_open),
        _sum(and_(is_open, Complaint.due_on < today()))).where(
        or_(period.holds(Complaint.submitted_at), is_open))).one()
    return {"received": int(received or 0), "open": int(still_open or 0), "overdue": int(late or 0)}


def satisfaction_quarter(period: Period) -> tuple[int, int]:
    """The quarter whose satisfaction is shown: the period's when it is a quarter, else the current one."""
    return period.quarter or quarter_of(today())


def satisfaction(year: int, quarter: int) -> dict:
    """The count of evaluations received in the quarter and the mean of each of the nine dimensions;
    ``overall`` is the platform's own formula (``OVERALL_FORMULA``: the plain mean of the nine means)."""
    from ..evaluations.dimensions import COLUMNS, DIMENSIONS
    from ..evaluations.models import Evaluation

    row = db.session.execute(select(func.count(), *(func.avg(getattr(Evaluation, c)) for c in COLUMNS))
                             .where(Evaluation.year == year, Evaluation.quarter == quarter)).one()
    count, means = row[0], [None if m is None else round(float(m), 2) for m in row[1:]]
    overall = round(sum(means) / len(means), 2) if count else None
    return {"year": year, "quarter": quarter, "count": count, "overall": overall,
            "dimensions": [(column, str(label), mean) for (column, label), mean in zip(DIMENSIONS, means)]}


def satisfaction_by_window(year: int, quarter: int) -> dict:
    """Per window: (evaluations, overall score) of the quarter. The mean of a row's nine ratings
    averaged over the rows equals the mean of the nine dimension means, every rating being present."""
    from ..evaluations.dimensions import COLUMNS
    from ..evaluations.models import Evaluation

    total = sum((getattr(Evaluation, c) for c in COLUMNS[1:]), getattr(Evaluation, COLUMNS[0]))
    rows = db.session.execute(select(Evaluation.window_id, func.count(), func.avg(total * 1.0 / len(COLUMNS)))
                              .where(Evaluation.year == year, Evaluation.quarter == quarter,
                                     Evaluation.window_id.is_not(None))
                              .group_by(Evaluation.window_id)).all()
    return {window: (count, round(float(mean), 2)) for window, count, mean in rows}


def operations(period: Period, user) -> dict:
    """Everything the operations page shows staff ``user`` for ``period`` (a fixed handful of statements)."""
    from ..catalog.models import ServiceCategory
    from ..needs.models import Need
    from ..needs.views import board_counts, window_names
    from .queues import quality_counts

    year, quarter = satisfaction_quarter(period)
    quality = quality_counts(user, reviews=True)  # staff: every row; the review counts in the same statement
    by_category = needs_by(period, Need.category_id)
    by_window = needs_by(period, Need.window_id)
    names = {c.id: c.name for c in db.session.scalars(select(ServiceCategory))}
    windows = window_names([w for w, _ in by_window])
    return {
        "period": period,
        "needs": need_figures(period),
        "board": board_counts(None, today()),
        "complaints": complaint_figures(period),
        "reviews": {"total": quality["review_total"], "overdue": quality["review_overdue"]},
        "quality": quality,
        "satisfaction": satisfaction(year, quarter),
        "by_category": sorted(((names.get(c, "—") if c is not None else None, f) for c, f in by_category),
                              key=lambda item: (-item[1]["opened"], str(item[0]))),
        "by_window": sorted(((windows[w].shown_name if w in windows else None, f, w) for w, f in by_window),
                            key=lambda item: (-item[1]["opened"], str(item[0]))),
        "window_satisfaction": satisfaction_by_window(year, quarter),
    }

