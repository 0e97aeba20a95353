"""Evaluations written straight into the database, for tests of what reads them."""
from __future__ import annotations

import datetime as dt
import itertools

from app.evaluations.models import USER
from app.evaluations.survey import SurveyAnswers, save_evaluation

_n = itertools.count(1)


def answers(rating: int = 8, **overrides) -> SurveyAnswers:
    """A complete survey with every rating ``rating`` (``r3=2`` … overrides one)."""
    ratings = {f"r{i}": rating for i in range(1, 10)}
    reasons = overrides.pop("reasons", {})
    ratings.update({k: overrides.pop(k) for k in list(overrides) if k in ratings})
    return SurveyAnswers(user_name="评价测试企业", service_date=dt.date(2026, 10, 9), contact_name="张三",
                         phone="13900000000", institution_name="评价测试机构", category_ids=[], ratings=ratings,
                         reasons=reasons, **overrides)


def add_evaluations(session, institution_id: int, rating: int, count: int, kind: str = USER,
                    submitted_at: dt.datetime | None = None) -> None:
    """``count`` user evaluations of ``institution_id`` with every rating ``rating`` (no need); commits."""

    class _Need:  # the fields save_evaluation reads of a need
        id = None
        organisation_id = None
        window_id = None

    for _ in range(count):
        need = _Need()
        need.institution_id = institution_id
        save_evaluation(session, answers(rating), respondent=f"c:test{next(_n)}", need=need, kind=kind,
                        submitted_at=submitted_at)
    session.commit()
