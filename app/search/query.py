"""Running a search: the database matches tokens, ranks, counts per kind and returns one page.

Nothing but the page of hits and the counts per kind leaves the database.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.orm import Session

from .tokens import Term, query_terms


@dataclass
class Hit:
    kind: str
    title: str
    summary: str
    url: str
    category: str | None
    region: str | None


@dataclass
class SearchResult:
    query: str
    counts: dict[str, int] = field(default_factory=dict)  # per kind, before the kind filter
    hits: list[Hit] = field(default_factory=list)
    total: int = 0  # of the kind selected, or of all kinds
    page: int = 0
    page_size: int = 20

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def fts5_match(terms: list[Term]) -> str:
    """An FTS5 MATCH expression: every term, quoted; Latin terms match as prefixes."""
    return " AND ".join(f'"{t.text}"' + ("*" if t.prefix else "") for t in terms)


def tsquery(terms: list[Term]) -> str:
    """A PostgreSQL tsquery literal of the same terms (cast, not parsed: tokens are taken as they are)."""
    return " & ".join(f"'{t.text}'" + (":*" if t.prefix else "") for t in terms)


def division_prefix(code: str) -> str:
    """The prefix shared by a division and everything in it: 640000 → 64, 640100 → 6401."""
    if len(code) == 6 and code.endswith("0000"):
        return code[:2]
    if len(code) == 6 and code.endswith("00"):
        return code[:4]
    return code


def _filters(kind, category, region, public_only) -> tuple[list[str], dict]:
    where, params = [], {}
    if public_only:
        where.append("e.public = :public")
        params["public"] = True
    if category:
        where.append("e.category = :category")
        params["category"] = category
    if region:
        where.append("e.region LIKE :region")
        params["region"] = division_prefix(region) + "%"
    kind_where = ["e.kind = :kind"] if kind else []
    if kind:
        params["kind"] = kind
    return where, params | {"_kind_where": kind_where}


def search(session: Session, query: str, kind: str | None = None, category: str | None = None,
           region: str | None = None, page: int = 0, page_size: int = 20, public_only: bool = True) -> SearchResult:
    """Search the index. An empty query with filters lists the newest entries that pass them."""
    result = SearchResult(query=query or "", page=max(page, 0), page_size=page_size)
    terms = query_terms(query)
    if not terms and not (category or region or kind):
        return result
    where, params = _filters(kind, category, region, public_only)
    kind_where = params.pop("_kind_where")
    dialect = session.get_bind().dialect.name
    if not terms:
        source, score = "qi_search_entry e", "0"
        order = "e.updated_on DESC, e.id DESC"
    elif dialect == "sqlite":
        source = "qi_search_fts JOIN qi_search_entry e ON e.id = qi_search_fts.rowid"
        where.insert(0, "qi_search_fts MATCH :match")
        params["match"] = fts5_match(terms)
        score, order = "bm25(qi_search_fts, 10.0, 1.0)", "score, e.id"
    else:
        source = "qi_search_entry e"
        where.insert(0, "e.search_vector @@ CAST(:tsq AS tsquery)")
        params["tsq"] = tsquery(terms)
        score, order = "ts_rank(e.search_vector, CAST(:tsq AS tsquery))", "score DESC, e.id"
    base_where = " AND ".join(where) or "1 = 1"
    counts = session.execute(
        text(f"SELECT e.kind, count(*) FROM {source} WHERE {base_where} GROUP BY e.kind"), params).all()
    result.counts = {k: n for k, n in counts}
    result.total = result.counts.get(kind, 0) if kind else sum(result.counts.values())
    if result.total == 0:
        return result
    page_where = " AND ".join(where + kind_where) or "1 = 1"
    rows = session.execute(text(
        f"SELECT e.kind, e.title, e.summary, e.url, e.category, e.region, {score} AS score "
        f"FROM {source} WHERE {page_where} ORDER BY {order} LIMIT :limit OFFSET :offset"),
        params | {"limit": page_size, "offset": result.page * page_size}).all()
    result.hits = [Hit(r.kind, r.title, r.summary or "", r.url, r.category, r.region) for r in rows]
    return result
