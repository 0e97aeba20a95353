"""Demo improvement work: two actions (one overdue at the demo institution, one published with its
follow-up) and last year's summary and plan, so the lists and the public page show something.
Idempotent: an action is added once (by title)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ..accounts.models import Organisation
from ..workdays import today
from .flow import open_action, save_year, set_public_note
from .models import ImprovementAction, ImprovementYear

INSTITUTION_NAME = "宁夏计量质量检验检测研究院"
ACTIONS = [
    # title, description, days from today to the due date, public follow-up (None: not published)
    ("缩短检测报告出具周期", "针对“时限”类投诉与评价，梳理送样到出具报告的流程。", -5, None),
    ("窗口服务态度专项培训", "针对服务态度评分偏低，组织窗口人员培训并回访。", 20,
     "已组织两期培训，回访用户满意度提升。"),
]


def load_improvement_demo(session) -> int:
    """Add the demo actions and yearly document that are missing; returns how many were added."""
    institution = session.scalar(select(Organisation.id).where(Organisation.name == INSTITUTION_NAME))
    added = 0
    for title, description, days, note in ACTIONS:
        if session.scalar(select(ImprovementAction.id).where(ImprovementAction.title == title)) is not None:
            continue
        action = open_action(session, title=title, description=description,
                             due_on=today() + dt.timedelta(days=days), actor="platform", owner_org_id=institution)
        if note:
            set_public_note(session, action, note, published=True)
        added += 1
    year = today().year - 1
    if session.get(ImprovementYear, year) is None:
        save_year(session, year, "全年收到评价与投诉的分析：响应及时率、满意度均有提升，服务时限仍是主要不满意项。",
                  "来年计划：压缩检测周期，窗口服务标准化，按季度公布满意度结果。", publish=True, actor="platform")
        added += 1
    return added
