"""Regional analysis for the staff (6.3.1-4): what the enterprises of each industry and region need,
by category and month, and which needs the platform could not serve itself (referred outside).

A need's industry and region are those of the enterprise that filed it (``qi_organisation.industry``,
``region_code``, named by ``app.regions``); needs without an enterprise count under "not given".
Every table is one grouped statement over the needs received in the period.
"""
from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from .period import Period, china_month

TOP_UNMET = 10


def _with_parents(code: str) -> list[str]:
    """The code, its city's and its province's (GB/T 2260: 2 digits province, 2 city, 2 district)."""
    return [code, code[:4] + "00", code[:2] + "0000"]


def region_name(code: str | None, names: dict[str, str]) -> str | None:
    """The division's name; a division the platform does not list is named by its nearest listed
    parent with its own code (``银川市 640105``), or by its code alone."""
    if not code:
        return None
    if code in names:
        return names[code]
    parent = next((names[c] for c in _with_parents(code)[1:] if c in names), None)
    return f"{parent} {code}" if parent else code


def _needs(period: Period, *columns):
    from ..accounts.models import Organisation
    from ..needs.models import Need

    return (select(*columns, func.count()).select_from(Need)
            .outerjoin(Organisation, Organisation.id == Need.organisation_id)
            .where(period.holds(Need.submitted_at)))


def regional(period: Period) -> dict:
    """The regional tables for ``period``: lists of (label, count), largest first (months in order)."""
    from ..accounts.models import Organisation
    from ..catalog.models import ServiceCategory, ServiceItem
    from ..needs.models import Need
    from ..needs.states import REFERRED
    from ..regions.models import Region

    industry = func.nullif(func.trim(Organisation.industry), "")  # blank: not given
    by_industry = db.session.execute(_needs(period, industry).group_by(industry)).all()
    by_region = db.session.execute(_needs(period, Organisation.region_code).group_by(Organisation.region_code)).all()
    by_category = db.session.execute(_needs(period, Need.category_id).group_by(Need.category_id)).all()
    month = china_month(Need.submitted_at)
    by_month = db.session.execute(_needs(period, month).group_by(month).order_by(month)).all()
    unmet = db.session.execute(
        _needs(period, Need.item_id, Need.category_id).where(Need.state == REFERRED)
        .group_by(Need.item_id, Need.category_id).order_by(func.count().desc(), Need.item_id).limit(TOP_UNMET)).all()

    codes = {c for code, _ in by_region if code for c in _with_parents(code)}
    regions = {r.code: r.name for r in db.session.scalars(select(Region).where(Region.code.in_(codes)))} if codes else {}
    categories = {c.id: c.name for c in db.session.scalars(select(ServiceCategory))}
    item_ids = [item for item, _, _ in unmet if item is not None]
    items = ({i.id: i.name for i in db.session.scalars(select(ServiceItem).where(ServiceItem.id.in_(item_ids)))}
             if item_ids else {})

    def largest(rows):
        return sorted(rows, key=lambda row: (-row[1], str(row[0])))

    return {
        "period": period,
        "total": sum(n for _, n in by_month),
        "by_industry": largest([(name, n) for name, n in by_industry]),
        "by_region": largest([(region_name(code, regions), n) for code, n in by_region]),
        "by_category": largest([(categories.get(c), n) for c, n in by_category]),
        "by_month": [(m, n) for m, n in by_month],
        "unmet": [(items.get(item), categories.get(category), n) for item, category, n in unmet],
    }
