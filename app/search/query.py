"""Running a search: the database matches, filters and counts inside its full-text index.

A query is a list of groups (``app.search.tokens.parse_query``): every group must match (AND), with
each run of Chinese whole (a substring) and, when that finds nothing, cut into jieba's words; when
no record holds them all, any group may (OR), and the records holding most of them come first. The
page says which words were searched for and whether it fell back (``SearchResult.groups`` /
``fallback``). Problem words from the synonym table (``app.search.synonyms``) widen their group, and
providers with a ``resolve`` callback put an exact answer first (an undated standard number's current
edition).

Filters are tokens too (``app.search.tokens.entry_tags``). On SQLite a search reads no rows of its
matches but the page it shows: per-kind counts are index counts that stop past ``RANKED`` (the page
says "2,000+" and pages through the first 2,000), and the page comes in two tiers, the records
whose title holds the words first, then those whose text does, each ranked by title length while
it is small and newest first when it is large. PostgreSQL's counts stop at the same cap, chosen by
a sample of the table between a count from the GIN index and the cap itself; its page ranks the
same way all the matches while they are at most ``RANKED``, and beyond, the first ``COUNT_CAP``
found (``PostgresTsvector``).

Nothing the user types is syntax: terms are tokens of letters, digits or Chinese characters, quoted
by the engine's own rules, so ``OR``, quotes, brackets and ``*`` are punctuation or words.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, has_app_context
from sqlalchemy import bindparam, func, select, text, union_all
from sqlalchemy.orm import Session

from .models import SearchEntry
from .phrases import shown, text_of
from .tokens import Group, Term, division_prefix, parse_query, tag

AND, OR = "and", "or"
_ENTRY_COLUMNS = "e.id, e.kind, e.title, e.summary, e.url, e.category, e.region, e.display"


@dataclass
class Hit:
    kind: str
    title: str
    summary: str
    url: str
    category: str | None
    region: str | None
    display: str | dict | None = None  # the phrases of title and summary (app.search.phrases)

    @property
    def shown_title(self) -> str:
        """The title in the reader's language (the templates show this, not ``title``)."""
        return shown(self.display, "t", self.title)

    @property
    def shown_summary(self) -> str:
        """The summary in the reader's language."""
        return shown(self.display, "s", self.summary)


@dataclass
class SearchResult:
    query: str
    counts: dict[str, int] = field(default_factory=dict)  # per kind, before the kind filter
    hits: list[Hit] = field(default_factory=list)
    total: int = 0  # of the kind selected, or of all kinds
    page: int = 0
    page_size: int = 20
    groups: list[Group] = field(default_factory=list)  # the words searched for, with their synonyms
    fallback: bool = False  # no record held every word: records holding any of them are shown
    resolved: list[Hit] = field(default_factory=list)  # exact answers of providers (``resolve``)

    @property
    def pages(self) -> int:
        """Pages that can be opened: the first ``RANKED`` matches (``reachable``)."""
        return max(1, -(-min(self.total, RANKED) // self.page_size))

    @property
    def reachable(self) -> bool:
        """Whether every match can be paged to (past ``RANKED``, the user narrows the search)."""
        return self.total <= RANKED

    @property
    def reach(self) -> str:
        """How many matches can be paged through, as the page writes it."""
        return f"{RANKED:,}"

    def badge(self, kind: str | None = None) -> str:
        """The count of a kind (or of all) as the page shows it: ``2,000+`` past ``RANKED``."""
        counts = [self.counts.get(kind, 0)] if kind else list(self.counts.values())
        return shown_count(sum(min(n, RANKED) for n in counts), any(n > RANKED for n in counts))


def shown_count(count: int, more: bool | None = None) -> str:
    """A count as a page shows it: one that stopped at ``COUNT_CAP`` as ``2,000+``; with ``more``
    (a sum of counts, some of which stopped) the sum followed by ``+``."""
    if more is None:
        more, count = count > RANKED, min(count, RANKED)
    return f"{count:,}" + ("+" if more else "")


# Up to this many matches in a tier are ranked, shortest title first (the closest match: 计量 before
# 六盘山计量检测站); beyond it, newest first: ranking reads every match, a walk of the index in
# id order stops at the page.
RANKED = 2000
# Counts stop one past it: a count only has to tell whether the matches are ranked, and counting
# every match of a common word in a million entries read its whole doclist (GB/T: 470 ms).
COUNT_CAP = RANKED + 1


class SQLiteFTS5:
    """MATCH expressions over ``qi_search_fts`` (columns title_tokens, body_tokens, tags)."""

    @staticmethod
    def _words(groups: list[Group], mode: str) -> str:
        def term(t: Term) -> str:
            return f'"{t.text}"' + ("*" if t.prefix else "")

        def group(g: Group) -> str:
            return "(" + " OR ".join("(" + " AND ".join(map(term, alt)) + ")" for alt in g.alternatives) + ")"

        return f" {mode.upper()} ".join(map(group, groups))

    def expression(self, groups: list[Group], tags: list[str], tier: str, mode: str = AND) -> str:
        parts = []
        if groups:
            words = self._words(groups, mode)
            if tier == "title":
                parts.append(f"(title_tokens : ({words}))")
            elif tier == "body":
                parts.append(f"(({{title_tokens body_tokens}} : ({words})) NOT (title_tokens : ({words})))")
            else:
                parts.append(f"({{title_tokens body_tokens}} : ({words}))")
        if tags:
            parts.append("(tags : (" + " AND ".join(f'"{t}"' for t in tags) + "))")
        return " AND ".join(parts)

    def count(self, session, groups, tags, tier="any", mode=AND) -> int:
        """Matches, counted up to ``COUNT_CAP``."""
        return session.scalar(text(f"SELECT {self._capped(':m')}"), {"m": self.expression(groups, tags, tier, mode)})

    @staticmethod
    def _capped(param: str) -> str:
        return f"(SELECT count(*) FROM (SELECT 1 FROM qi_search_fts WHERE qi_search_fts MATCH {param} LIMIT {COUNT_CAP}))"

    def ids(self, session, groups, tags, tier, offset, limit, ranked=False, mode=AND) -> list[int]:
        if ranked:
            sql = ("SELECT qi_search_fts.rowid FROM qi_search_fts JOIN qi_search_entry e ON e.id = qi_search_fts.rowid "
                   "WHERE qi_search_fts MATCH :m ORDER BY length(e.title), qi_search_fts.rowid DESC LIMIT :l OFFSET :o")
        else:
            sql = "SELECT rowid FROM qi_search_fts WHERE qi_search_fts MATCH :m ORDER BY rowid DESC LIMIT :l OFFSET :o"
        return list(session.scalars(text(sql), {"m": self.expression(groups, tags, tier, mode), "l": limit,
                                                "o": offset}))

    def counts(self, session, groups, tags, kinds, mode=AND) -> dict[str, int]:
        """Matches per kind up to ``COUNT_CAP``, in one statement: a count per kind as a scalar
        subquery each (every count reads the full-text index only, and stops at the cap)."""
        kinds = list(kinds)
        if not kinds:
            return {}
        params = {f"m{i}": self.expression(groups, tags + [tag("kind", k)], "any", mode) for i, k in enumerate(kinds)}
        sql = "SELECT " + ", ".join(self._capped(f":m{i}") for i in range(len(kinds)))
        counted = dict(zip(kinds, session.execute(text(sql), params).one()))
        return {k: n for k, n in counted.items() if n}

    def page_rows(self, session, groups, tags, total, offset, limit, mode=AND) -> list:
        """The entries of a page. While every match is ranked (at most ``RANKED``) one statement
        reads them in order; beyond, the tiers (``_page_ids``) and then the rows of the page."""
        if groups and total <= RANKED:
            return self._ranked(session, groups, tags, offset, limit, mode)
        return _rows_of(session, _page_ids(self, session, groups, tags, total, offset, limit, mode))

    def _ranked(self, session, groups, tags, offset, limit, mode) -> list:
        """Title matches first, each tier shortest title first (``_page_ids``' order when its tiers
        are ranked); when any word may match (OR), the records holding most words before that."""
        params = {"m": self.expression(groups, tags, "any", mode), "t": self.expression(groups, [], "title", mode),
                  "l": limit, "o": offset}
        order = ""
        if mode == OR:
            held = []
            for i, g in enumerate(groups):
                params[f"g{i}"] = self.expression([g], [], "any")
                held.append(f"(f.rowid IN (SELECT rowid FROM qi_search_fts WHERE qi_search_fts MATCH :g{i}))")
            order = f"({' + '.join(held)}) DESC, "
        sql = (f"SELECT {_ENTRY_COLUMNS} FROM qi_search_fts f JOIN qi_search_entry e ON e.id = f.rowid "
               f"WHERE f.qi_search_fts MATCH :m ORDER BY {order}"
               "(f.rowid IN (SELECT rowid FROM qi_search_fts WHERE qi_search_fts MATCH :t)) DESC, "
               "length(e.title), f.rowid DESC LIMIT :l OFFSET :o")
        return session.execute(text(sql), params).all()


class PostgresTsvector:
    """tsquery literals over ``search_vector`` (text tokens, ``>``-prefixes and ``#``-tags) and
    ``title_vector``; cast, not parsed, so tokens are taken as they are.

    A GIN index names its matches only as a whole bitmap, and the planner takes a word and a kind
    as independent (it expected 67,526 standards to hold 检测; two do), so the path is chosen from
    the data: one statement samples about ``SAMPLE_PAGES`` pages of the index table, and a kind whose
    sample says it holds the words many times over the cap is counted as ``COUNT_CAP`` without
    reading its matches; the others are counted from the GIN index alone (``qi_search_count``,
    qi_core_0031). A page ranks all the matches while they are at most ``RANKED``, else the first
    ``COUNT_CAP`` found: the sample also says where the matches begin and by which page the cap is
    reached; when those pages hold few rows (at most ``SCAN_ROWS``, and few beside the matches the
    bitmap would name) they are scanned, to a margin past it, and what they did not hold comes from
    the bitmap (``qi_search_matches``, qi_core_0034).
    A scan of the whole table read past 17,000 pages of institutions before the first standard
    holding ``GB/T``: 258 ms, where its bitmap takes 45 ms.
    """

    SAMPLE_PAGES = 200
    SURE = 4  # a kind sampled at this many times the cap or more is counted as the cap
    SCAN_ROWS = 30_000  # 20-60 ms at most, about what the bitmap of a word in a third of a million entries costs
    SCAN_MARGIN = 1.5  # pages past the sample's estimate: a short scan costs less than the bitmap after it
    SCAN_ROW_COST = 4  # a row scanned costs about as much as this many matches named by the bitmap

    def __init__(self):
        self.scans: dict[str | None, tuple[int, int]] = {}  # pages to scan per kind (None: any), from the sample

    @staticmethod
    def expression(groups: list[Group], tags: list[str], mode: str = AND) -> str:
        def term(t: Term) -> str:
            if t.prefix and len(t.text) <= 3:  # a prefix lexeme of the vector (qi_core_0031)
                return f"'>{t.text}'"
            return f"'{t.text}'" + (":*" if t.prefix else "")

        def group(g: Group) -> str:
            return "(" + " | ".join("(" + " & ".join(map(term, alt)) + ")" for alt in g.alternatives) + ")"

        words = (" & " if mode == AND else " | ").join(map(group, groups))
        parts = ([f"({words})"] if groups else []) + [f"'#{t}'" for t in tags]
        return " & ".join(parts)

    def _where(self, groups, tags, mode=AND) -> tuple[str, dict]:
        if not groups and not tags:
            return "true", {}
        return "search_vector @@ CAST(:q AS tsquery)", {"q": self.expression(groups, tags, mode)}

    def newest(self, session, tags, offset, limit) -> list[int]:
        """A page of the newest ids passing the filters (an empty query with filters)."""
        where, params = self._where([], tags)
        return list(session.scalars(text(f"SELECT id FROM qi_search_entry WHERE {where} ORDER BY id DESC "
                                         "LIMIT :l OFFSET :o"), {**params, "l": limit, "o": offset}))

    def counts(self, session, groups, tags, kinds, mode=AND) -> dict[str, int]:
        """Matches per kind up to ``COUNT_CAP``, in one statement: the sample, then per kind either
        the cap (the sample holds it far past the cap) or a count from the GIN index; and per kind
        and for any kind, how many of the table's first pages to scan for the page's matches."""
        kinds = list(kinds)
        if not kinds:
            return {}
        where, params = self._where(groups, tags, mode)
        # Per kind and for any kind ("*"): from the sample's first match, the pages that hold the cap
        # at the sample's density past it (with a margin), unless reading their rows would cost more
        # than the bitmap of all the matches.
        sql = f"""
            WITH f AS (SELECT least(100, 100.0 * :pages * current_setting('block_size')::int
                                         / greatest(pg_relation_size('qi_search_entry'), 1)) AS pct),
            r AS (SELECT kind, {where} AS hit, (ctid::text::point)[0]::integer AS block
                  FROM qi_search_entry TABLESAMPLE SYSTEM ((SELECT pct FROM f)) REPEATABLE (0)),
            s AS (SELECT kind, count(*) FILTER (WHERE hit) AS m FROM r GROUP BY kind),
            e AS (SELECT v.scope, min(r.block) AS first, count(*) AS m
                  FROM r CROSS JOIN LATERAL (VALUES (r.kind), ('*')) AS v(scope) WHERE r.hit GROUP BY v.scope),
            d AS (SELECT e.scope, e.first, e.m, count(*) AS rows, count(DISTINCT r.block) AS blocks,
                         count(*) FILTER (WHERE r.hit AND (e.scope = '*' OR r.kind = e.scope)) AS hits
                  FROM e JOIN r ON r.block >= e.first GROUP BY e.scope, e.first, e.m),
            scan AS (SELECT scope, first, first + ceil(:cap * :margin * blocks / hits)::int AS last FROM d
                     WHERE :cap * :margin * rows / hits <= least(:rows, d.m * 100.0 / (SELECT pct FROM f) / :row_cost))
            SELECT k.kind, coalesce(sk.first, 0), coalesce(sk.last, 0),
                   CASE WHEN coalesce(s.m, 0) * 100.0 / (SELECT pct FROM f) >= :sure * :cap THEN :cap
                        ELSE qi_search_count(CAST(k.q AS tsquery), :cap) END,
                   coalesce((SELECT first FROM scan WHERE scope = '*'), 0),
                   coalesce((SELECT last FROM scan WHERE scope = '*'), 0)
            FROM unnest(CAST(:kinds AS text[]), CAST(:queries AS text[])) AS k(kind, q)
            LEFT JOIN s ON s.kind = k.kind LEFT JOIN scan sk ON sk.scope = k.kind"""
        queries = [self.expression(groups, tags + [tag("kind", k)], mode) for k in kinds]
        rows = session.execute(text(sql), {**params, "pages": self.SAMPLE_PAGES, "sure": self.SURE,
                                           "cap": COUNT_CAP, "rows": self.SCAN_ROWS, "margin": self.SCAN_MARGIN,
                                           "row_cost": self.SCAN_ROW_COST,
                                           "kinds": kinds, "queries": queries}).all()
        self.scans = {kind: (first, last) for kind, first, last, _, _, _ in rows}
        self.scans[None] = (rows[0][4], rows[0][5])
        return {kind: n for kind, _, _, n, _, _ in rows if n}

    def page_rows(self, session, groups, tags, total, offset, limit, mode=AND) -> list:
        """The entries of a page: title matches first, shortest title first (when any word may match,
        the records holding most words first), among all the matches while they are at most
        ``RANKED``, else among the first ``COUNT_CAP`` in the table's order. Without words, the newest."""
        if not groups:
            return _rows_of(session, self.newest(session, tags, offset, limit))
        kind = next((k for k in self.scans if k and tag("kind", k) in tags), None)
        first, last = self.scans.get(kind, (0, 0))
        held = [self.expression([g], []) for g in groups] if mode == OR else []
        ranked = ("SELECT id, held, in_title, title_length FROM qi_search_matches(CAST(:q AS tsquery), "
                  "CAST(:t AS tsquery), CAST(:groups AS tsquery[]), :cap, :first, :last) "
                  "ORDER BY held DESC, in_title DESC, title_length, id DESC LIMIT :l OFFSET :o")
        return session.execute(text(
            f"SELECT {_ENTRY_COLUMNS} FROM qi_search_entry e JOIN ({ranked}) p ON p.id = e.id "
            "ORDER BY p.held DESC, p.in_title DESC, p.title_length, p.id DESC"),
            {"q": self.expression(groups, tags, mode), "t": self.expression(groups, [], mode), "groups": held,
             "cap": COUNT_CAP, "first": first, "last": last, "l": limit, "o": offset}).all()


def _rows_of(session, ids: list[int]) -> list:
    """The entries of ``ids``, in that order."""
    if not ids:
        return []
    rows = session.execute(text(f"SELECT {_ENTRY_COLUMNS} FROM qi_search_entry e WHERE e.id IN :ids")
                           .bindparams(bindparam("ids", expanding=True)), {"ids": ids}).all()
    by_id = {r.id: r for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def _page_ids(engine, session, groups, tags, total, offset, limit, mode=AND) -> list[int]:
    """Title matches first, then the others; each tier ranked while small, newest first when large."""
    if not groups:
        return engine.ids(session, [], tags, "any", offset, limit)
    in_title = engine.count(session, groups, tags, "title", mode)
    ids = []
    if offset < in_title:
        ids = engine.ids(session, groups, tags, "title", offset, limit, ranked=in_title <= RANKED, mode=mode)
    if len(ids) < limit:
        ids += engine.ids(session, groups, tags, "body", max(0, offset - in_title), limit - len(ids),
                          ranked=total - in_title <= RANKED, mode=mode)
    return ids


def _lone_character(group: Group) -> bool:
    own = group.alternatives[0]
    return len(group.alternatives) == 1 and len(own) == 1 and len(own[0].text) == 1 and not own[0].prefix


def _registry():
    if has_app_context() and "qi_search" in current_app.extensions:
        return current_app.extensions["qi_search"]
    return None


def _resolved(session: Session, query: str, public_only: bool, kinds: list[str]) -> list[Hit]:
    """Exact answers of the providers that ``resolve`` queries (a plugin's failure is counted, not raised)."""
    registry = _registry()
    if registry is None or not query:
        return []
    hits = []
    for provider in registry.providers:
        if provider.resolve is None or provider.kind not in kinds:
            continue
        plugin = registry.owner(provider)
        try:
            records = list(provider.resolve(session, query) or [])
            documents = [provider.document(r) for r in records]
        except Exception as exc:
            if plugin is None:
                raise
            from ..plugins.failures import SEARCH_QUERY, record_failure
            record_failure(plugin, SEARCH_QUERY, exc, connection=session.connection())
            continue
        hits += [Hit(provider.kind, text_of(d.title), text_of(d.summary), d.url, d.category, d.region)
                 for d in documents if d is not None and (d.public or not public_only)]
    return hits


def search(session: Session, query: str, kind: str | None = None, category: str | None = None,
           region: str | None = None, page: int = 0, page_size: int = 20, public_only: bool = True,
           kinds: list[str] | None = None) -> SearchResult:
    """Search the index; ``kinds`` are the kinds to count (default: every registered provider's).

    An empty query with filters lists the newest entries that pass them. Every word must match; if
    no record holds them all, records holding any are shown (``SearchResult.fallback``).
    """
    from .synonyms import synonyms_in

    result = SearchResult(query=query or "", page=max(page, 0), page_size=page_size)
    synonyms = synonyms_in(session, query) if query and query.strip() else {}
    # Chinese runs whole first (a substring: 检测院), then cut into words (压力表校准 → 压力表 + 校准)
    result.groups = groups = parse_query(query, synonyms, cut=False) if query and query.strip() else []
    if not groups and not (category or region or kind):
        return result
    engine = SQLiteFTS5() if session.get_bind().dialect.name == "sqlite" else PostgresTsvector()
    tags = (["pub"] if public_only else []) + ([tag("cat", category)] if category else [])
    tags += [tag("reg", division_prefix(region))] if region else []
    # Only the kinds of loaded providers are shown: a disabled plugin's entries (until `flask qi init`
    # removes them) point to pages that are gone.
    registry = _registry()
    only_registered = kinds is None and registry is not None
    kinds = list(kinds if kinds is not None else (registry.by_kind if registry else []))
    if kind and kind not in kinds:
        if only_registered:
            return result
        kinds.append(kind)
    if groups:
        result.resolved = _resolved(session, query, public_only, [kind] if kind else kinds)
    mode = AND
    result.counts = engine.counts(session, groups, tags, kinds, mode)
    if not result.counts and groups:
        words = parse_query(query, synonyms, cut=True)
        if [g.alternatives for g in words] != [g.alternatives for g in groups]:
            result.groups = groups = words
            result.counts = engine.counts(session, groups, tags, kinds, mode)
    if not result.counts and len(groups) > 1:
        # Any word may match now, but not a lone Chinese character (元 of 元宇宙 is in every price).
        groups = [g for g in groups if not _lone_character(g)] or groups
        mode, result.fallback = OR, True
        result.counts = engine.counts(session, groups, tags, kinds, mode)
    result.total = result.counts.get(kind, 0) if kind else sum(result.counts.values())
    if result.total == 0:
        return result
    result.page = min(result.page, result.pages - 1)  # past the pages that can be opened: the last
    page_tags = tags + ([tag("kind", kind)] if kind else [])
    rows = engine.page_rows(session, groups, page_tags, result.total, result.page * page_size, page_size, mode)
    result.hits = [Hit(r.kind, r.title, r.summary or "", r.url, r.category, r.region, r.display)
                   for r in rows if r.kind in kinds or not only_registered]
    return result


def first_hits(session: Session, query: str, kind: str, limit: int = 10) -> tuple[list[Hit], bool]:
    """The best ``limit`` entries of one ``kind`` matching every word of ``query``, private ones
    included, and whether there are more: one statement, no count (the staff's part of the search
    page, whose kinds are never public)."""
    groups = parse_query(query, {}, cut=False) if query and query.strip() else []
    if not groups:
        return [], False
    engine = SQLiteFTS5() if session.get_bind().dialect.name == "sqlite" else PostgresTsvector()
    # ``total`` 1: rank every match (SQLite); PostgreSQL ranks within its own cap
    rows = engine.page_rows(session, groups, [tag("kind", kind)], 1, 0, limit + 1)
    hits = [Hit(r.kind, r.title, r.summary or "", r.url, r.category, r.region, r.display) for r in rows[:limit]]
    return hits, len(rows) > limit


def category_sections(session: Session, category: str, kinds: list[str], per_kind: int = 5) -> dict[str, tuple]:
    """{kind: (newest public hits, total)} of the public entries of ``category`` for each of ``kinds``
    that has any, in one statement whatever the number of kinds: per kind its newest ``per_kind``
    from the (category, kind, public, id) index and its count up to ``COUNT_CAP`` (a category of a
    million standards was read whole for its five newest: seconds)."""
    if not kinds:
        return {}

    def of_kind(kind: str):
        return (SearchEntry.category == category, SearchEntry.kind == kind, SearchEntry.public.is_(True))

    parts = []
    for kind in kinds:
        capped = select(func.count()).select_from(
            select(SearchEntry.id).where(*of_kind(kind)).limit(COUNT_CAP).subquery()).scalar_subquery()
        newest = (select(SearchEntry.id, SearchEntry.kind, SearchEntry.title, SearchEntry.summary, SearchEntry.url,
                         SearchEntry.category, SearchEntry.region, SearchEntry.display, capped.label("total"))
                  .where(*of_kind(kind))
                  # The same order as id DESC under the WHERE, but only the index gives it: by id alone
                  # PostgreSQL walked the primary key past every other kind's newer entries (27,000 pages)
                  .order_by(SearchEntry.category.desc(), SearchEntry.kind.desc(), SearchEntry.public.desc(),
                            SearchEntry.id.desc()).limit(per_kind).subquery())
        parts.append(select(newest))
    pages = union_all(*parts).subquery()
    sections: dict[str, tuple] = {}
    for row in session.execute(select(pages).order_by(pages.c.kind, pages.c.id.desc())):
        hits, _total = sections.get(row.kind, ([], 0))
        hits.append(Hit(row.kind, row.title, row.summary or "", row.url, row.category, row.region, row.display))
        sections[row.kind] = (hits, row.total)
    return sections
