"""The computed satisfaction of institutions, from their user evaluations (7.1-1).

The score is the platform's own formula (``dimensions.OVERALL_FORMULA``): the plain mean of the nine
dimension means, on the survey's 1–10 scale. Only user evaluations (kind ``user``) count: a
self-evaluation is not a user's satisfaction. Below ``QI_EVALUATION_MIN_COUNT`` evaluations (default
5) there is no score, only the count: a handful of answers says little.
"""
from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..parameters.read import setting
from .dimensions import COLUMNS
from .models import USER, Evaluation

DEFAULT_MIN_COUNT = 5


def min_count() -> int:
    """How many evaluations a score needs (``QI_EVALUATION_MIN_COUNT``)."""
    value = setting("QI_EVALUATION_MIN_COUNT", DEFAULT_MIN_COUNT)
    return int(value if value is not None else DEFAULT_MIN_COUNT)


def _score():
    return (sum(func.avg(getattr(Evaluation, c)) for c in COLUMNS) / len(COLUMNS))


def satisfaction_scores(institution_ids=None):
    """A subquery ``(institution_id, score, count)`` of the institutions with user evaluations
    (of ``institution_ids``, a list or a subquery of ids, when given: only their rows are read);
    ``score`` is NULL below the minimum count. Join it to order institutions by satisfaction."""
    count = func.count(Evaluation.id)
    query = (select(Evaluation.institution_id.label("institution_id"),
                    case((count >= min_count(), _score()), else_=None).label("score"), count.label("count"))
             .where(Evaluation.kind == USER, Evaluation.institution_id.is_not(None)))
    if institution_ids is not None:
        query = query.where(Evaluation.institution_id.in_(institution_ids))
    return query.group_by(Evaluation.institution_id).subquery("qi_satisfaction")


def satisfaction_of(session: Session, institution_ids) -> dict[int, tuple[float | None, int]]:
    """``{institution id: (score, count)}`` for ``institution_ids``, computed in SQL; ``score`` is
    None below ``QI_EVALUATION_MIN_COUNT`` evaluations, and an institution without any is
    ``(None, 0)``."""
    ids = [i for i in dict.fromkeys(institution_ids) if i is not None]
    if not ids:
        return {}
    rows = session.execute(select(Evaluation.institution_id, func.count(Evaluation.id), _score())
                           .where(Evaluation.kind == USER, Evaluation.institution_id.in_(ids))
                           .group_by(Evaluation.institution_id)).all()
    needed = min_count()
    found = {i: (round(float(score), 1) if count >= needed and score is not None else None, int(count))
             for i, count, score in rows}
    return {i: found.get(i, (None, 0)) for i in ids}
