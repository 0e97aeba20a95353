"""Benchmark rows for ``flask qi generate``: ``standards`` national, trade and local standards."""
from __future__ import annotations

import datetime as dt
import random

from app.kit import bulk_insert

from .models import ABOLISHED, CURRENT, UPCOMING, Standard
from .numbers import number_key

PREFIXES = ["GB", "GB/T", "GB/Z", "JB/T", "HG/T", "QB/T", "YY/T", "NY/T", "SN/T", "JJG", "JJF", "DB64/T", "T/NXAS"]
SUBJECTS = ["钢管", "铝合金型材", "枸杞", "葡萄酒", "乳制品", "电线电缆", "水泥", "光伏组件", "锂离子电池", "羊绒制品"]
ASPECTS = ["技术条件", "检验方法", "通用规范", "试验方法", "安全要求", "测定方法", "质量分级", "包装标识"]


def _standards(ctx):
    rng = random.Random(ctx.seed + 30)
    for i in range(ctx.count("standards")):
        year = 1995 + i % 31
        number = f"{PREFIXES[i % len(PREFIXES)]} {10000 + i // len(PREFIXES)}-{year}"
        status = rng.choice([CURRENT, CURRENT, CURRENT, UPCOMING, ABOLISHED])
        yield {"number": number, "number_key": number_key(number),
               "title_zh": f"{rng.choice(SUBJECTS)}{rng.choice(ASPECTS)}", "title_en": None, "status": status,
               "issued_on": dt.date(year, 1 + i % 12, 1 + i % 28),
               "implemented_on": dt.date(year, 1 + i % 12, 1 + i % 28) + dt.timedelta(days=180),
               "abolished_on": dt.date(2024, 6, 1) if status == ABOLISHED else None,
               "ics": f"{rng.randint(1, 97):02d}.{rng.randint(0, 200):03d}", "ccs": None}


def generate(ctx) -> dict:
    return {"std_standard": bulk_insert(ctx.session, Standard, _standards(ctx))}
