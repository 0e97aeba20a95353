"""Running a search: the database matches, filters and counts inside its full-text index.

On SQLite, filters are tokens too (``app.search.tokens.entry_tags``), so a search reads no rows of
its matches but the page it shows: per-kind counts are index counts, and the page comes in two
tiers, the records whose title holds the words first, then those whose text does, each ranked by
title length while it is small and newest first when it is large. On PostgreSQL, which reads the
rows of its matches anyway, one grouped count and one ordered query give the same result.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, has_app_context
from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from .tokens import Term, division_prefix, query_terms, tag


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


# Up to this many matches in a tier are ranked, shortest title first (the closest match: 计量 before
# 六盘山计量检测站); beyond it, newest first: ranking reads every match, a walk of the index in
# id order stops at the page.
RANKED = 2000


class SQLiteFTS5:
    """MATCH expressions over ``qi_search_fts`` (columns title_tokens, body_tokens, tags)."""

    @staticmethod
    def _terms(terms: list[Term]) -> str:
        return " AND ".join(f'"{t.text}"' + ("*" if t.prefix else "") for t in terms)

    def expression(self, terms: list[Term], tags: list[str], tier: str) -> str:
        parts = []
        if terms:
            words = self._terms(terms)
            if tier == "title":
                parts.append(f"(title_tokens : ({words}))")
            elif tier == "body":
                parts.append(f"(({{title_tokens body_tokens}} : ({words})) NOT (title_tokens : ({words})))")
            else:
                parts.append(f"({{title_tokens body_tokens}} : ({words}))")
        if tags:
            parts.append("(tags : (" + " AND ".join(f'"{t}"' for t in tags) + "))")
        return " AND ".join(parts)

    def count(self, session, terms, tags, tier="any") -> int:
        return session.scalar(text("SELECT count(*) FROM qi_search_fts WHERE qi_search_fts MATCH :m"),
                              {"m": self.expression(terms, tags, tier)})

    def ids(self, session, terms, tags, tier, offset, limit, ranked=False) -> list[int]:
        if ranked:
            sql = ("SELECT qi_search_fts.rowid FROM qi_search_fts JOIN qi_search_entry e ON e.id = qi_search_fts.rowid "
                   "WHERE qi_search_fts MATCH :m ORDER BY length(e.title), qi_search_fts.rowid DESC LIMIT :l OFFSET :o")
        else:
            sql = "SELECT rowid FROM qi_search_fts WHERE qi_search_fts MATCH :m ORDER BY rowid DESC LIMIT :l OFFSET :o"
        return list(session.scalars(text(sql), {"m": self.expression(terms, tags, tier), "l": limit, "o": offset}))


    def counts(self, session, terms, tags, kinds) -> dict[str, int]:
        counted = {k: self.count(session, terms, tags + [tag("kind", k)]) for k in kinds}
        return {k: n for k, n in counted.items() if n}

    def page_ids(self, session, terms, tags, total, offset, limit) -> list[int]:
        return _page_ids(self, session, terms, tags, total, offset, limit)


class PostgresTsvector:
    """tsquery literals over ``search_vector`` (text tokens and ``#``-tags) and ``title_vector``;
    cast, not parsed, so tokens are taken as they are.

    PostgreSQL reads the rows of its matches for their kind and order anyway, so visibility and kind
    are plain column tests, the counts one grouped pass and the page one ordered query: measured
    (bench/), this beats per-kind index counts and SQLite's tiers on this engine.
    """

    def __init__(self, kinds=()):
        # A kind tag drops the kind's underscores (``kindtestingcapability``); the column holds the
        # kind itself, so the tag is mapped back to it.
        self.kind_of_tag = {tag("kind", k): k for k in kinds}

    def _split(self, tags: list[str]) -> tuple[list[str], str, dict]:
        sql, params = [], {}
        rest = []
        for t in tags:
            if t == "pub":
                sql.append("public = true")
            elif t.startswith("kind"):
                sql.append("kind = :kind_filter")
                params["kind_filter"] = self.kind_of_tag.get(t, t[len("kind"):])
            else:
                rest.append(t)
        return rest, "".join(f" AND {c}" for c in sql), params

    @staticmethod
    def expression(terms: list[Term], tags: list[str]) -> str:
        parts = [f"'{t.text}'" + (":*" if t.prefix else "") for t in terms]
        return " & ".join(parts + [f"'#{t}'" for t in tags])

    def _where(self, terms, tags) -> tuple[str, dict]:
        rest, extra, params = self._split(tags)
        if not terms and not rest:
            return "true" + extra, params
        return "search_vector @@ CAST(:q AS tsquery)" + extra, {**params, "q": self.expression(terms, rest)}

    def count(self, session, terms, tags) -> int:
        where, params = self._where(terms, tags)
        return session.scalar(text(f"SELECT count(*) FROM qi_search_entry WHERE {where}"), params)

    def counts(self, session, terms, tags, kinds) -> dict[str, int]:
        # One pass over the matches: PostgreSQL counts rows from the heap whatever the index.
        where, params = self._where(terms, tags)
        rows = session.execute(text(
            f"SELECT kind, count(*) FROM qi_search_entry WHERE {where} AND kind IN :kinds GROUP BY kind")
            .bindparams(bindparam("kinds", expanding=True)), {**params, "kinds": list(kinds)}).all()
        return {k: n for k, n in rows if n}

    def page_ids(self, session, terms, tags, total, offset, limit) -> list[int]:
        """The same order as SQLite's tiers in one pass: title matches first, shortest title first."""
        where, params = self._where(terms, tags)
        order = "id DESC"
        if terms:  # PostgreSQL reads every match anyway: shorter titles holding the words first
            order = "(title_vector @@ CAST(:t AS tsquery)) DESC, length(title), id DESC"
            params["t"] = self.expression(terms, [])
        return list(session.scalars(text(
            f"SELECT id FROM qi_search_entry WHERE {where} ORDER BY {order} LIMIT :l OFFSET :o"),
            {**params, "l": limit, "o": offset}))


def _page_ids(engine, session, terms, tags, total, offset, limit) -> list[int]:
    """Title matches first, then the others; each tier ranked while small, newest first when large."""
    if not terms:
        return engine.ids(session, [], tags, "any", offset, limit)
    in_title = engine.count(session, terms, tags, "title")
    ids = []
    if offset < in_title:
        ids = engine.ids(session, terms, tags, "title", offset, limit, ranked=in_title <= RANKED)
    if len(ids) < limit:
        ids += engine.ids(session, terms, tags, "body", max(0, offset - in_title), limit - len(ids),
                          ranked=total - in_title <= RANKED)
    return ids


def _registered_kinds() -> list[str]:
    if has_app_context() and "qi_search" in current_app.extensions:
        return list(current_app.extensions["qi_search"].by_kind)
    return []


def search(session: Session, query: str, kind: str | None = None, category: str | None = None,
           region: str | None = None, page: int = 0, page_size: int = 20, public_only: bool = True,
           kinds: list[str] | None = None) -> SearchResult:
    """Search the index; ``kinds`` are the kinds to count (default: every registered provider's).

    An empty query with filters lists the newest entries that pass them.
    """
    result = SearchResult(query=query or "", page=max(page, 0), page_size=page_size)
    terms = query_terms(query)
    if not terms and not (category or region or kind):
        return result
    engine = SQLiteFTS5() if session.get_bind().dialect.name == "sqlite" else PostgresTsvector(
        [kind] if kind else ())
    tags = (["pub"] if public_only else []) + ([tag("cat", category)] if category else [])
    tags += [tag("reg", division_prefix(region))] if region else []
    # Only the kinds of loaded providers are shown: a disabled plugin's entries (until `flask qi init`
    # removes them) point to pages that are gone.
    only_registered = kinds is None and has_app_context() and "qi_search" in current_app.extensions
    kinds = list(kinds if kinds is not None else _registered_kinds())
    if kind and kind not in kinds:
        if only_registered:
            return result
        kinds.append(kind)
    result.counts = engine.counts(session, terms, tags, kinds)
    result.total = result.counts.get(kind, 0) if kind else sum(result.counts.values())
    if result.total == 0:
        return result
    page_tags = tags + ([tag("kind", kind)] if kind else [])
    ids = engine.page_ids(session, terms, page_tags, result.total, result.page * page_size, page_size)
    if ids:
        rows = session.execute(text(
            "SELECT id, kind, title, summary, url, category, region FROM qi_search_entry WHERE id IN :ids")
            .bindparams(bindparam("ids", expanding=True)), {"ids": ids}).all()
        by_id = {r.id: r for r in rows}
        result.hits = [Hit(r.kind, r.title, r.summary or "", r.url, r.category, r.region)
                       for r in (by_id[i] for i in ids if i in by_id) if r.kind in kinds or not only_registered]
    return result
