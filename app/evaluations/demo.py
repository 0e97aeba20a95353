"""Demo evaluations: about twenty surveys of the demo institution across this quarter and the one
before, a few of them low (with their dissatisfaction cases), so the evaluation lists and the
quarterly statistics show something on a fresh ``make run``. Loading twice adds nothing."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ..accounts.models import Organisation
from ..catalog.models import ServiceCategory
from ..needs.demo import ENTERPRISE_NAME, INSTITUTION_NAME
from ..windows.demo import PARK_CODE
from ..windows.models import ServiceWindow
from .models import PAPER, PHONE, SELF, THIRD_PARTY, USER, Evaluation
from .survey import SurveyAnswers, save_evaluation

_LOW_REASONS = {"r3": "受理窗口停车不便，排队时间长", "r6": "检测费用比预期高", "r4": "线上查询进度不方便"}


def _plan():
    """(number, quarters back (0 this quarter, 1 the one before), base rating, low ratings, kind) of each survey."""
    plan = []
    for n in range(20):
        quarter_back = n % 2
        base = 7 + (n * 3) % 4  # 7 … 10
        low = {}
        if n in (3, 11, 16):
            column = ("r3", "r6", "r4")[(3, 11, 16).index(n)]
            low = {column: 3 if n != 16 else 4}
        kind = SELF if n == 7 else THIRD_PARTY if n == 13 else USER
        plan.append((n, quarter_back, base, low, kind))
    return plan


def _moment(quarter_back: int, n: int) -> dt.datetime:
    """A moment in this quarter (up to now) or in the quarter before, in UTC."""
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    start = dt.datetime(now.year, 3 * ((now.month - 1) // 3) + 1, 1)
    if quarter_back:
        previous = start - dt.timedelta(days=1)
        start = dt.datetime(previous.year, 3 * ((previous.month - 1) // 3) + 1, 1)
        end = dt.datetime(previous.year, previous.month, 1) + dt.timedelta(days=25)
    else:
        end = now
    span = max((end - start).total_seconds(), 3600)
    return start + dt.timedelta(seconds=span * ((n * 37) % 100) / 100) + dt.timedelta(hours=2)


class _About:
    """The responsible institution and window of a demo survey (no need behind it)."""

    id = None

    def __init__(self, organisation_id, institution_id, window_id):
        self.organisation_id, self.institution_id, self.window_id = organisation_id, institution_id, window_id


def load_evaluations_demo(session) -> int:
    """Add the demo evaluations that are missing; returns how many were added."""
    orgs = {o.name: o.id for o in session.scalars(select(Organisation).where(
        Organisation.name.in_((ENTERPRISE_NAME, INSTITUTION_NAME))))}
    if INSTITUTION_NAME not in orgs:
        return 0
    window_id = session.scalar(select(ServiceWindow.id).where(ServiceWindow.code == PARK_CODE))
    categories = list(session.scalars(select(ServiceCategory.id).where(ServiceCategory.code.in_(("metrology", "testing")))))
    have = set(session.scalars(select(Evaluation.respondent).where(Evaluation.respondent.like("c:demo-eval-%"))))
    about = _About(orgs.get(ENTERPRISE_NAME), orgs[INSTITUTION_NAME], window_id)
    added = 0
    for n, quarter_back, base, low, kind in _plan():
        respondent = f"c:demo-eval-{n}"
        if respondent in have:
            continue
        ratings = {f"r{i}": min(10, base + (i % 3 == 0)) for i in range(1, 10)}
        ratings.update(low)
        submitted = _moment(quarter_back, n)
        answers = SurveyAnswers(user_name=ENTERPRISE_NAME if n % 3 else f"银川演示企业 {n} 号",
                                service_date=(submitted - dt.timedelta(days=3)).date(), contact_name="陈伟",
                                phone=f"1390951{n:04d}", institution_name=INSTITUTION_NAME,
                                category_ids=categories[: 1 + n % 2], ratings=ratings,
                                reasons={column: _LOW_REASONS[column] for column in low},
                                suggestions="希望增加周末受理时间" if n % 5 == 0 else None)
        save_evaluation(session, answers, respondent=respondent, need=about, kind=kind,
                        source=PHONE if n % 4 == 0 else PAPER, entered_by="platform", submitted_at=submitted)
        added += 1
    return added
