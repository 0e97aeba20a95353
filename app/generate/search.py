"""Realistic-looking search documents in bulk: standards and institutions, straight into the index.

The generator writes ``qi_search_entry`` rows the way the search providers would (same tokens), so
the benchmark measures the index at scale without building 300,000 ORM records first. Numbers and
names are random but shaped like real ones (GB/T 12345-2019, 宁夏某某检测技术有限公司, region codes
of Ningxia).
"""
from __future__ import annotations

import random

from sqlalchemy.orm import Session

from app.search.models import SearchEntry
from app.generate.bulk import bulk_insert
from app.search.tokens import entry_tags, index_tokens

PREFIXES = ["GB", "GB/T", "GB/Z", "JB/T", "HG/T", "QB/T", "YY/T", "NY/T", "SN/T", "JJG", "JJF", "DB64/T", "T/NXAS", "Q/NX"]
SUBJECTS = ["钢管", "铝合金型材", "枸杞", "葡萄酒", "乳制品", "电线电缆", "水泥", "玻璃", "光伏组件", "锂离子电池",
            "食品添加剂", "塑料管材", "压力容器", "电能表", "燃气表", "衡器", "医用口罩", "羊绒制品", "煤炭", "硅铁合金",
            "化肥", "农药残留", "饮用水", "建筑材料", "风力发电机组", "温度计", "压力表", "滚动轴承", "齿轮", "涂料"]
ASPECTS = ["技术条件", "检验方法", "通用规范", "试验方法", "术语", "安全要求", "测定方法", "质量分级", "包装标识",
           "检定规程", "校准规范", "能效限定值及能效等级", "取样方法", "判定规则", "生产技术规程"]
PLACES = [("640104", "兴庆区"), ("640105", "西夏区"), ("640106", "金凤区"), ("640121", "永宁县"), ("640181", "灵武市"),
          ("640202", "大武口区"), ("640221", "平罗县"), ("640302", "利通区"), ("640381", "青铜峡市"),
          ("640402", "原州区"), ("640502", "沙坡头区"), ("640521", "中宁县")]
FIELDS = [("metrology", "计量测试"), ("testing", "检验检测"), ("testing", "质量检验"), ("certification", "认证"),
          ("testing", "产品质量监督检验"), ("metrology", "计量检定"), ("testing", "环境检测"), ("testing", "食品检测")]
FORMS = ["研究院", "技术有限公司", "中心", "研究所", "服务有限公司", "站"]
WORDS = ["宁夏", "银川", "石嘴山", "吴忠", "固原", "中卫", "贺兰山", "塞上", "西部", "黄河", "六盘山", "朔方", "凤城", "沙湖"]


def standards(n: int, seed: int = 1):
    rng = random.Random(seed)
    for i in range(n):
        number = f"{rng.choice(PREFIXES)} {rng.randint(100, 45000)}-{rng.randint(1995, 2025)}"
        subject, aspect = rng.choice(SUBJECTS), rng.choice(ASPECTS)
        title = f"{number} {subject}{aspect}"
        status = rng.choice(["现行", "现行", "现行", "即将实施", "废止"])
        yield _row("standard", f"s{i}", title, f"{status} ICS {rng.randint(1, 97):02d}.{rng.randint(0, 200):03d}",
                   f"{subject} {aspect} standard", "standardization", None)


def institutions(n: int, seed: int = 2):
    rng = random.Random(seed)
    for i in range(n):
        code, district = rng.choice(PLACES)
        category, field = rng.choice(FIELDS)
        name = f"{rng.choice(WORDS)}{rng.choice(['', district])}{field}{rng.choice(FORMS)}{i % 997 or ''}"
        yield _row("institution", f"o{i}", name, f"{district} {field}服务 CMA{rng.randint(100000, 999999)}",
                   f"{field} {rng.choice(SUBJECTS)} {rng.choice(SUBJECTS)}", category, code)


def _row(kind, ref, title, summary, body, category, region):
    return {"kind": kind, "ref_id": ref, "title": title, "summary": summary, "url": f"/{kind}/{ref}",
            "category": category, "region": region, "public": True,
            "title_tokens": index_tokens(title, initials=True), "body_tokens": index_tokens(f"{summary} {body}"),
            "tags": entry_tags(kind, category, region, True)}


def load(session: Session, rows, batch: int = 5000) -> int:
    """Insert search rows in batches and commit (the benchmarks' entry point)."""
    count = bulk_insert(session, SearchEntry, rows, batch)
    session.commit()
    return count

