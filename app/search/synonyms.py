"""The synonym table in the search: problem words people type and the terms they stand for.

``synonyms_in`` finds, in one statement, the words of the table that occur in a query; the query's
parser (``app.search.tokens.parse_query``) keeps each as one word whose alternatives are its terms.
``DEFAULT_SYNONYMS`` are seeded by the migration and by ``seed_synonyms`` (demo); staff edit them.
"""
from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import SearchSynonym
from .tokens import MAX_QUERY, normalise

_SEPARATORS = re.compile(r"[,;，；、\n]+")

# (word, terms, language): problem words of the platform's users and the services they mean.
DEFAULT_SYNONYMS = [
    ("压力表", "计量器具检定校准", "zh"),
    ("血压计", "计量器具检定校准", "zh"),
    ("电子秤", "计量器具检定校准", "zh"),
    ("加油机", "计量器具检定校准", "zh"),
    ("出租车计价器", "计量器具检定校准", "zh"),
    ("3c认证", "强制性与自愿性认证咨询", "zh"),
    ("营业执照", "企业登记注册咨询", "zh"),
    ("pressure gauge", "measuring instruments", "en"),
    ("weighing scale", "measuring instruments", "en"),
    ("ccc", "compulsory certification", "en"),
    ("business licence", "business registration", "en"),
]


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


def seed_synonyms(session: Session) -> int:
    """Add the default synonyms whose word is not in the table yet; returns how many were added."""
    have = set(session.scalars(select(SearchSynonym.word)))
    added = [SearchSynonym(word=normalise(w), terms=t, language=lang) for w, t, lang in DEFAULT_SYNONYMS
             if normalise(w) not in have]
    session.add_all(added)
    return len(added)
