"""Complaints, evaluations, appointments and visits in bulk, so the pages of the service process are
measured at scale too (issue 16). Like the needs: a tenth the demo enterprise's, a tenth at the demo
window, the newest few still open, everything older closed."""
from __future__ import annotations

import datetime as dt
import hashlib
import random

from sqlalchemy import select

from ..appointments.models import ATTENDED, NO_SHOW, Appointment, AppointmentSlot
from ..complaints.models import OPEN_STATES as OPEN_COMPLAINT_STATES
from ..complaints.models import CLOSED as COMPLAINT_CLOSED
from ..complaints.models import RECEIVED, Complaint, ComplaintEvent
from ..complaints.types import COMPLAINT_TYPES
from ..evaluations.dimensions import COLUMNS
from ..evaluations.models import Evaluation
from ..needs.models import Need
from ..visits.models import DONE, PLANNED, EnterpriseVisit
from ..windows.models import ServiceWindow
from .bulk import bulk_insert
from .needs import PREFIX as NEED_PREFIX
from .orgs import BASE
from .search import ASPECTS, SUBJECTS

COMPLAINT_PREFIX, APPOINTMENT_PREFIX = "GENT", "GENY"  # never a live number (TS-…, YY-…)
TYPES = [item["code"] for item in COMPLAINT_TYPES["items"]]


def _complaints(ctx, enterprises, institutions):
    rng = random.Random(ctx.seed + 30)
    n, window = ctx.count("complaints"), ctx.demo.get("window")
    open_states = sorted(OPEN_COMPLAINT_STATES)
    for i in range(n):
        at = BASE + dt.timedelta(minutes=17 * i)
        state = rng.choice(open_states) if i >= n - max(1, n // 50) else COMPLAINT_CLOSED
        yield {"number": f"{COMPLAINT_PREFIX}{i:09d}", "code_hash": hashlib.sha256(f"c{i}".encode()).hexdigest(),
               "token": f"genc{i:020d}", "channel": "online",
               "institution_id": ctx.owner(i + 1, "institution", institutions),
               "complaint_type": rng.choice(TYPES), "content": f"{rng.choice(SUBJECTS)}{rng.choice(ASPECTS)}服务超时",
               "request": "请尽快处理", "complainant_name": f"投诉人{i % 1000}", "contact": f"138{i % 100_000_000:08d}",
               "organisation_id": ctx.owner(i, "enterprise", enterprises),
               "window_id": window if i % 10 == 2 else None, "state": state, "submitted_at": at,
               "due_on": (at + dt.timedelta(days=7)).date(),
               "closed_at": at + dt.timedelta(days=15) if state == COMPLAINT_CLOSED else None, "changed_at": at}


def generate_complaints(ctx) -> dict:
    enterprises, institutions = ctx.organisation_ids("enterprise"), ctx.organisation_ids("institution")
    made = {"qi_complaint": bulk_insert(ctx.session, Complaint, _complaints(ctx, enterprises, institutions))}
    rows = ctx.session.execute(select(Complaint.id, Complaint.state, Complaint.submitted_at)
                               .where(Complaint.number.like(f"{COMPLAINT_PREFIX}%")).order_by(Complaint.id)).all()

    def events():
        for complaint_id, state, at in rows:
            yield {"complaint_id": complaint_id, "at": at, "actor": "generate", "action": "file",
                   "from_state": None, "to_state": RECEIVED}
            if state != RECEIVED:
                yield {"complaint_id": complaint_id, "at": at + dt.timedelta(days=1), "actor": "generate",
                       "action": "step", "from_state": RECEIVED, "to_state": state}

    made["qi_complaint_event"] = bulk_insert(ctx.session, ComplaintEvent, events())
    return made


def generate_evaluations(ctx) -> dict:
    """One survey for each of the newest closed generated needs, most of them satisfied."""
    rng = random.Random(ctx.seed + 40)
    needs = ctx.session.execute(
        select(Need.id, Need.organisation_id, Need.institution_id, Need.window_id, Need.closed_at)
        .where(Need.number.like(f"{NEED_PREFIX}%"), Need.closed_at.is_not(None))
        .order_by(Need.id.desc()).limit(ctx.count("evaluations"))).all()

    def rows():
        for i, (need_id, organisation_id, institution_id, window_id, closed_at) in enumerate(needs):
            ratings = {c: rng.choice([5, 5, 5, 4, 4, 3, 2]) for c in COLUMNS}
            yield {"need_id": need_id, "respondent": f"c:gen{i}", "kind": "user", "source": "online",
                   "organisation_id": organisation_id, "institution_id": institution_id, "window_id": window_id,
                   "user_name": f"受评企业{organisation_id}", "service_date": closed_at.date(),
                   "contact_name": f"联系人{i % 1000}", "phone": f"139{i % 100_000_000:08d}",
                   "institution_name": f"机构{institution_id or ''}", **ratings,
                   "reasons": {c: "等待时间较长" for c, r in ratings.items() if r <= 2} or None,
                   "submitted_at": closed_at, "year": closed_at.year, "quarter": (closed_at.month - 1) // 3 + 1}

    return {"qi_evaluation": bulk_insert(ctx.session, Evaluation, rows())}


def generate_appointments(ctx) -> dict:
    """Past slots of the active windows (every half day, back from the generator's base date, so no
    slot meets one of the demo's) and appointments in them, attended or not: a tenth the demo
    enterprise's. Generated enterprises have no users: the demo enterprise user booked them all."""
    n = ctx.count("appointments")
    windows = list(ctx.session.scalars(select(ServiceWindow.id).where(ServiceWindow.active.is_(True))
                                       .order_by(ServiceWindow.id)))
    user = _demo_user(ctx)
    if not n or not windows or user is None:
        return {}
    per_slot = 4
    slots = max(1, n // per_slot)

    def slot_rows():
        for i in range(slots):
            start = dt.datetime.combine(BASE.date(), dt.time(9)) - dt.timedelta(days=1 + i // (2 * len(windows))) \
                + dt.timedelta(hours=4 * ((i // len(windows)) % 2))
            yield {"window_id": windows[i % len(windows)], "starts_at": start, "ends_at": start + dt.timedelta(hours=3),
                   "capacity": per_slot, "booked": per_slot}

    made = {"qi_appointment_slot": bulk_insert(ctx.session, AppointmentSlot, slot_rows())}
    slot_rows_ = ctx.session.execute(select(AppointmentSlot.id, AppointmentSlot.window_id, AppointmentSlot.starts_at,
                                            AppointmentSlot.ends_at).order_by(AppointmentSlot.id.desc())
                                     .limit(slots)).all()
    enterprises = ctx.organisation_ids("enterprise")

    def rows():
        for i in range(slots * per_slot):
            slot_id, window_id, starts, ends = slot_rows_[i // per_slot]
            yield {"number": f"{APPOINTMENT_PREFIX}{i:09d}", "token": f"gena{i:020d}", "slot_id": slot_id,
                   "window_id": window_id, "organisation_id": ctx.owner(i, "enterprise", enterprises),
                   "user_id": user, "starts_at": starts, "ends_at": ends, "contact_phone": f"137{i % 100_000_000:08d}",
                   "state": NO_SHOW if i % 10 == 9 else ATTENDED,
                   "created_at": starts - dt.timedelta(days=2), "changed_at": starts - dt.timedelta(days=2)}

    made["qi_appointment"] = bulk_insert(ctx.session, Appointment, rows())
    return made


def generate_visits(ctx) -> dict:
    """Visits to enterprises, planned and done, a tenth from the demo window."""
    rng = random.Random(ctx.seed + 50)
    enterprises = ctx.organisation_ids("enterprise")
    n = ctx.count("visits")

    def rows():
        for i in range(n):
            day = BASE.date() + dt.timedelta(days=i // 20)
            state = PLANNED if i >= n - max(1, n // 50) else DONE
            yield {"window_id": ctx.demo.get("window") if i % 10 == 0 else None,
                   "organisation_id": ctx.owner(i, "enterprise", enterprises), "planned_on": day,
                   "purpose": f"了解{rng.choice(SUBJECTS)}{rng.choice(ASPECTS)}需求", "visitor": f"走访员{i % 50}",
                   "state": state, "done_on": day if state == DONE else None, "created_by": "generate",
                   "created_at": dt.datetime.combine(day, dt.time(8)), "changed_at": dt.datetime.combine(day, dt.time(8))}

    return {"qi_visit": bulk_insert(ctx.session, EnterpriseVisit, rows()) if n else 0}


def _demo_user(ctx) -> int | None:
    from flask_appbuilder.security.sqla.models import User

    return ctx.session.scalar(select(User.id).where(User.username == "enterprise"))
