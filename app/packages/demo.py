"""A demo package: the demo enterprise's open needs bundled for the demo institution's window
(``flask qi demo``; nothing when that window does not exist yet)."""
from __future__ import annotations

from sqlalchemy import select

from ..accounts.models import Organisation
from ..needs.demo import ENTERPRISE_NAME, INSTITUTION_NAME
from ..needs.models import Need
from ..needs.states import OPEN
from ..windows.models import INSTITUTION_WINDOW, ServiceWindow
from . import bundling
from .models import NeedPackage

TITLE = "枸杞食品企业检验检测打包服务"


def load_packages_demo(session) -> int:
    """Add the demo package when missing; returns 1 when it was added, 0 otherwise."""
    institution = session.scalar(select(Organisation).where(Organisation.name == INSTITUTION_NAME))
    enterprise = session.scalar(select(Organisation).where(Organisation.name == ENTERPRISE_NAME))
    if institution is None or enterprise is None or session.scalar(select(NeedPackage).where(NeedPackage.title == TITLE)):
        return 0
    window = session.scalar(select(ServiceWindow).where(ServiceWindow.kind == INSTITUTION_WINDOW,
                                                        ServiceWindow.organisation_id == institution.id,
                                                        ServiceWindow.active.is_(True)).order_by(ServiceWindow.id))
    if window is None:
        return 0
    package = bundling.create_package(session, title=TITLE, window=window, industry=enterprise.industry or "",
                                      stages=["production", "supply"], actor="demo",
                                      description="同一行业多家企业的农残、重金属检测需求，由研究院窗口统一受理、集中送检。")
    needs = session.scalars(select(Need).where(Need.organisation_id == enterprise.id, Need.state.in_(OPEN))
                            .order_by(Need.id).limit(5)).all()
    bundling.add_needs(session, package, list(needs), "demo")
    return 1
