"""Demo complaints in different states, one forwarded to the demo institution (so its "complaints
forwarded to you" list shows something), one from the demo enterprise's account, one by phone at the
demo park window, one about an outside institution."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder.security.sqla.models import User
from sqlalchemy import select

from ..accounts.models import Organisation
from ..needs.demo import ENTERPRISE_NAME, INSTITUTION_NAME, _working_days_ago
from . import flow
from .models import ATTITUDE, OTHER, PHONE, PRICE, QUALITY, TIME_LIMIT, Complaint
from .states import INSTITUTION, STAFF

# token, institution ("platform" or an outside name), type, content, request, working days ago, channel, steps
DEMO_COMPLAINTS = [
    ("demo-complaint-1", "platform", TIME_LIMIT, "检测报告承诺 7 个工作日出具，已过 12 个工作日仍未收到。",
     "尽快出具报告并说明延误原因。", 1, "online", []),
    ("demo-complaint-2", "platform", ATTITUDE, "电话咨询时工作人员态度生硬，未解答送样要求。", "请机构改进服务态度。", 3, PHONE,
     [("investigate", STAFF, None)]),
    ("demo-complaint-3", "platform", PRICE, "同一检测项目收费高于公示价格。", "退还多收的费用。", 6, "online",
     [("investigate", STAFF, None), ("forward", STAFF, "请核实收费依据并答复。")]),
    ("demo-complaint-4", "银川某检测公司（平台外）", QUALITY, "出具的检测报告数据前后矛盾。", "重新检测。", 9, "online",
     [("investigate", STAFF, None), ("decide", STAFF, "该机构不在平台，已告知投诉人向市场监管部门反映。"),
      ("tell", STAFF, None)]),
    ("demo-complaint-5", "platform", OTHER, "预约上门服务未按约定时间到达。", "说明原因。", 15, "online",
     [("investigate", STAFF, None), ("forward", STAFF, "请说明未按时上门原因。"),
      ("reply", INSTITUTION, "因车辆故障延误，已致电道歉并重新安排。"), ("decide", STAFF, "机构已道歉并改进排班，投诉属实。"),
      ("tell", STAFF, None), ("close", STAFF, None)]),
]
AT_PARK = {"demo-complaint-2"}
FILED_ONLINE_BY = "enterprise"  # the demo enterprise user files the online ones


def load_complaints_demo(session) -> int:
    """Add the demo complaints that are missing; returns how many were added."""
    enterprise = session.scalar(select(Organisation).where(Organisation.name == ENTERPRISE_NAME))
    institution = session.scalar(select(Organisation).where(Organisation.name == INSTITUTION_NAME))
    if enterprise is None or institution is None:
        return 0
    from ..windows.demo import park_window_id

    user_id = session.scalar(select(User.id).where(User.username == FILED_ONLINE_BY))
    have = set(session.scalars(select(Complaint.token).where(Complaint.token.like("demo-complaint-%"))))
    park = park_window_id(session)
    added = 0
    for token, about, kind, content, request, days_ago, channel, steps in DEMO_COMPLAINTS:
        if token in have:
            continue
        online = channel == "online"
        submitted = dt.datetime.combine(_working_days_ago(days_ago), dt.time(2, 0))  # 10:00 China time
        complaint, _ = flow.file_complaint(
            session, institution_id=institution.id if about == "platform" else None,
            institution_name=None if about == "platform" else about, complaint_type=kind, content=content,
            request=request, complainant_name=enterprise.contact_person, contact="13995012345", actor="demo",
            token=token, channel=channel, organisation_id=enterprise.id if online else None,
            filed_by_id=user_id if online else None, recorded_by=None if online else "window",
            window_id=park if token in AT_PARK else None, submitted_at=submitted)
        for step, actor, comment in steps:
            flow.take_step(session, complaint, step, actor="demo", actor_kinds={actor}, comment=comment)
        added += 1
    return added


__all__ = ["load_complaints_demo"]
