"""Benchmark of the bulk validity check (issue 6): 5,000 numbers against 200,000 standards.

    .venv/bin/python -m bench.standards_bench [--db sqlite|postgresql|both] [--standards N] [--lines N]

Generated standards carry replacement chains (about a third are replaced, some twice). The list to
check mixes known numbers typed in other forms, replaced ones, unknown and malformed lines. The
platform's check (a few set-based queries) is timed next to a naive baseline that looks each line
up on its own, in the same run. Results go to bench/results/standards-<db>.md.
"""
from __future__ import annotations

import argparse
import random
import statistics
import time

from sqlalchemy import insert, select

from bench import run_on

PREFIXES = ["GB", "GB/T", "JB/T", "HG/T", "QB/T", "NY/T", "SN/T", "JJG", "JJF", "DB64/T"]


def generate(n: int, seed: int = 3):
    rng = random.Random(seed)
    rows, keys = [], []
    for i in range(n):
        prefix = PREFIXES[i % len(PREFIXES)]
        code = f"{10000 + i // len(PREFIXES)}"
        year = 2000 + rng.randint(0, 24)
        display, key = f"{prefix} {code}-{year}", f"{prefix}{code}-{year}"
        rows.append({"number": display, "number_key": key, "title_zh": f"标准{i}", "status": "current",
                     "replaced_by_key": None})
        keys.append(key)
    for i in range(0, n - 2, 3):  # every third is replaced by the next, which may be replaced in turn
        rows[i]["status"], rows[i]["replaced_by_key"] = "abolished", rows[i + 1]["number_key"]
    return rows


def lines_to_check(rows, count: int, seed: int = 4) -> list[str]:
    rng = random.Random(seed)
    lines = []
    for _ in range(count):
        r = rng.random()
        if r < 0.85:
            number = rng.choice(rows)["number"]
            lines.append(rng.choice([number, number.lower(), number.replace(" ", ""), number.replace("-", "—")]))
        elif r < 0.95:
            lines.append(f"GB/T {rng.randint(90000, 99999)}-2099")
        else:
            lines.append(rng.choice(["标准号", "n/a", "GB/T", "见附件"]))
    return lines


def naive(session, lines):
    """The baseline: one lookup per line and per link of its chain."""
    from plugins.standardization.models import Standard
    from plugins.standardization.numbers import MalformedNumber, parse

    out = []
    for line in lines:
        try:
            key = parse(line).key
        except MalformedNumber:
            out.append(None)
            continue
        standard = session.scalar(select(Standard).where(Standard.number_key == key))
        hops = 0
        while standard is not None and standard.replaced_by_key and hops < 20:
            nxt = session.scalar(select(Standard).where(Standard.number_key == standard.replaced_by_key))
            if nxt is None:
                break
            standard, hops = nxt, hops + 1
        out.append(standard)
    return out


def run(db_kind, url, n_standards, n_lines, repeat):
    from app import create_app
    from app.extensions import db
    from plugins.standardization.models import Standard
    from plugins.standardization.validity import check_numbers

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-only-secret-key-0123456789abcdef",
                      "QI_LOAD_ENTRY_POINTS": False})
    assert app.test_cli_runner().invoke(args=["qi", "init", "--no-admin"]).exit_code == 0
    with app.app_context():
        rows = generate(n_standards)
        for start in range(0, len(rows), 10_000):
            db.session.execute(insert(Standard), rows[start:start + 10_000])
        db.session.commit()
        lines = lines_to_check(rows, n_lines)
        ours, base = [], []
        for _ in range(repeat):
            t = time.perf_counter()
            results = check_numbers(db.session, lines)
            ours.append(time.perf_counter() - t)
            db.session.expunge_all()
            t = time.perf_counter()
            naive(db.session, lines)
            base.append(time.perf_counter() - t)
            db.session.expunge_all()
        replaced = sum(1 for r in results if r.replacement)
        unknown = sum(1 for r in results if not r.ok)
        db.engine.dispose()
    return [f"## {db_kind}: {n_lines:,} lines against {n_standards:,} standards ({replaced:,} replaced, {unknown:,} unknown or malformed)",
            "", f"- bulk check: median {statistics.median(ours):.2f} s, max {max(ours):.2f} s (target < 2 s)",
            f"- naive per-line lookups: median {statistics.median(base):.2f} s",
            f"- ratio: {statistics.median(base) / statistics.median(ours):.0f}× faster", ""]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--standards", type=int, default=200_000)
    parser.add_argument("--lines", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    run_on(args.db, "standards", "Bulk validity check benchmark",
           lambda kind, url: run(kind, url, args.standards, args.lines, args.repeat))


if __name__ == "__main__":
    main()
