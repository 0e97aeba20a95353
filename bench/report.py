"""bench/results.md of the page benchmark: one row per case, each paired with its baseline of the same run."""
from __future__ import annotations

import dataclasses
import math
from pathlib import Path

from bench.load import Stats


@dataclasses.dataclass
class Row:
    """One measured case; ``baseline`` names the row of the same run (scale, database) it is compared with."""

    case: str
    scale: str
    database: str
    stats: Stats | None
    baseline: str = ""
    group: str = ""
    role: str = ""
    path: str = ""
    statements: int | None = None
    note: str = ""


def _num(value: float, digits: int = 1) -> str:
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def ratio(row: Row, rows: dict[tuple[str, str, str], Row], name: str) -> float | None:
    """req/s of ``row`` over req/s of the baseline ``name`` in the same (scale, database); > 1 is faster."""
    base = rows.get((name, row.scale, row.database))
    if not name or row.stats is None or base is None or base.stats is None or not base.stats.rps:
        return None
    return row.stats.rps / base.stats.rps


def table(rows: list[Row], trivial: str) -> list[str]:
    """The markdown table: case, scale, database, median, p95, req/s, baseline, ratio (and to the trivial route)."""
    index = {(r.case, r.scale, r.database): r for r in rows}
    lines = ["| case | scale | database | role | median ms | p95 ms | req/s | baseline | ratio to baseline | "
             "ratio to trivial route | SQL statements | n |",
             "|---|---|---|---|---:|---:|---:|---|---:|---:|---:|---:|"]
    for r in rows:
        s = r.stats
        if s is None:
            lines.append(f"| {r.case} | {r.scale} | {r.database} | {r.role or '–'} | – | – | – | {r.baseline or '–'} | – | – | – | "
                         f"not measured: {r.note} |")
            continue
        to_base, to_trivial = ratio(r, index, r.baseline), ratio(r, index, trivial)
        failed = f" ({s.failures} failed)" if s.failures else ""
        lines.append(
            f"| {r.case} | {r.scale} | {r.database} | {r.role or '–'} | {_num(s.median_ms)} | {_num(s.p95_ms)} | "
            f"{_num(s.rps)} | {r.baseline or '–'} | {_num(to_base, 2) + ' ×' if to_base else '–'} | "
            f"{_num(to_trivial, 3) + ' ×' if to_trivial and r.baseline != trivial else '–'} | "
            f"{r.statements if r.statements is not None else '–'} | {len(s.times)}{failed} |")
    return lines


STAFF_GROUPS = ("staff list", "staff page", "show page", "enterprise", "rest")


def summary(rows: list[Row]) -> list[str]:
    """The issue's targets read off the table, per database and scale (facts, not a verdict on time)."""
    index = {(r.case, r.scale, r.database): r for r in rows}
    lines = []
    for scale, database in dict.fromkeys((r.scale, r.database) for r in rows):
        mine = [r for r in rows if (r.scale, r.database) == (scale, database) and r.stats is not None]
        for label, groups, target in (("staff pages", STAFF_GROUPS, 5), ("public pages", ("public",), 10)):
            rated = sorted(((ratio(r, index, r.baseline), r.case) for r in mine if r.group in groups
                            and ratio(r, index, r.baseline)), key=lambda x: x[0])
            if rated:
                met = sum(1 for value, _ in rated if value >= target)
                lines.append(f"- {database}, {scale}, {label}: {met} of {len(rated)} at or above {target} × their "
                             f"baseline; lowest {rated[0][0]:.2f} × ({rated[0][1]}), highest {rated[-1][0]:.2f} × "
                             f"({rated[-1][1]})")
        counted = sorted(((r.statements, r.case) for r in mine if r.statements is not None and r.group != "baseline"),
                         reverse=True)
        if counted:
            over = sum(1 for n, _ in counted if n > 6)
            lines.append(f"- {database}, {scale}, SQL statements: {over} of {len(counted)} pages above 6; most "
                         + ", ".join(f"{n} ({case})" for n, case in counted[:3]))
        pairs = []
        for r in mine:
            if r.case.endswith("(last page)"):
                first = index.get((r.case.replace("(last page)", "(first page)"), scale, database))
                if first and first.stats:
                    pairs.append((r.stats.p95_ms / first.stats.p95_ms, r.case))
        if pairs:
            worst = max(pairs)
            lines.append(f"- {database}, {scale}, last page against first page (p95): worst {worst[0]:.2f} × "
                         f"({worst[1]}) over {len(pairs)} lists with several pages")
    return lines


def write(path: Path, rows: list[Row], trivial: str, preamble: list[str], memory: list[str]) -> None:
    """Write the whole page: the preamble, the targets read off the table, the table, the memory lines, a legend."""
    text = preamble + ["", "## Against the targets of issue 16", ""] + summary(rows) + ["", "## Every case", ""] + table(rows, trivial) + ["", "## Memory after the mixed load", ""] + memory + [
        "", "Ratios are requests per second of the case over those of its baseline measured in the same run "
        "(same machine, same server settings, same concurrency): above 1 × the page is faster than the baseline. "
        "Median and p95 are per-request latencies seen by the client (concurrency 4, keep-alive)."]
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
