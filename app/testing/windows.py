"""Service windows for tests: ``make_window`` creates one with weekday hours and, optionally, staff."""
from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import select

_codes = itertools.count(1)


def make_window(kind: str = "park", name: str = "测试窗口", *, organisation_id: int | None = None,
                staff: tuple[str, ...] = (), region_code: str = "330100", capacity: int = 2,
                slot_minutes: int = 30, opens: dt.time = dt.time(9), closes: dt.time = dt.time(12),
                **fields) -> int:
    """A window open Monday to Friday ``opens``–``closes`` with slots of ``slot_minutes`` and
    ``capacity`` places, worked by the users named in ``staff``; returns its id. Call in an app context."""
    from ..extensions import db
    from ..windows.models import ServiceWindow, WindowHours, WindowStaffMember
    from flask_appbuilder.security.sqla.models import User

    window = ServiceWindow(code=fields.pop("code", f"w{next(_codes)}-{kind}"), kind=kind, name=name,
                           organisation_id=organisation_id, region_code=region_code,
                           address=fields.pop("address", "测试路 1 号"), phone=fields.pop("phone", "0571-00000000"),
                           **fields)
    window.hours = [WindowHours(weekday=day, opens=opens, closes=closes, slot_minutes=slot_minutes,
                                capacity=capacity) for day in range(5)]
    for username in staff:
        user_id = db.session.scalar(select(User.id).where(User.username == username))
        window.staff.append(WindowStaffMember(user_id=user_id))
    db.session.add(window)
    db.session.commit()
    return window.id
