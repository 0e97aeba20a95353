"""Demo windows: a park service station in Yinchuan worked by the demo user ``window``, the demo
institution's window and the demo enterprise's window, each with hours and services."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder.security.sqla.models import User
from sqlalchemy import select

from ..accounts.models import Organisation
from ..catalog.models import ServiceCategory, ServiceItem
from .models import NetworkResource, ServiceWindow, WindowHours, WindowService, WindowStaffMember

PARK_CODE = "yc-park"
ENTERPRISE_NAME, INSTITUTION_NAME = "宁夏红宝枸杞食品有限公司", "宁夏计量质量检验检测研究院"
# code, kind, name, English name, owner, address, phone, categories handled, extra fields
DEMO_WINDOWS = [
    (PARK_CODE, "park", "银川经济技术开发区质量服务站", "Yinchuan ETDZ Quality Service Station", None,
     "银川市金凤区开发区宝湖路 8 号服务中心一楼", "0951-5600101", ("metrology", "testing", "standardization"),
     {"latitude": 38.4680, "longitude": 106.2730, "description": "园区企业计量、检验检测、标准化一站式受理，可现场送样。"}),
    ("nx-nimtt-window", "institution", "计量院业务受理窗口", "Metrology Institute Service Window", INSTITUTION_NAME,
     "银川市兴庆区民族北街 12 号", "0951-5600202", ("metrology", "testing"),
     {"flow": "登记受理 → 送样或预约上门 → 检定/检测 → 出具证书或报告 → 领取", "cycle": "一般 5 个工作日，加急 2 个工作日",
      "price": "按自治区物价部门核定标准收费，详见窗口公示", "industry": "食品加工",
      "description": "计量检定校准、食品及农产品检验检测业务受理。"}),
    ("hb-goji-window", "enterprise", "红宝枸杞企业服务窗口", "Hongbao Goji Enterprise Window", ENTERPRISE_NAME,
     "中卫市中宁县枸杞产业园 3 号", "0955-5600303", ("quality",),
     {"description": "服务枸杞重点项目：质量管理诊断、标准咨询。"}),
]
DEMO_RESOURCES = [
    ("宁夏回族自治区市场监督管理厅标准化处", "government", "640000", "银川市金凤区康平路 1 号", "0951-0000000",
     "地方标准立项与备案指导"),
    ("宁夏大学食品与葡萄酒学院", "university", "640100", "银川市西夏区贺兰山西路 489 号", "0951-0000001",
     "食品检测方法研究、人才培训"),
]


def _categories(session, codes) -> list[int]:
    return list(session.scalars(select(ServiceCategory.id).where(ServiceCategory.code.in_(codes))))


def load_windows_demo(session) -> int:
    """Add the demo windows and network resources that are missing; returns how many windows were added."""
    have = set(session.scalars(select(ServiceWindow.code)))
    added = 0
    for code, kind, name, name_en, owner, address, phone, categories, extra in DEMO_WINDOWS:
        if code in have:
            continue
        org_id = session.scalar(select(Organisation.id).where(Organisation.name == owner)) if owner else None
        if owner and org_id is None:
            continue  # the demo organisations are missing: nothing to attach the window to
        window = ServiceWindow(code=code, kind=kind, name=name, name_en=name_en, organisation_id=org_id,
                               region_code="640100" if kind != "enterprise" else "640500", address=address,
                               phone=phone, **extra)
        window.hours = [WindowHours(weekday=day, opens=dt.time(9), closes=dt.time(12), slot_minutes=30, capacity=3)
                        for day in range(5)] + \
                       [WindowHours(weekday=day, opens=dt.time(14, 30), closes=dt.time(17, 30), slot_minutes=30,
                                    capacity=2) for day in range(5)]
        window.services = [WindowService(category_id=c) for c in _categories(session, categories)]
        first_item = session.scalar(select(ServiceItem.id).join(ServiceCategory)
                                    .where(ServiceCategory.code == categories[0]).order_by(ServiceItem.order).limit(1))
        if first_item is not None:
            window.services.append(WindowService(item_id=first_item))
        if code == PARK_CODE:
            user_id = session.scalar(select(User.id).where(User.username == "window"))
            if user_id is not None:
                window.staff = [WindowStaffMember(user_id=user_id, duty="工作日全天 / Working days")]
        session.add(window)
        added += 1
    names = set(session.scalars(select(NetworkResource.name)))
    session.add_all(NetworkResource(name=name, kind=kind, region_code=region, address=address, contact=contact,
                                    offers=offers)
                    for name, kind, region, address, contact, offers in DEMO_RESOURCES if name not in names)
    session.flush()
    return added


def park_window_id(session) -> int | None:
    """The demo park station's id (demo needs are filed there), or None before it exists."""
    return session.scalar(select(ServiceWindow.id).where(ServiceWindow.code == PARK_CODE))
