"""Demo organisations: the demo enterprise and institution users act for approved organisations,
more institutions fill the search, and one application waits in the review queue."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from ..workdays import add_working_days, today
from .models import APPROVED, SUBMITTED, Organisation, OrganisationEvent, UserProfile

DEMO_ORGANISATIONS = [
    # uscc, kind, types, name, legal representative, address, region, industry, member user
    ("91640100MA76A1B2C7", "enterprise", "", "宁夏红宝枸杞食品有限公司", "马建军", "银川市西夏区文萃南街 88 号", "640105",
     "食品制造", "enterprise"),
    ("12640000455970110D", "institution", "metrology,testing", "宁夏计量质量检验检测研究院", "杨迪",
     "银川市金凤区宁安大街 490 号", "640106", "检验检测服务", "institution"),
    ("91640200MA76C3D4E5", "institution", "testing", "石嘴山市产品质量检验检测中心", "王伟", "石嘴山市大武口区世纪大道 12 号",
     "640202", "检验检测服务", None),
    ("91640300MA76E5F6G7", "institution", "certification", "宁夏塞上质量认证有限公司", "苏梦菲", "吴忠市利通区开元大道 6 号",
     "640302", "认证服务", None),
    ("91640500MA76G7H8J9", "institution", "ip_agency", "中卫沙坡头知识产权代理事务所", "段斌", "中卫市沙坡头区鼓楼西街 9 号",
     "640502", "知识产权服务", None),
    ("91640100MA76J9K0L1", "enterprise", "", "宁夏贺兰山光伏材料股份有限公司", "赵燕", "银川市兴庆区丽景街 20 号", "640104",
     "光伏材料", None),
]
PENDING = ("91640400MA76L1M2N3", "institution", "testing", "固原市六盘山农产品检测站", "樊璐", "固原市原州区文化街 3 号",
           "640402", "检验检测服务")


def _now():
    import datetime as dt

    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _fix(code: str) -> str:
    """Demo codes are typed with a placeholder check character; compute the real one."""
    from .identifiers import uscc_check_character

    return code[:17] + uscc_check_character(code[:17])


def load_accounts_demo(session) -> int:
    sm = current_app.appbuilder.sm
    have = set(session.scalars(select(Organisation.uscc)))
    added = 0
    for code, kind, types, name, rep, address, region, industry, member in DEMO_ORGANISATIONS:
        code = _fix(code)
        if code in have:
            continue
        org = Organisation(kind=kind, institution_types=types, uscc=code, name=name, legal_representative=rep,
                           address=address, region_code=region, industry=industry, contact_person=rep,
                           contact_phone="0951-5012345", status=APPROVED,
                           description="检验检测、计量校准服务" if kind == "institution" else None)
        session.add(org)
        session.flush()
        session.add(OrganisationEvent(organisation_id=org.id, action="approved", actor="demo"))
        user = sm.find_user(username=member) if member else None
        if user is not None and session.scalar(select(UserProfile.id).where(UserProfile.user_id == user.id)) is None:
            session.add(UserProfile(user_id=user.id, organisation_id=org.id, real_name=f"{user.last_name}{user.first_name}",
                                    id_number="64010419800101123X", display_name=f"{user.last_name}{user.first_name}"))
        added += 1
    code, kind, types, name, rep, address, region, industry = PENDING
    code = _fix(code)
    if code not in have:
        org = Organisation(kind=kind, institution_types=types, uscc=code, name=name, legal_representative=rep,
                           address=address, region_code=region, industry=industry, contact_person=rep,
                           contact_phone="0954-2012345", status=SUBMITTED, submitted_on=_now(),
                           review_due_on=add_working_days(today(), 3))
        session.add(org)
        session.flush()
        session.add(OrganisationEvent(organisation_id=org.id, action="submitted", actor="demo"))
        added += 1
    return added
