"""Benchmark rows for ``flask qi generate``: testing ``capabilities`` of the institutions (a tenth the
demo institution's)."""
from __future__ import annotations

from app.kit import bulk_insert

from .models import TestingCapability, match_key

PRODUCTS = ["枸杞", "乳制品", "饮用水", "水泥", "钢筋", "电线电缆", "塑料管材", "涂料", "化肥", "葡萄酒"]
PARAMETERS = ["水分", "灰分", "铅", "菌落总数", "抗拉强度", "密度", "pH值", "总糖", "二氧化硫", "细度"]


def generate(ctx) -> dict:
    institutions = ctx.organisation_ids("institution")

    def rows():
        for i in range(ctx.count("capabilities")):
            product, parameter = PRODUCTS[i % len(PRODUCTS)], PARAMETERS[(i // 10) % len(PARAMETERS)]
            yield {"organisation_id": ctx.owner(i, "institution", institutions), "product": f"{product}{i // 100}",
                   "parameter": parameter, "method_standard": f"GB 5009.{i % 300}-2016", "limits": None,
                   "product_key": match_key(f"{product}{i // 100}"), "parameter_key": match_key(parameter)}

    return {"test_capability": bulk_insert(ctx.session, TestingCapability, rows())}
