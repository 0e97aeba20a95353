"""Demo data: the qualification records, capabilities and reports of the demo testing institutions."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.kit import Organisation

from .models import FAIL, PASS, TestingCapability, TestingInstitution, TestReport

# institution name: (CMA number, valid until, CNAS number, platform member, open days)
PROFILES = {
    "宁夏计量质量检验检测研究院": ("236412050011", dt.date(2028, 3, 31), "CNAS L0512", True,
                          "每月第一个周五开放实验室参观，请提前 3 个工作日预约。"),
    "石嘴山市产品质量检验检测中心": ("226402100153", dt.date(2027, 9, 30), None, False, None),
}
WOLFBERRY = [("水分", "GB 5009.3-2016", "≤ 30%"), ("总糖", "GB/T 18672-2014", None), ("枸杞多糖", "GB/T 18672-2014", None),
             ("铅", "GB 5009.12-2023", "检出限 0.02 mg/kg"), ("镉", "GB 5009.15-2023", None),
             ("二氧化硫", "GB 5009.34-2022", None), ("蛋白质", "GB 5009.5-2016", None)]
CAPABILITIES = {
    "宁夏计量质量检验检测研究院": [("枸杞", *row) for row in WOLFBERRY] + [
        ("光伏组件", "最大功率", "IEC 61215-2:2021", None), ("光伏组件", "绝缘耐压", "IEC 61730-2:2023", None),
        ("光伏组件", "湿漏电流", "IEC 61215-2:2021", None),
        ("生活饮用水", "浑浊度", "GB/T 5750.4-2023", None), ("生活饮用水", "pH值", "GB/T 5750.4-2023", None),
        ("生活饮用水", "菌落总数", "GB/T 5750.12-2023", None)],
    "石嘴山市产品质量检验检测中心": [("枸杞", *row) for row in WOLFBERRY[:4]] + [
        ("电线电缆", "导体电阻", "GB/T 3048.4-2007", None), ("电线电缆", "绝缘厚度", "GB/T 2951.11-2008", None),
        ("电线电缆", "耐电压", "GB/T 3048.8-2007", None),
        ("生活饮用水", "浑浊度", "GB/T 5750.4-2023", None), ("生活饮用水", "pH值", "GB/T 5750.4-2023", None)],
}
# number, institution, product, client, issued on, conclusion, code
REPORTS = [("NJZ2026-SP-01234", "宁夏计量质量检验检测研究院", "宁夏枸杞（特优级）", "宁夏红宝枸杞食品有限公司",
            dt.date(2026, 9, 12), PASS, "K7M3Q9TX"),
           ("SZS2026-DL-00088", "石嘴山市产品质量检验检测中心", "聚氯乙烯绝缘电缆 BV 2.5mm²", "宁夏贺兰山光伏材料股份有限公司",
            dt.date(2026, 10, 8), FAIL, "P4H8W2ZN")]


def load(session) -> int:
    added = 0
    orgs = {o.name: o for o in session.scalars(select(Organisation).where(Organisation.name.in_(PROFILES)))}
    have = set(session.scalars(select(TestingInstitution.organisation_id)))
    for name, (cma, until, cnas, member, open_days) in PROFILES.items():
        if name in orgs and orgs[name].id not in have:
            session.add(TestingInstitution(organisation_id=orgs[name].id, cma_number=cma, cma_valid_until=until,
                                           cnas_number=cnas, platform_member=member,
                                           open_days=open_days))
            added += 1
    for name, rows in CAPABILITIES.items():
        if name not in orgs:
            continue
        known = {(c.product, c.parameter, c.method_standard) for c in session.scalars(
            select(TestingCapability).where(TestingCapability.organisation_id == orgs[name].id))}
        for product, parameter, method, limits in rows:
            if (product, parameter, method) not in known:
                session.add(TestingCapability(organisation_id=orgs[name].id, product=product, parameter=parameter,
                                              method_standard=method, limits=limits))
                added += 1
    numbers = set(session.scalars(select(TestReport.number)))
    for number, name, product, client, issued, conclusion, code in REPORTS:
        if name in orgs and number not in numbers:
            session.add(TestReport(number=number, organisation_id=orgs[name].id, product=product, client=client,
                                   issued_on=issued, conclusion=conclusion, verification_code=code))
            added += 1
    return added
