"""Benchmark of testing-institution matching (issue 6): 100,000 capabilities, target p95 < 50 ms.

    .venv/bin/python -m bench.testing_bench [--db sqlite|postgresql|both] [--institutions N]
                                            [--capabilities N] [--queries N]

Generated: institutions (organisations with a CMA record; a tenth are platform institutions, some
with an expired CMA) and their capabilities over 100 products with 20 parameters each (about 1,000 rows a product). Each query
asks for a product and 1–4 of its parameters from a random region. The platform's matching (one
grouped query, then the asked capabilities of the ranked institutions) is timed next to a naive
baseline in the same run: every capability row of the product loaded and grouped in Python, each
institution then read on its own. Also timed: the rendered match page.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time

from sqlalchemy import insert, select, text

from bench import run_on

PRODUCTS, PARAMETERS = 100, 20
REGIONS = ["640104", "640105", "640106", "640202", "640302", "640402", "640502", "110105", "310115", "610113"]


def generate(session, n_institutions: int, n_capabilities: int, seed: int = 7):
    from app.accounts.models import APPROVED, Organisation
    from plugins.testing.models import TestingCapability, TestingInstitution, match_key

    rng = random.Random(seed)
    session.execute(insert(Organisation), [{
        "kind": "institution", "institution_types": "testing", "uscc": f"12{i:016d}", "name": f"基准检测机构{i:05d}",
        "legal_representative": "张三", "address": "银川市", "region_code": rng.choice(REGIONS), "contact_person": "李四",
        "contact_phone": "13800000000", "status": APPROVED} for i in range(n_institutions)])
    org_ids = list(session.scalars(select(Organisation.id).where(Organisation.name.like("基准检测机构%"))
                                   .order_by(Organisation.id)))
    today = dt.date.today()
    session.execute(insert(TestingInstitution), [{
        "organisation_id": org, "cma_number": f"{2364000000 + n:012d}", "platform_member": rng.random() < 0.1,
        "cma_valid_until": today - dt.timedelta(days=30) if rng.random() < 0.05 else today + dt.timedelta(days=900),
        "satisfaction": round(rng.uniform(60, 100), 1) if rng.random() < 0.7 else None}
        for n, org in enumerate(org_ids)])
    per_product = max(n_capabilities // len(org_ids) // 5, 1)  # five products an institution, distinct parameters
    rows = []
    for org in org_ids:
        for product in rng.sample(range(PRODUCTS), 5):
            for parameter in rng.sample(range(PARAMETERS), min(per_product, PARAMETERS)):
                rows.append({"organisation_id": org, "product": f"产品{product:03d}", "parameter": f"参数{parameter:02d}",
                             "method_standard": f"GB/T {20000 + parameter}-2020",
                             "product_key": match_key(f"产品{product:03d}"), "parameter_key": match_key(f"参数{parameter:02d}")})
    for start in range(0, len(rows), 10_000):
        session.execute(insert(TestingCapability), rows[start:start + 10_000])
    session.commit()
    return len(rows)


def naive(session, product: str, parameters: list[str], region: str):
    """The baseline: every row of the product into Python, then one query per institution."""
    from app.accounts.models import APPROVED, Organisation
    from plugins.testing.models import TestingCapability, TestingInstitution, match_key

    keys = {match_key(p) for p in parameters}
    by_org: dict[int, set[str]] = {}
    for capability in session.scalars(select(TestingCapability).where(TestingCapability.product_key == match_key(product))):
        by_org.setdefault(capability.organisation_id, set()).add(capability.parameter_key)
    ranked = []
    for org_id, covered in by_org.items():
        if not keys <= covered:
            continue
        institution = session.scalar(select(TestingInstitution).where(TestingInstitution.organisation_id == org_id))
        organisation = session.get(Organisation, org_id)
        if institution is None or organisation.status != APPROVED or not institution.cma_valid:
            continue
        near = next((level for level, n in ((3, 6), (2, 4), (1, 2)) if organisation.region_code[:n] == region[:n]), 0)
        ranked.append((not institution.platform_member, -len(covered), -near, -(institution.satisfaction or -1),
                       organisation.name))
    return sorted(ranked)[:20]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def run(db_kind, url, n_institutions, n_capabilities, n_queries):
    from app import create_app
    from app.extensions import db
    from plugins.testing.matching import match_institutions

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-only-secret-key-0123456789abcdef",
                      "QI_LOAD_ENTRY_POINTS": False})
    assert app.test_cli_runner().invoke(args=["qi", "init", "--no-admin"]).exit_code == 0
    rng = random.Random(11)
    queries = [(f"产品{rng.randrange(PRODUCTS):03d}", [f"参数{p:02d}" for p in rng.sample(range(PARAMETERS), rng.randint(1, 4))],
                rng.choice(REGIONS)) for _ in range(n_queries)]
    with app.app_context():
        count = generate(db.session, n_institutions, n_capabilities)
        if db_kind == "postgresql":
            db.session.execute(text("ANALYZE"))  # as autovacuum would after a bulk load
            db.session.commit()
        ours, base, found = [], [], []
        for product, parameters, region in queries:
            t = time.perf_counter()
            matches = match_institutions(db.session, product, parameters, region=region)
            ours.append(time.perf_counter() - t)
            found.append(len(matches))
            db.session.expunge_all()
            t = time.perf_counter()
            naive(db.session, product, parameters, region)
            base.append(time.perf_counter() - t)
            db.session.expunge_all()
    client = app.test_client()
    pages = []
    for product, parameters, region in queries[:50]:
        t = time.perf_counter()
        assert client.get("/testing/match", query_string={"product": product, "parameters": "、".join(parameters),
                                                          "region": region}).status_code == 200
        pages.append(time.perf_counter() - t)
    with app.app_context():
        db.engine.dispose()
    ms = 1000
    return [f"## {db_kind}: matching over {count:,} capabilities of {n_institutions:,} institutions "
            f"({n_queries} queries of 1–4 parameters; median {statistics.median(found):.0f} institutions found)", "",
            f"- matching: median {statistics.median(ours) * ms:.1f} ms, p95 {percentile(ours, 0.95) * ms:.1f} ms, "
            f"max {max(ours) * ms:.1f} ms (target p95 < 50 ms)",
            f"- naive (product rows into Python, one query per institution): median {statistics.median(base) * ms:.1f} ms, "
            f"p95 {percentile(base, 0.95) * ms:.1f} ms",
            f"- ratio: {statistics.median(base) / statistics.median(ours):.1f}× faster at the median, "
            f"{percentile(base, 0.95) / percentile(ours, 0.95):.1f}× at p95",
            f"- rendered match page (50 queries): median {statistics.median(pages) * ms:.1f} ms, "
            f"p95 {percentile(pages, 0.95) * ms:.1f} ms", ""]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--institutions", type=int, default=2_000)
    parser.add_argument("--capabilities", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    run_on(args.db, "testing", "Testing-institution matching benchmark",
           lambda kind, url: run(kind, url, args.institutions, args.capabilities, args.queries))


if __name__ == "__main__":
    main()
