"""Demo data: authorised capabilities of the demo metrology institution and the demo enterprise's
ledger, dated relative to today so the due-soon and overdue lists always have something in them."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.kit import Organisation

from .models import CALIBRATION, IN_USE, RETIRED, SEALED, VERIFICATION, Instrument, MetrologyCapability, add_months

INSTITUTION = "宁夏计量质量检验检测研究院"
ENTERPRISE = "宁夏红宝枸杞食品有限公司"

# instrument type, method, range, accuracy, authorisation number
CAPABILITIES = [
    ("压力表", VERIFICATION, "(-0.1～60) MPa", "1.0级、1.6级、2.5级、4.0级", "(宁)法计(2022)01001号"),
    ("电子天平", VERIFICATION, "(0～2200) g", "Ⅰ级、Ⅱ级", "(宁)法计(2022)01002号"),
    ("电子汽车衡", VERIFICATION, "(0～150) t", "Ⅲ级", "(宁)法计(2022)01003号"),
    ("出租汽车计价器", VERIFICATION, "—", "±1%", "(宁)法计(2022)01004号"),
    ("燃油加油机", VERIFICATION, "(5～60) L/min", "0.3级", "(宁)法计(2022)01005号"),
    ("玻璃液体温度计", CALIBRATION, "(-30～300) ℃", "U=0.1 ℃, k=2", "CNAS L1123"),
    ("温湿度计", CALIBRATION, "(-20～80) ℃，(10～95)%RH", "U=0.3 ℃；U=2.0%RH, k=2", "CNAS L1123"),
    ("pH计", VERIFICATION, "(0～14) pH", "0.01级", "(宁)法计(2022)01008号"),
    ("水分测定仪", CALIBRATION, "(0～100)%", "U=0.2%, k=2", "CNAS L1123"),
]

# name, model, serial, range, accuracy, location, method, cycle, months since last verification, state
INSTRUMENTS = [
    ("压力表", "Y-100", "HB-YL-2301", "(0～1.6) MPa", "1.6级", "杀菌车间 1 号釜", VERIFICATION, 6, 6, IN_USE),
    ("压力表", "Y-60", "HB-YL-2302", "(0～1.0) MPa", "2.5级", "空压机房", VERIFICATION, 6, 7, IN_USE),
    ("电子天平", "FA2004", "HB-TP-1901", "(0～200) g", "Ⅰ级", "质检室", VERIFICATION, 12, 11, IN_USE),
    ("电子汽车衡", "SCS-100", "HB-QCH-01", "(0～100) t", "Ⅲ级", "原料库门口", VERIFICATION, 12, 3, IN_USE),
    ("pH计", "PHS-3C", "HB-PH-2203", "(0～14) pH", "0.01级", "质检室", VERIFICATION, 12, 12, IN_USE),
    ("温湿度计", "TH-20R", "HB-WSD-07", "(-20～60) ℃", "±0.5 ℃", "成品库", CALIBRATION, 12, 2, IN_USE),
    ("水分测定仪", "MA35", "HB-SF-2101", "(0～100)%", "0.01%", "质检室", CALIBRATION, 12, 14, IN_USE),
    ("游标卡尺", "0-150mm", "HB-KC-1702", "(0～150) mm", "0.02 mm", "包装车间", CALIBRATION, 12, 30, SEALED),
    ("台秤", "TGT-100", "HB-TC-1203", "(0～100) kg", "Ⅲ级", "旧包装车间", VERIFICATION, 12, 48, RETIRED),
]


def load(session) -> int:
    added = 0
    institution = session.scalar(select(Organisation).where(Organisation.name == INSTITUTION))
    if institution is not None:
        have = {(c.instrument_type, c.method) for c in session.scalars(
            select(MetrologyCapability).where(MetrologyCapability.organisation_id == institution.id))}
        for kind, method, measuring_range, accuracy, number in CAPABILITIES:
            if (kind, method) not in have:
                session.add(MetrologyCapability(organisation_id=institution.id, instrument_type=kind, method=method,
                                                measuring_range=measuring_range, accuracy=accuracy,
                                                authorisation_number=number, valid_until=dt.date(2027, 12, 31)))
                added += 1
    enterprise = session.scalar(select(Organisation).where(Organisation.name == ENTERPRISE))
    if enterprise is not None:
        have = set(session.scalars(select(Instrument.serial_number)
                                   .where(Instrument.organisation_id == enterprise.id)))
        today = dt.date.today()
        for name, model, serial, measuring_range, accuracy, location, method, cycle, ago, state in INSTRUMENTS:
            if serial not in have:
                session.add(Instrument(organisation_id=enterprise.id, name=name, model=model, serial_number=serial,
                                       measuring_range=measuring_range, accuracy=accuracy, location=location,
                                       method=method, cycle_months=cycle, last_date=add_months(today, -ago) +
                                       dt.timedelta(days=10), state=state))
                added += 1
    return added
