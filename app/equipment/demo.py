"""Demo instruments of the demo institution, and a booking by the demo enterprise (``flask qi demo``)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ..accounts.models import Organisation
from ..needs.demo import ENTERPRISE_NAME, INSTITUTION_NAME
from ..workdays import add_working_days, today
from .models import REQUESTED, EquipmentBooking, SharedInstrument

DEMO_INSTRUMENTS = [
    ("电感耦合等离子体质谱仪", "Agilent 7900", "食品、水质中重金属及微量元素", "检测大楼 3 楼 ICP-MS 室", "800 元/小时",
     "需提前 2 个工作日预约；样品须经前处理；由本院检测人员上机操作。"),
    ("气相色谱-质谱联用仪", "Thermo TSQ 9000", "农药残留、挥发性有机物", "检测大楼 2 楼色谱室", "600 元/小时",
     "自带标准品的须提供证书；每次预约不少于 2 小时。"),
    ("三坐标测量机", "Hexagon Global S 9.15.8", "机械零件尺寸与形位公差", "计量楼 1 楼恒温室", "400 元/小时",
     "工件须提前 24 小时放入恒温室；操作人员须持本院培训合格证。"),
]


def load_equipment_demo(session) -> int:
    """Add the demo institution's instruments that are missing, and one requested booking of the
    first by the demo enterprise; returns how many instruments were added."""
    institution = session.scalar(select(Organisation).where(Organisation.name == INSTITUTION_NAME))
    if institution is None:
        return 0
    have = set(session.scalars(select(SharedInstrument.name).where(SharedInstrument.organisation_id == institution.id)))
    added = []
    for name, model, measures, location, price, rules in DEMO_INSTRUMENTS:
        if name not in have:
            row = SharedInstrument(organisation_id=institution.id, name=name, model=model, measures=measures,
                                   location=location, price=price, rules=rules, active=True)
            session.add(row)
            added.append(row)
    session.flush()
    enterprise = session.scalar(select(Organisation).where(Organisation.name == ENTERPRISE_NAME))
    from flask_appbuilder.security.sqla.models import User

    user_id = session.scalar(select(User.id).where(User.username == "enterprise"))
    if added and enterprise is not None and user_id is not None:
        day = add_working_days(today(), 2)
        session.add(EquipmentBooking(instrument_id=added[0].id, organisation_id=enterprise.id,
                                     institution_id=institution.id, user_id=user_id, state=REQUESTED,
                                     starts_at=dt.datetime.combine(day, dt.time(9)),
                                     ends_at=dt.datetime.combine(day, dt.time(11)), purpose="枸杞干果重金属检测"))
    return len(added)
