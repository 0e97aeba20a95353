"""Demo needs: the demo enterprise's cases in every stage, so the SLA board, "my cases" and the
institution's incoming list show something on a fresh ``make run``."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ..accounts.models import Organisation
from ..catalog.models import ServiceItem
from ..workdays import is_working_day, today
from . import flow
from .models import Need
from .states import INSTITUTION, STAFF

ENTERPRISE_NAME, INSTITUTION_NAME = "宁夏红宝枸杞食品有限公司", "宁夏计量质量检验检测研究院"
# token, item code prefix (category), title, working days ago, channel, steps
DEMO_NEEDS = [
    ("demo-need-1", "metrology", "电子天平年度检定", 0, "online", []),
    ("demo-need-2", "testing", "枸杞干果农残检测", 2, "phone", []),
    ("demo-need-3", "standardization", "企业标准制定咨询", 3, "online", [("respond", STAFF, None)]),
    ("demo-need-4", "metrology", "压力表检定（12 只）", 4, "window",
     [("respond", STAFF, None), ("plan", STAFF, "由宁夏计量质量检验检测研究院上门检定，约 5 个工作日"), ("match", STAFF, "institution")]),
    ("demo-need-5", "testing", "出口枸杞检验报告", 6, "online",
     [("plan", STAFF, "送样至研究院检测中心，7 个工作日出具报告"), ("match", STAFF, "institution"), ("accept", INSTITUTION, None)]),
    ("demo-need-6", "quality", "质量管理体系诊断", 12, "onsite",
     [("plan", STAFF, "专家上门诊断"), ("match", STAFF, "institution"), ("accept", INSTITUTION, None),
      ("deliver", INSTITUTION, "诊断报告已交付，提出 6 项改进建议"), ("inform", STAFF, None)]),
]


# needs that came to the demo park station: its staff (the demo user ``window``) see them
AT_PARK = {"demo-need-2", "demo-need-4"}


def _working_days_ago(n: int) -> dt.date:
    day = today()
    while n > 0:
        day -= dt.timedelta(days=1)
        n -= is_working_day(day)
    return day


def _item(session, category_code: str):
    from ..catalog.models import ServiceCategory

    return session.scalar(select(ServiceItem).join(ServiceCategory).where(ServiceCategory.code == category_code)
                          .order_by(ServiceItem.order, ServiceItem.id).limit(1))


def load_needs_demo(session) -> int:
    """Add the demo needs that are missing; returns how many were added."""
    enterprise = session.scalar(select(Organisation).where(Organisation.name == ENTERPRISE_NAME))
    institution = session.scalar(select(Organisation).where(Organisation.name == INSTITUTION_NAME))
    if enterprise is None or institution is None:
        return 0
    from ..windows.demo import park_window_id

    have = set(session.scalars(select(Need.token).where(Need.token.like("demo-need-%"))))
    park = park_window_id(session)
    added = 0
    for token, category, title, days_ago, channel, steps in DEMO_NEEDS:
        if token in have:
            continue
        day = _working_days_ago(days_ago)
        submitted = dt.datetime.combine(day, dt.time(1, 30))  # 09:30 China time
        need, _ = flow.file_need(session, need_type="service", title=title, contact_name=enterprise.contact_person,
                                 contact="13995012345", actor="demo", token=token, item=_item(session, category),
                                 organisation_id=enterprise.id, channel=channel, submitted_at=submitted,
                                 description="演示数据", window_id=park if token in AT_PARK else None)
        for step, kind, comment in steps:
            flow.take_step(session, need, step, actor="demo", actor_kinds={kind},
                           comment=None if comment == "institution" else comment,
                           institution_id=institution.id if comment == "institution" else None)
        added += 1
    return added
