"""Rows for the dashboard tests, written straight to the tables (the complaints, evaluations and
improvement modules bring their own flows; the dashboards only count and group their rows)."""
from __future__ import annotations

import datetime as dt
import itertools
import re

from app.complaints.models import Complaint
from app.evaluations.models import DissatisfactionCase, Evaluation
from app.extensions import db
from app.improvement.models import ImprovementAction
from app.needs import flow as needs_flow
from app.needs.models import Need

_serial = itertools.count(1)


def need(*, organisation_id=None, institution_id=None, window_id=None, state="submitted", category_id=None,
         item=None, submitted_at=None, **fields) -> Need:
    """A need filed through the flow, then put in ``state`` with ``fields`` as given (no commit)."""
    row, _ = needs_flow.file_need(db.session, need_type="service", title=f"看板需求{next(_serial)}",
                                  contact_name="张三", contact="13800000000", actor="test",
                                  organisation_id=organisation_id, window_id=window_id, item=item,
                                  submitted_at=submitted_at)
    row.state, row.institution_id = state, institution_id
    if category_id is not None:
        row.category_id = category_id
    for name, value in fields.items():
        setattr(row, name, value)
    db.session.flush()
    return row


def complaint(*, state="received", due_on=None, forwarded_to_id=None, organisation_id=None, window_id=None,
              filed_by_id=None, submitted_at=None) -> Complaint:
    n = next(_serial)
    row = Complaint(number=f"TS-2099-{n:06d}", code_hash="0" * 64, token=f"dash-complaint-{n}", complaint_type="quality",
                    content="服务慢", request="道歉", complainant_name="李四", contact="13900000000", state=state,
                    due_on=due_on, forwarded_to_id=forwarded_to_id, organisation_id=organisation_id,
                    window_id=window_id, filed_by_id=filed_by_id,
                    submitted_at=submitted_at or dt.datetime.utcnow())
    db.session.add(row)
    db.session.flush()
    return row


def evaluation(ratings, *, year, quarter, window_id=None, institution_id=None, organisation_id=None) -> Evaluation:
    """An evaluation with the nine ``ratings`` (an int gives all nine the same)."""
    if isinstance(ratings, int):
        ratings = [ratings] * 9
    n = next(_serial)
    row = Evaluation(respondent=f"c:dash-{n}", user_name="看板企业", service_date=dt.date(year, 3 * quarter - 1, 1),
                     contact_name="张三", phone="13800000000", institution_name="看板机构", year=year, quarter=quarter,
                     window_id=window_id, institution_id=institution_id, organisation_id=organisation_id,
                     **{f"r{i + 1}": r for i, r in enumerate(ratings)})
    db.session.add(row)
    db.session.flush()
    return row


def dissatisfaction(*, institution_id=None, window_id=None, state="open") -> DissatisfactionCase:
    source = evaluation(3, year=2026, quarter=1, institution_id=institution_id, window_id=window_id)
    row = DissatisfactionCase(evaluation_id=source.id, dimension="r1", rating=3, reason="太慢",
                              institution_id=institution_id, window_id=window_id, state=state)
    db.session.add(row)
    db.session.flush()
    return row


def action(*, due_on, owner_org_id=None, window_id=None, state="open") -> ImprovementAction:
    row = ImprovementAction(title=f"改进{next(_serial)}", due_on=due_on, owner_org_id=owner_org_id, window_id=window_id,
                            state=state, created_by="test")
    db.session.add(row)
    db.session.flush()
    return row


def queue_counts(html: str) -> dict[str, int]:
    """``{queue key: count}`` as the dashboard shows them."""
    return {key: int(count) for key, count in re.findall(
        r'data-queue="([a-z_]+)">\s*(?:<a [^>]*>)?<span class="qi-queue-count">(\d+)</span>', html)}


def figures(html: str) -> dict[str, str]:
    """``{figure key: shown value}`` of a staff dashboard's figures (links and tags stripped)."""
    out = {}
    for key, body in re.findall(r'data-figure="([a-z_]+)"[^>]*>.*?<dd>(.*?)</dd>', html, re.S):
        out[key] = re.sub(r"<[^>]+>", "", body).strip()
    return out
