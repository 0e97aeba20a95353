"""Benchmark of the unified search at scale (issue 4).

    .venv/bin/python -m bench.search_bench [--standards 200000] [--institutions 100000] [--db sqlite|postgresql|both]

For each database: a fresh database migrated by ``flask qi init``, the catalog seeded, then the
generated standards and institutions added to the index. Then, for a fixed list of queries, the
median and p95 of

- the search at the database level (``app.search.query.search``: counts per kind + first page),
- a ``LIKE '%kw%'`` baseline doing the same work (counts per kind + first page) on the same rows,
- the rendered search page through the Flask test client,

all measured in the same process, one after the other. Results go to stdout and
``bench/results/search-<db>.md``. Every loop is bounded by ``--repeat``.
"""
from __future__ import annotations

import argparse
import statistics
import time

from sqlalchemy import text

from bench import run_on

QUERIES = ["计量", "检测", "枸杞", "钢管检验", "食品检测", "技术条件", "石嘴山", "计量器具检定", "gb", "GB/T", "JJG 1", "jl",
           "压力表检定规程", "宁夏", "认证", "光伏", "水泥试验方法"]


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def like_baseline(session, q: str):
    """What a naive search does: LIKE on title and summary, counts per kind, first page."""
    pattern = f"%{q}%"
    counts = session.execute(text(
        "SELECT kind, count(*) FROM qi_search_entry WHERE public = :p AND (title LIKE :q OR summary LIKE :q) "
        "GROUP BY kind"), {"q": pattern, "p": True}).all()
    rows = session.execute(text(
        "SELECT kind, title, summary, url FROM qi_search_entry WHERE public = :p AND (title LIKE :q OR summary LIKE :q) "
        "ORDER BY id LIMIT 20"), {"q": pattern, "p": True}).all()
    return counts, rows


def register_generated_kinds(app) -> None:
    """Standards come from the standardization plugin (institutions from the accounts module); here
    their rows are generated straight into the index, so a kind not registered yet gets a provider
    without a model."""
    from app.search.index import SearchRegistry
    from app.search.providers import SearchProvider

    class GeneratedRecord:  # never instantiated: the rows are written to the index directly
        pass

    registry = app.extensions["qi_search"]
    app.extensions["qi_search"] = SearchRegistry(list(registry.providers) + [
        SearchProvider(kind=kind, label=label, model=GeneratedRecord, document=lambda obj: None, order=order)
        for kind, label, order in (("institution", "技术机构", 30), ("standard", "标准", 40))
        if kind not in registry.by_kind])


def timed(fn, repeat):
    fn()  # warm-up: compiled templates, cached statements, pages in the buffer cache
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def run(db_kind: str, url: str, n_standards: int, n_institutions: int, repeat: int) -> list[str]:
    from app import create_app
    from app.extensions import db
    from app.search.query import search
    from bench import datagen

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-only-secret-key-0123456789abcdef",
                      "QI_LOAD_ENTRY_POINTS": False, "WTF_CSRF_ENABLED": False})
    result = app.test_cli_runner().invoke(args=["qi", "init", "--no-admin"])
    assert result.exit_code == 0, result.output
    register_generated_kinds(app)
    with app.app_context():
        start = time.perf_counter()
        loaded = datagen.load(db.session, datagen.standards(n_standards))
        loaded += datagen.load(db.session, datagen.institutions(n_institutions))
        load_s = time.perf_counter() - start
        if db_kind == "postgresql":
            # What autovacuum does to a loaded table: statistics, and the visibility map that lets
            # index-only counts skip the heap.
            db.session.commit()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE qi_search_entry"))
        total = db.session.scalar(text("SELECT count(*) FROM qi_search_entry"))
        lines = [f"## {db_kind}: {total:,} index entries ({loaded:,} generated in {load_s:.0f} s)", "",
                 "| query | matches | search median ms | p95 ms | LIKE median ms | p95 ms | LIKE/search (p95) | page median ms | page p95 ms |",
                 "|---|---|---|---|---|---|---|---|---|"]
        all_search, all_like, all_page = [], [], []
        client = app.test_client()
        for q in QUERIES:
            matches = search(db.session, q).counts
            s = timed(lambda: search(db.session, q), repeat)
            b = timed(lambda: like_baseline(db.session, q), max(3, repeat // 4))
            p = timed(lambda: client.get("/search/", query_string={"q": q}), max(3, repeat // 2))
            db.session.rollback()
            all_search += s
            all_like += b
            all_page += p
            lines.append(f"| {q} | {sum(matches.values()):,} | {statistics.median(s):.1f} | {percentile(s, 95):.1f} | "
                         f"{statistics.median(b):.1f} | {percentile(b, 95):.1f} | "
                         f"{percentile(b, 95) / max(percentile(s, 95), 0.01):.0f}× | "
                         f"{statistics.median(p):.1f} | {percentile(p, 95):.1f} |")
        lines += ["", f"**All queries** — search: median {statistics.median(all_search):.1f} ms, "
                      f"p95 {percentile(all_search, 95):.1f} ms; LIKE baseline: median {statistics.median(all_like):.1f} ms, "
                      f"p95 {percentile(all_like, 95):.1f} ms; ratio of medians {statistics.median(all_like) / statistics.median(all_search):.0f}×, "
                      f"of p95 {percentile(all_like, 95) / percentile(all_search, 95):.0f}×; rendered page: median "
                      f"{statistics.median(all_page):.1f} ms, p95 {percentile(all_page, 95):.1f} ms.", ""]
        db.engine.dispose()
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--standards", type=int, default=200_000)
    parser.add_argument("--institutions", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    run_on(args.db, "search", f"Search benchmark ({args.standards:,} standards, {args.institutions:,} institutions)",
           lambda kind, url: run(kind, url, args.standards, args.institutions, args.repeat))


if __name__ == "__main__":
    main()
