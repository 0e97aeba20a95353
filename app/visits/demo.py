"""Demo visits (``flask qi demo``): at the demo park station, a visit done with a need collected on
it, one overdue and one planned for next week. Nothing is added when the demo has no park station."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ..accounts.models import Organisation
from ..needs.demo import ENTERPRISE_NAME
from ..windows.models import PARK, ServiceWindow
from ..workdays import today
from . import flow
from .models import EnterpriseVisit

DEMO_ACTOR = "demo"


def load_visits_demo(session) -> int:
    """Add the demo visits once (none when the demo park station or enterprise is missing, or the
    station has demo visits already); returns how many were added."""
    from flask_appbuilder.security.sqla.models import User

    window = session.scalar(select(ServiceWindow).where(ServiceWindow.kind == PARK).order_by(ServiceWindow.id).limit(1))
    enterprise = session.scalar(select(Organisation).where(Organisation.name == ENTERPRISE_NAME))
    if window is None or enterprise is None:
        return 0
    if session.scalar(select(EnterpriseVisit.id).where(EnterpriseVisit.window_id == window.id,
                                                       EnterpriseVisit.created_by == DEMO_ACTOR).limit(1)):
        return 0
    visitor_id = session.scalar(select(User.id).where(User.username == "window"))
    on = today()

    def plan(days, purpose):
        return flow.plan_visit(session, organisation_id=enterprise.id, planned_on=on + dt.timedelta(days=days),
                               purpose=purpose, visitor="张强", actor=DEMO_ACTOR, window_id=window.id,
                               visitor_id=visitor_id)

    done = plan(-5, "了解企业计量器具检定和产品检测需求")
    flow.log_visit(session, done, done_on=on - dt.timedelta(days=5), met="生产部陈经理",
                   notes="企业新购 8 台压力表待检定，出口产品需要农残检测报告。", outcome="登记需求 1 项，约定下月回访",
                   actor=DEMO_ACTOR)
    flow.collect_need(session, done, title="新购压力表检定（8 只）", description="走访时企业提出，演示数据",
                      contact_name=enterprise.contact_person, contact="13995012345", actor=DEMO_ACTOR,
                      token="demo-visit-need-1")
    plan(-2, "回访质量管理体系诊断的整改情况")  # overdue: planned for a day that has passed
    plan(7, "宣讲园区服务站的送检服务")
    return 3
