"""Demo data: patents with valid application numbers, trademarks, the demo IP agency's record,
two listings of the board and one patent-navigation request."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.kit import Need, Organisation, need_states, take_step

from .models import PENDING, PUBLISHED, IpAgency, IpOffer, Patent, Trademark
from .needs import file_navigation_need
from .numbers import parse

HONGBAO, HELANSHAN, AGENCY = "宁夏红宝枸杞食品有限公司", "宁夏贺兰山光伏材料股份有限公司", "中卫沙坡头知识产权代理事务所"

# 12 digits (the check character is computed), title, applicant, type, IPC, status, filed, granted
PATENTS = [
    ("202310123456", "一种枸杞多糖的提取纯化方法", HONGBAO, "invention", "C08B 37/00; A61K 36/815", "granted",
     dt.date(2023, 2, 14), dt.date(2025, 6, 3)),
    ("202220987654", "一种枸杞烘干用多层输送装置", HONGBAO, "utility", "F26B 15/18", "granted", dt.date(2022, 8, 9),
     dt.date(2023, 1, 17)),
    ("202330456789", "包装盒（枸杞礼盒）", HONGBAO, "design", "09-03", "granted", dt.date(2023, 7, 21),
     dt.date(2023, 11, 2)),
    ("202410345678", "一种钙钛矿光伏组件的封装方法", HELANSHAN, "invention", "H01L 31/048; H02S 40/00", "pending",
     dt.date(2024, 3, 28), None),
    ("202110567890", "一种光伏玻璃减反射镀膜液及其制备方法", HELANSHAN, "invention", "C03C 17/25; C09D 1/00", "granted",
     dt.date(2021, 5, 11), dt.date(2023, 9, 26)),
    ("201910234567", "一种葡萄酒橡木桶陈酿温控系统", "宁夏贺兰山东麓酒庄有限公司", "invention", "C12G 1/00; G05D 23/19",
     "lapsed", dt.date(2019, 4, 2), dt.date(2021, 8, 13)),
]
# number, name, applicant, classes, status, filed, registered, expires
TRADEMARKS = [
    ("12345678", "红宝", HONGBAO, "29,30,31", "registered", dt.date(2013, 3, 5), dt.date(2014, 6, 7), dt.date(2034, 6, 6)),
    ("56781234", "贺兰山光伏", HELANSHAN, "9,11", "registered", dt.date(2019, 9, 1), dt.date(2020, 10, 14),
     dt.date(2030, 10, 13)),
    ("67890123", "塞上枸杞", HONGBAO, "29,30,35", "applied", dt.date(2025, 12, 1), None, None),
]


def load(session) -> int:
    added = 0
    have = set(session.scalars(select(Patent.number_key)))
    for digits, title, applicant, kind, ipc, status, filed, granted in PATENTS:
        number = parse(digits)
        if number.digits + number.check not in have:
            session.add(Patent(application_number=number.display, number_key=number.digits + number.check, title=title,
                               applicant=applicant, patent_type=kind, ipc=ipc, status=status, filed_on=filed,
                               granted_on=granted))
            added += 1
    have = set(session.scalars(select(Trademark.registration_number)))
    for number, name, applicant, classes, status, filed, registered, expires in TRADEMARKS:
        if number not in have:
            session.add(Trademark(registration_number=number, name=name, applicant=applicant, nice_classes=classes,
                                  status=status, filed_on=filed, registered_on=registered, expires_on=expires))
            added += 1
    orgs = {o.name: o for o in session.scalars(select(Organisation).where(
        Organisation.name.in_([HONGBAO, HELANSHAN, AGENCY])))}
    if AGENCY in orgs and session.scalar(select(IpAgency.id).where(IpAgency.organisation_id == orgs[AGENCY].id)) is None:
        session.add(IpAgency(organisation_id=orgs[AGENCY].id, agency_code="64102", agents=6,
                             services="patent,trademark,navigation,analysis,pledge",
                             description="专利、商标代理，专利导航与质押融资咨询，服务中卫及周边县区企业。"))
        added += 1
    titles = set(session.scalars(select(IpOffer.title)))
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    for owner, kind, title, numbers, field, terms, status in [
        (HELANSHAN, "license", "光伏玻璃减反射镀膜技术普通许可", "CN202110567890.4", "光伏材料",
         "普通许可，入门费 20 万元 + 销售额 3% 提成，可提供技术指导。", PUBLISHED),
        (HONGBAO, "wanted", "寻求枸杞鲜果保鲜技术", None, "农产品加工", "可合作开发或受让，预算面议。", PENDING),
    ]:
        if owner in orgs and title not in titles:
            session.add(IpOffer(organisation_id=orgs[owner].id, kind=kind, title=title, ip_numbers=numbers, field=field,
                                terms=terms, contact_name="赵燕" if owner == HELANSHAN else "马建军",
                                contact_phone="0951-5012345", status=status,
                                published_on=now if status == PUBLISHED else None))
            added += 1
    if HONGBAO in orgs and AGENCY in orgs and session.scalar(
            select(Need.id).where(Need.token == "demo-navigation-1")) is None:
        need = file_navigation_need(session, orgs[HONGBAO], field="枸杞深加工", goal="新品枸杞原浆上市前的专利侵权风险排查",
                                    description="计划 2027 年推出 NFC 枸杞原浆，需了解杀菌与灌装工艺相关专利。",
                                    wanted_by=None, token="demo-navigation-1", actor="enterprise")
        staff = {need_states.STAFF}
        take_step(session, need, "plan", actor="platform", actor_kinds=staff,
                  comment="由熟悉食品工艺专利的代理机构开展检索分析，两周内出具风险排查报告。")
        take_step(session, need, "match", actor="platform", actor_kinds=staff, institution_id=orgs[AGENCY].id)
        added += 1
    return added
