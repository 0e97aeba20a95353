"""Benchmark rows for ``flask qi generate``: ``instruments`` (ledgers of the enterprises, a tenth the
demo enterprise's) and ``capabilities`` of the institutions."""
from __future__ import annotations

import datetime as dt
import random

from app.kit import bulk_insert

from .models import CALIBRATION, IN_USE, RETIRED, SEALED, VERIFICATION, Instrument, MetrologyCapability, add_months

NAMES = ["压力表", "电子天平", "电子汽车衡", "pH计", "温湿度计", "水分测定仪", "游标卡尺", "台秤", "燃油加油机", "电能表"]
BASE = dt.date(2025, 1, 1)


def _instruments(ctx, enterprises):
    rng = random.Random(ctx.seed + 40)
    for i in range(ctx.count("instruments")):
        cycle = rng.choice([6, 12, 12, 24])
        last = BASE - dt.timedelta(days=rng.randint(0, 720))
        yield {"organisation_id": ctx.owner(i, "enterprise", enterprises), "name": NAMES[i % len(NAMES)],
               "model": f"M-{i % 300}", "serial_number": f"SN{i:09d}", "measuring_range": None, "accuracy": None,
               "location": f"车间 {i % 40 + 1}", "method": VERIFICATION if i % 3 else CALIBRATION,
               "cycle_months": cycle, "last_date": last, "next_due": add_months(last, cycle),
               "state": rng.choice([IN_USE, IN_USE, IN_USE, SEALED, RETIRED])}


def generate(ctx) -> dict:
    enterprises, institutions = ctx.organisation_ids("enterprise"), ctx.organisation_ids("institution")
    made = {"metr_instrument": bulk_insert(ctx.session, Instrument, _instruments(ctx, enterprises))}
    made["metr_capability"] = bulk_insert(ctx.session, MetrologyCapability, (
        {"organisation_id": ctx.owner(i, "institution", institutions), "instrument_type": f"{NAMES[i % len(NAMES)]} {i}",
         "method": VERIFICATION, "measuring_range": None, "accuracy": None,
         "authorisation_number": f"(宁)法计(2025){i:06d}号", "valid_until": dt.date(2028, 12, 31)}
        for i in range(ctx.count("capabilities") // 2)))
    return made
