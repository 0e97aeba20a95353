"""Benchmark of the quarterly statistics, the public results page and complaint numbers (issue 14).

    .venv/bin/python -m bench.evaluations_bench [--db sqlite|postgresql|both] [--evaluations N]
                                                [--complaints N] [--quarters N] [--requests N]

Generated straight into the tables with bulk inserts and a fixed seed: ``--evaluations`` evaluations
spread evenly over ``--quarters`` quarters (ending with the last closed one), each with one or two
ticked categories, at 60 park stations and 150 institutions (each institution served through three
stations, so 450 window/institution pairs); ``--complaints`` complaints, a tenth as many needs as
evaluations and a fifth as many survey invitations, over the same quarters.

Measured in one run:

- ``quarter_stats`` for the last closed quarter (target under 1 s on SQLite): the first run (cold
  page cache of the process) and the median of five;
- the public page ``/satisfaction/`` of that quarter once the last eight quarters are published,
  p95 and median over ``--requests`` requests (target p95 under 100 ms), against a trivial route
  (returns "ok") of the same app in the same run: the ratio is what holds across machines;
- TS- complaint numbers: 50 threads, each on its own connection, take ``next_number(session, "TS")``
  at once and commit; every number must be distinct and they must be 1 … 50.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import statistics
import threading
import time

from sqlalchemy import insert, select

from bench import run_on
from bench.needs_bench import machine_facts, percentile

SEED = 14
WINDOWS, INSTITUTIONS, WINDOWS_PER_INSTITUTION = 60, 150, 3
CHUNK = 20_000
CONCURRENT = 50
TRIVIAL = "/bench-trivial"


def quarters_ending(year: int, quarter: int, count: int) -> list[tuple[int, int]]:
    out = [(year, quarter)]
    while len(out) < count:
        y, q = out[-1]
        out.append((y, q - 1) if q > 1 else (y - 1, 4))
    return out[::-1]


def _in_quarter(rng, year: int, quarter: int) -> dt.datetime:
    start = dt.datetime(year, 3 * quarter - 2, 1) - dt.timedelta(hours=8)
    return start + dt.timedelta(seconds=rng.randrange(89 * 86400))


def _bulk(session, model, rows):
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(model), rows[start:start + CHUNK])
    session.commit()


def generate(session, evaluations: int, complaints: int, quarters: list[tuple[int, int]], item_id: int) -> dict:
    """The rows, bulk-inserted; returns the seconds each kind took."""
    from app.accounts.models import APPROVED, Organisation
    from app.catalog.models import ServiceCategory
    from app.complaints.models import Complaint
    from app.evaluations.models import Evaluation, EvaluationContent, SurveyInvitation
    from app.needs.models import Need
    from app.testing.windows import make_window

    rng = random.Random(SEED)
    needs, invitations = evaluations // 10, evaluations // 5
    took = {}
    t = time.perf_counter()
    windows = [make_window("park", f"基准评价服务站{i:03d}", code=f"bench-eval-{i:03d}") for i in range(WINDOWS)]
    session.execute(insert(Organisation), [{
        "kind": "institution", "institution_types": "testing", "uscc": f"12{i:016d}", "name": f"基准评价机构{i:03d}",
        "legal_representative": "张三", "address": "银川市", "region_code": "640106", "contact_person": "李四",
        "contact_phone": "13800000000", "status": APPROVED} for i in range(INSTITUTIONS)])
    session.commit()
    institutions = list(session.scalars(select(Organisation.id).where(Organisation.name.like("基准评价机构%"))
                                        .order_by(Organisation.id)))
    pairs = [(windows[(k * 7 + j) % WINDOWS], inst) for k, inst in enumerate(institutions)
             for j in range(WINDOWS_PER_INSTITUTION)]
    categories = list(session.scalars(select(ServiceCategory.id).order_by(ServiceCategory.id)))[:8]
    for start in range(0, evaluations, CHUNK):
        rows, contents = [], []
        for n in range(start, min(start + CHUNK, evaluations)):
            year, quarter = quarters[n % len(quarters)]
            window_id, institution_id = pairs[rng.randrange(len(pairs))]
            base = rng.randint(5, 10)
            ratings = {f"r{k}": max(1, min(10, base + rng.randint(-3, 1))) for k in range(1, 10)}
            rows.append({"id": n + 1, "respondent": f"c:bench-{n}", "kind": "user", "source": "online",
                         "window_id": window_id, "institution_id": institution_id, "user_name": "基准企业",
                         "service_date": dt.date(year, 3 * quarter - 1, 1), "contact_name": "张三",
                         "phone": "13800000000", "institution_name": "基准机构",
                         "submitted_at": _in_quarter(rng, year, quarter), "year": year, "quarter": quarter, **ratings})
            first = rng.randrange(len(categories))
            contents.append({"evaluation_id": n + 1, "category_id": categories[first]})
            if rng.random() < 0.4:
                contents.append({"evaluation_id": n + 1, "category_id": categories[(first + 1) % len(categories)]})
        session.execute(insert(Evaluation), rows)
        session.execute(insert(EvaluationContent), contents)
        session.commit()
    took["evaluations"] = time.perf_counter() - t

    t = time.perf_counter()
    code = hashlib.sha256(b"bench").hexdigest()
    need_rows = []
    for n in range(needs):
        year, quarter = quarters[n % len(quarters)]
        submitted = _in_quarter(rng, year, quarter)
        day = (submitted + dt.timedelta(hours=8)).date()
        window_id, institution_id = pairs[rng.randrange(len(pairs))]
        late = rng.random() < 0.15
        need_rows.append({"id": n + 1, "number": f"XQ-B-{n:07d}", "code_hash": code, "token": f"bench-need-{n}",
                          "need_type": "service", "item_id": item_id, "window_id": window_id,
                          "institution_id": institution_id, "channel": "online", "contact_name": "张三",
                          "contact": "13800000000", "title": "基准需求", "description": "", "state": "closed",
                          "submitted_at": submitted, "counted_from": day, "respond_due": day + dt.timedelta(days=1),
                          "answer_due": day + dt.timedelta(days=3),
                          "responded_at": submitted + dt.timedelta(days=2 if late else 0, hours=2),
                          "answered_at": submitted + dt.timedelta(days=5 if late else 2), "changed_at": submitted})
    _bulk(session, Need, need_rows)
    _bulk(session, SurveyInvitation, [{
        "need_id": 1 + n % needs, "user_id": None, "token_hash": hashlib.sha256(f"inv-{n}".encode()).hexdigest(),
        "created_at": (c := _in_quarter(rng, *quarters[n % len(quarters)])), "expires_at": c + dt.timedelta(days=30),
        "used_at": c + dt.timedelta(days=3) if rng.random() < 0.6 else None} for n in range(invitations)])
    took["needs and invitations"] = time.perf_counter() - t

    t = time.perf_counter()
    _bulk(session, Complaint, [{
        "number": f"TS-B-{n:07d}", "code_hash": code, "token": f"bench-complaint-{n}", "channel": "online",
        "institution_id": pairs[n % len(pairs)][1], "window_id": pairs[n % len(pairs)][0] if n % 3 == 0 else None,
        "complaint_type": "quality", "content": "基准投诉", "request": "处理", "complainant_name": "王五",
        "contact": "13800000000", "state": "closed",
        "submitted_at": (s := _in_quarter(rng, *quarters[n % len(quarters)])), "changed_at": s}
        for n in range(complaints)])
    took["complaints"] = time.perf_counter() - t
    return took


def concurrent_numbers(app) -> tuple[list[str], list[str], float]:
    """50 threads take a TS- number at once, each on its own connection, and commit."""
    from app.extensions import db
    from app.numbering import next_number

    numbers, errors = [], []
    start = threading.Barrier(CONCURRENT)

    def take():
        with app.app_context():
            session = db.session()
            try:
                start.wait(timeout=30)
                number = next_number(session, "TS", 2098)
                session.commit()
                numbers.append(number)
            except Exception as exc:  # reported in the results
                session.rollback()
                errors.append(repr(exc))
            finally:
                db.session.remove()

    t = time.perf_counter()
    threads = [threading.Thread(target=take) for _ in range(CONCURRENT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return numbers, errors, time.perf_counter() - t


def run(db_kind, url, evaluations, complaints, quarter_count, requests):
    from app import create_app
    from app.catalog.models import ServiceItem
    from app.evaluations.publication import last_closed_quarter, publish_quarter
    from app.evaluations.stats import quarter_stats
    from app.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-only-secret-key-0123456789abcdef",
                      "QI_LOAD_ENTRY_POINTS": False, "WTF_CSRF_ENABLED": False})
    app.add_url_rule(TRIVIAL, "bench_trivial", lambda: "ok")  # the baseline: no database, no template
    assert app.test_cli_runner().invoke(args=["qi", "init", "--no-admin"]).exit_code == 0
    target = last_closed_quarter()
    quarters = quarters_ending(*target, quarter_count)
    with app.app_context():
        session = db.session
        item_id = session.scalar(select(ServiceItem.id).order_by(ServiceItem.id))
        took = generate(session, evaluations, complaints, quarters, item_id)
        if db_kind == "postgresql":
            session.commit()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        else:
            session.connection().exec_driver_sql("ANALYZE")
            session.commit()
        facts = machine_facts(session)
        times = []
        for _ in range(6):
            t = time.perf_counter()
            result = quarter_stats(session, *target)
            times.append(time.perf_counter() - t)
        in_quarter = result["platform"]["count"]
        t = time.perf_counter()
        for year, quarter in quarters[-8:]:
            publish_quarter(session, year, quarter, "bench")
        session.commit()
        publish_time = time.perf_counter() - t

    client = app.test_client()
    pages = {"baseline: trivial route": TRIVIAL,
             "public page /satisfaction/": f"/satisfaction/?year={target[0]}&quarter={target[1]}"}
    measured = {}
    for label, path in pages.items():
        for _ in range(3):
            client.get(path)
        samples = []
        for _ in range(requests):
            t = time.perf_counter()
            response = client.get(path)
            samples.append(time.perf_counter() - t)
            assert response.status_code == 200, (path, response.status_code)
        measured[label] = (statistics.median(samples), percentile(samples, 0.95))
    numbers, errors, number_time = concurrent_numbers(app)
    with app.app_context():
        db.engine.dispose()

    base, public = measured["baseline: trivial route"], measured["public page /satisfaction/"]
    distinct = len(set(numbers))
    expected = sorted(f"TS-2098-{n:06d}" for n in range(1, CONCURRENT + 1))
    return [f"## {db_kind}: {evaluations:,} evaluations over {quarter_count} quarters, {complaints:,} complaints",
            "", f"Machine: {facts}.", "",
            "Bulk load: " + ", ".join(f"{k} {v:.0f} s" for k, v in took.items()) + ".", "",
            f"### quarter_stats({target[0]}, {target[1]}): {in_quarter:,} evaluations in the quarter", "",
            f"- first run {times[0] * 1000:.0f} ms, median of the next five {statistics.median(times[1:]) * 1000:.0f} ms, "
            f"slowest {max(times) * 1000:.0f} ms (target under 1 s)",
            f"- publishing the last eight quarters: {publish_time:.1f} s in all", "",
            "### public page (served from the stored results)", "",
            *(f"- {label}: median {m * 1000:.1f} ms, p95 {p * 1000:.1f} ms ({requests} requests)"
              for label, (m, p) in measured.items()),
            f"- public page p95 against the trivial route: {public[1] / base[1]:.1f}× (target p95 under 100 ms)", "",
            f"### TS- numbers, {CONCURRENT} concurrent submissions", "",
            f"- {len(numbers)} numbers, {distinct} distinct, errors: {len(errors)}"
            f"{' (' + errors[0] + ')' if errors else ''}; 1 … {CONCURRENT} without gaps: "
            f"{'yes' if sorted(numbers) == expected else 'no'}; {number_time:.2f} s", ""]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaluations", type=int, default=1_000_000)
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--quarters", type=int, default=16)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="sqlite")
    args = parser.parse_args()
    run_on(args.db, "evaluations", "Evaluations at scale: quarterly statistics, public results page, TS- numbers",
           lambda kind, url: run(kind, url, args.evaluations, args.complaints, args.quarters, args.requests))


if __name__ == "__main__":
    main()
