"""Institutions to propose for a need, platform institutions first (6.3.2-2).

``candidates(session, need, limit)`` is what the need page calls. It asks every matcher that plugins
contribute (``qi_need_matchers``) serving the need's category: metrology ranks institutions by the
authorised capabilities covering the need's instruments, testing by the capabilities covering a
product's parameters, IP proposes the agencies offering the service. Their answers are merged:
institutions on the platform before those only listed (``MatchCandidate.outside``), then by score,
then in the order each matcher gave; each institution once; at most ``limit``.

A matcher that raises (or answers with something else than candidates) is left out, its failure
logged and counted for its plugin (``app.plugins.failures``), and the page is built from the
others. When the matchers propose nobody (none serves the category, each that does failed, or
none found an institution), staff still get the fallback list: the approved institutions whose
types serve the category, by name.
"""
from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.institution_types import institution_types
from ..accounts.models import APPROVED, INSTITUTION, Organisation
from .types import MatchCandidate, registered_matchers, registered_types

log = logging.getLogger(__name__)

MAX_LIMIT = 100


def category_of(need) -> str | None:
    """The code of the category a need belongs to: its own, else its type's."""
    if need.category is not None:
        return need.category.code
    kind = next((t for t in registered_types() if t.code == need.need_type), None)
    return kind.category if kind else None


def candidates(session: Session, need, limit: int = 10) -> list[MatchCandidate]:
    """Up to ``limit`` institutions for ``need``, best first (platform institutions first)."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    category = category_of(need)
    answers = [_ask(session, m, need, limit) for m in registered_matchers() if m.serves(category)]
    return merged([found for found in answers if found], limit) or fallback(session, category, limit)


def _ask(session: Session, matcher, need, limit: int) -> list[MatchCandidate] | None:
    """One matcher's candidates, or None when it failed (rolled back to before it, counted)."""
    from ..plugins.failures import NEED_MATCHER, record_failure

    try:
        with session.begin_nested():  # a failed query must not spoil the page's transaction
            found = list(matcher.match(session, need, limit) or [])[:limit]
        wrong = [c for c in found if not isinstance(c, MatchCandidate)]
        if wrong:
            raise TypeError(f"matcher {matcher.code} answered {wrong[0]!r}, not a MatchCandidate")
        return found
    except Exception as exc:
        record_failure(matcher.plugin, NEED_MATCHER, exc)
        return None


def merged(answers: list[list[MatchCandidate]], limit: int) -> list[MatchCandidate]:
    """Several matchers' candidates as one list: each institution once (its best answer, and on the
    platform when any matcher says so), platform institutions first, then by score, then in the order
    the matchers gave them."""
    best: dict[int, tuple[int, MatchCandidate]] = {}
    position = 0
    for found in answers:
        for candidate in found:
            position += 1
            seen = best.get(candidate.institution_id)
            if seen is None:
                best[candidate.institution_id] = (position, candidate)
                continue
            first, kept = seen
            top = candidate if candidate.score > kept.score else kept
            outside = kept.outside and candidate.outside
            best[candidate.institution_id] = (first, MatchCandidate(top.institution_id, top.name, top.score,
                                                                    top.reason, outside))
    ranked = sorted(best.values(), key=lambda pair: (pair[1].outside, -pair[1].score, pair[0]))
    return [candidate for _, candidate in ranked[:limit]]


def fallback(session: Session, category: str | None, limit: int) -> list[MatchCandidate]:
    """Approved institutions whose types serve ``category`` (every approved institution when none
    does), by name."""
    codes = {code for code, kind in institution_types().items() if category and kind.category == category}
    query = select(Organisation).where(Organisation.kind == INSTITUTION, Organisation.status == APPROVED)
    # bounded: types are a comma-separated column, filtered here on a window of the table
    rows = list(session.scalars(query.order_by(Organisation.name, Organisation.id).limit(500)))
    if codes:
        rows = [o for o in rows if set(filter(None, (o.institution_types or "").split(","))) & codes] or rows
    return [MatchCandidate(o.id, o.name) for o in rows[:limit]]
