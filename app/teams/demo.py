"""A demo expert team for the demo enterprise's window (``flask qi demo``; nothing when that window
does not exist yet)."""
from __future__ import annotations

from sqlalchemy import select

from ..accounts.models import Organisation
from ..needs.demo import ENTERPRISE_NAME
from ..needs.models import Need
from ..windows.models import ENTERPRISE_WINDOW, ServiceWindow
from .models import ExpertMember, ExpertTeam, TeamNeed

TEAM = "枸杞深加工专家团队"
EXPERTS = [("马志强", "equipment", "正高级工程师", "宁夏食品机械研究所", "0951-5000001"),
           ("李春燕", "product", "研究员", "宁夏农林科学院枸杞科学研究所", "0951-5000002"),
           ("王海涛", "problems", "教授", "宁夏大学食品与葡萄酒学院", "0951-5000003")]


def load_teams_demo(session) -> int:
    """Add the demo team when missing, attached to the needs of its window; returns 1 when added."""
    enterprise = session.scalar(select(Organisation).where(Organisation.name == ENTERPRISE_NAME))
    if enterprise is None or session.scalar(select(ExpertTeam).where(ExpertTeam.name == TEAM)) is not None:
        return 0
    window = session.scalar(select(ServiceWindow).where(ServiceWindow.kind == ENTERPRISE_WINDOW,
                                                        ServiceWindow.organisation_id == enterprise.id)
                            .order_by(ServiceWindow.id))
    if window is None:
        return 0
    team = ExpertTeam(window_id=window.id, organisation_id=enterprise.id, name=TEAM,
                      description="为枸杞深加工项目提供设备选型、新产品研发和关键技术攻关支持。",
                      members=[ExpertMember(name=n, field=f, title=t, employer=e, contact=c) for n, f, t, e, c in EXPERTS])
    session.add(team)
    session.flush()
    for need_id in session.scalars(select(Need.id).where(Need.window_id == window.id).order_by(Need.id).limit(10)):
        session.add(TeamNeed(team_id=team.id, need_id=need_id, attached_by="demo"))
    return 1
