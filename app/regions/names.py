"""Region names for display, each region read at most once per request whatever the number of
lists on a page that name it (the window network named its windows' and its resources' regions
with a statement each, after reading every active region for its filter)."""
from __future__ import annotations

from flask import g, has_request_context
from sqlalchemy import select

from ..extensions import db
from .models import Region


def _kept() -> dict:
    return g.setdefault("qi_regions", {}) if has_request_context() else {}


def known_regions(regions) -> None:
    """Regions this request has read anyway (a filter's choices): later names need no statement."""
    _kept().update((region.code, region) for region in regions)


def region_names(codes) -> dict[str, str]:
    """The names of these region codes in the reader's language (the code itself when unknown)."""
    codes, kept = set(codes), _kept()
    missing = codes - kept.keys()
    if missing:
        found = {r.code: r for r in db.session.scalars(select(Region).where(Region.code.in_(missing)))}
        kept.update((code, found.get(code)) for code in missing)
    return {code: kept[code].name if kept.get(code) is not None else code for code in codes}
