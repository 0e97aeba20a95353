"""Demo announcements: one pinned, one ordinary, so the home page and the list show something.
Idempotent: an announcement is added once (by its Chinese title)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ..workdays import today
from .models import Announcement

ANNOUNCEMENTS = [
    # title zh, title en, body zh, body en, days ago, pinned
    ("平台试运行公告", "The platform is in trial operation",
     "质量基础设施一站式服务平台现已试运行，欢迎企业在线提交计量、标准、检验检测、认证认可等服务需求。",
     "The QI one-stop platform is in trial operation: enterprises can file their metrology, standards, testing and "
     "certification needs online.", 7, True),
    ("银川经开区质量服务站延长办公时间", "Yinchuan ETDZ Quality Service Station opens longer",
     "自本月起，服务站工作日办公时间延长至 18:00。", "From this month the station is open until 18:00 on working days.",
     2, False),
]


def load_announcements_demo(session) -> int:
    added = 0
    for title_zh, title_en, body_zh, body_en, days_ago, pinned in ANNOUNCEMENTS:
        if session.scalar(select(Announcement.id).where(Announcement.title_zh == title_zh)) is not None:
            continue
        session.add(Announcement(title_zh=title_zh, title_en=title_en, body_zh=body_zh, body_en=body_en,
                                 publish_from=today() - dt.timedelta(days=days_ago), pinned=pinned, created_by="platform"))
        added += 1
    return added
