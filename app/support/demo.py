"""Demo support work: the demo enterprise user's ticket about an upload, answered by the demo platform
staff member, and the demo institution user's ticket still waiting, so the desk, "my support tickets"
and a ticket page show something. Idempotent: a ticket is added once (by its form token)."""
from __future__ import annotations

from flask_appbuilder.security.sqla.models import User
from sqlalchemy import select

from .flow import open_ticket, write
from .models import SupportTicket

TICKETS = [
    # form token, who asks, subject, question, page, support's answer (None: still waiting)
    ("0" * 31 + "1", "enterprise", "上传检测报告时提示文件过大", "上传 PDF 报告时页面提示文件过大，文件只有 8 MB。",
     "/needs/mine/", "平台单个文件上限为 10 MB，请确认未选中压缩前的原文件；如仍报错请回复本工单。"),
    ("0" * 31 + "2", "institution", "收不到新需求的站内消息", "本机构已被匹配的需求没有收到站内消息提醒。",
     "/needs/incoming/", None),
]


def load_support_demo(session) -> int:
    """Add the demo tickets that are missing; returns how many were added."""
    users = {u.username: u for u in session.scalars(select(User).where(User.username.in_(
        ["enterprise", "institution", "platform"])))}
    added = 0
    for token, who, subject, body, page, answer in TICKETS:
        if who not in users or session.scalar(select(SupportTicket.id).where(SupportTicket.token == token)):
            continue
        ticket, _ = open_ticket(session, users[who], subject=subject, body=body, token=token, page=page,
                                browser="Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36")
        if answer and "platform" in users:
            write(session, ticket, users["platform"], answer, from_support=True)
        added += 1
    return added
