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


def write(path: Path, rows: list[Row], trivial: str, preamble: list[str], memory: list[str]) -> None:
    """Write the whole page: the preamble, the table, the memory lines, and a legend."""
    text = preamble + [""] + table(rows, trivial) + ["", "## Memory after the mixed load", ""] + memory + [
        "", "Ratios are requests per second of the case over those of its baseline measured in the same run "
        "(same machine, same server settings, same concurrency): above 1 × the page is faster than the baseline. "
        "Median and p95 are per-request latencies seen by the client (concurrency 4, keep-alive)."]
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
