"""The synonym table in the search: problem words people type and the terms they stand for.

``synonyms_in`` finds, in one statement, the words of the table that occur in a query; the query's
parser (``app.search.tokens.parse_query``) keeps each as one word whose alternatives are its terms.
A few defaults are seeded by the migration (qi_core_0023: 压力表 → 计量器具检定校准 …); staff edit
the table on its page (app.search.views).
"""
from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import SearchSynonym
from .tokens import MAX_QUERY, normalise

_SEPARATORS = re.compile(r"[,;，；、\n]+")


def split_terms(terms: str | None) -> list[str]:
    """The terms of a synonym row: separated by commas, semicolons, 、 or new lines; blanks dropped."""
    return [t.strip() for t in _SEPARATORS.split(terms or "") if t.strip()]


def synonyms_in(session: Session, query: str | None) -> dict[str, list[str]]:
    """{normalised word: terms} of the table's words that occur in ``query`` (one statement)."""
    text = normalise(query)[:MAX_QUERY]
    if not text.strip():
        return {}
    found = func.instr(text, SearchSynonym.word) if session.get_bind().dialect.name == "sqlite" \
        else func.strpos(text, SearchSynonym.word)
    rows = session.execute(select(SearchSynonym.word, SearchSynonym.terms).where(found > 0)).all()
    return {word: split_terms(terms) for word, terms in rows}
