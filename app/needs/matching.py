"""Institutions to propose for a need, platform institutions first (6.3.2-2).

``candidates(session, need)`` is what the need page calls. Today it lists the approved platform
institutions whose types serve the need's category; matchers contributed by plugins
(``qi_need_matchers``) rank and extend that list.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.institution_types import institution_types
from ..accounts.models import APPROVED, INSTITUTION, Organisation
from .types import MatchCandidate


def candidates(session: Session, need, limit: int = 10) -> list[MatchCandidate]:
    """Up to ``limit`` institutions for ``need``, best first."""
    query = select(Organisation).where(Organisation.kind == INSTITUTION, Organisation.status == APPROVED)
    category = need.category.code if need.category is not None else None
    codes = {code for code, kind in institution_types().items() if category and kind.category == category}
    # bounded: the matchers behind the hook rank properly; this is the fallback list
    rows = list(session.scalars(query.order_by(Organisation.id).limit(500)))
    if codes:
        rows = [o for o in rows if set(filter(None, o.institution_types.split(","))) & codes] or rows
    return [MatchCandidate(o.id, o.name) for o in rows[:limit]]
