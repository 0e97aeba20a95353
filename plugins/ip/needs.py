"""Patent-navigation requests (专利导航需求) as needs of the type ``ip_navigation``, and the matcher
that proposes IP agencies.

An enterprise describes the field and what the navigation should achieve: that files a need on
the platform's clock and flow (the field, goal and wanted date in ``need.details``). Staff respond,
answer with a plan and match it to an agency on the need page (the agencies offering navigation
come first); the agency accepts, and its answer is the delivery. The enterprise and the matched
agency see the need; other enterprises and agencies never do.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit import (MatchCandidate, Need, NeedMatcher, NeedType, Organisation, file_need, need_text,
                     organisation_is_public)

from .models import AGENCY_SERVICES, IpAgency

NAVIGATION_NEED = "ip_navigation"
ITEM = "ip-navigation-protection-finance"


def summary(need: Need) -> str:
    details = need.details or {}
    return " · ".join(filter(None, [details.get("field"), details.get("goal")]))


def file_navigation_need(session: Session, enterprise: Organisation, *, field: str, goal: str, description: str,
                         wanted_by: dt.date | None, token: str, actor: str) -> Need:
    """File the need; sending the same form twice (same ``token``) returns the first one."""
    need, _ = file_need(
        session, need_type=NAVIGATION_NEED, token=token, actor=actor, organisation_id=enterprise.id,
        title=need_text(_l("Patent navigation: %(field)s"), field=field[:150]), description=description,
        contact_name=enterprise.contact_person, contact=enterprise.contact_phone,
        details={"field": field, "goal": goal, "wanted_by": wanted_by.isoformat() if wanted_by else None})
    return need


def _region_match(a: str, b: str) -> int:
    return next((level for level, length in ((3, 6), (2, 4), (1, 2)) if a and b and a[:length] == b[:length]), 0)


def match(session: Session, need: Need, limit: int) -> list[MatchCandidate]:
    """Approved IP agencies: for a navigation need those offering navigation (others after them),
    nearest to the enterprise first."""
    region = need.organisation.region_code if need.organisation is not None else ""
    rows = session.scalars(select(IpAgency).join(IpAgency.organisation).where(organisation_is_public())
                           .order_by(Organisation.name).limit(500)).all()
    wanted = "navigation" if need.need_type == NAVIGATION_NEED else None

    def score(agency: IpAgency) -> float:
        return 1.0 if wanted is None or wanted in agency.service_list else 0.5

    rows = sorted(rows, key=lambda a: (-score(a), -_region_match(a.organisation.region_code, region)))
    return [MatchCandidate(a.organisation_id, a.organisation.name, score(a),
                           AGENCY_SERVICES.labels(a.service_list)) for a in rows[:limit]]


NEED_TYPES = [NeedType(NAVIGATION_NEED, _l("Patent navigation"), category="ip", item=ITEM, summary=summary)]
MATCHERS = [NeedMatcher("ip_agencies", _l("IP service agencies"), match, categories=("ip",))]
