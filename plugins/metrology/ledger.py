"""The ledger's work: what is due, who can verify it, requests to them, and reminders."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, literal, or_, select
from sqlalchemy.orm import Session

from app.kit import Organisation, authorisation_current, members, notify, organisation_is_public, plugin_setting

from .models import (ACCEPTED, CANCELLED, COMPLETED, DECLINED, IN_USE, SUBMITTED, CalibrationRequest,
                     CalibrationRequestItem, Instrument, MetrologyCapability)

DUE, OVERDUE_LIST, ATTENTION = "due", "overdue", "attention"


def due_window() -> int:
    """Days ahead an instrument counts as due soon: the plugin's ``due_days`` setting
    (``QI_PLUGIN_METROLOGY_DUE_DAYS``, 30 by default)."""
    return plugin_setting("metrology", "due_days")


def due_condition(which: str, today: dt.date, window: int):
    """Instruments in use that are due within ``window`` days, overdue (or never verified), or either."""
    soon = today + dt.timedelta(days=window)
    overdue = or_(Instrument.next_due.is_(None), Instrument.next_due < today)
    if which == DUE:
        condition = and_(Instrument.next_due >= today, Instrument.next_due <= soon)
    elif which == OVERDUE_LIST:
        condition = overdue
    else:
        condition = or_(overdue, Instrument.next_due <= soon)
    return and_(Instrument.state == IN_USE, condition)


@dataclass
class Candidate:
    """An institution that can take some of the chosen instruments."""

    institution: Organisation
    covered: set[int] = field(default_factory=set)
    capabilities: list[MetrologyCapability] = field(default_factory=list)
    region_match: int = 0  # 3 same county, 2 same city, 1 same province


def _region_match(a: str, b: str) -> int:
    for level, length in ((3, 6), (2, 4), (1, 2)):
        if a[:length] == b[:length]:
            return level
    return 0


def candidates_for(session: Session, instruments: list[Instrument], region: str = "",
                   today: dt.date | None = None) -> list[Candidate]:
    """Approved institutions with valid capabilities for the instruments' type and method.

    A capability covers an instrument when its type is the instrument's name or part of it
    (压力表 covers 精密压力表) and the method is the same (verification is a legal act that a
    calibration does not replace). Best first: covering the most, then nearest, then by name.
    """
    today = today or dt.date.today()
    names = {i.name for i in instruments}
    if not names:
        return []
    query = (select(MetrologyCapability).join(MetrologyCapability.organisation)
             .where(organisation_is_public(), authorisation_current(MetrologyCapability.valid_until, today),
                    or_(*[literal(name).contains(MetrologyCapability.instrument_type) for name in names])))
    found: dict[int, Candidate] = {}
    for capability in session.scalars(query):
        for instrument in instruments:
            if capability.method == instrument.method and capability.instrument_type in instrument.name:
                candidate = found.setdefault(capability.organisation_id, Candidate(capability.organisation))
                candidate.covered.add(instrument.id)
                if capability not in candidate.capabilities:
                    candidate.capabilities.append(capability)
    for candidate in found.values():
        candidate.region_match = _region_match(candidate.institution.region_code, region) if region else 0
    return sorted(found.values(), key=lambda c: (-len(c.covered), -c.region_match, c.institution.name))


def file_request(session: Session, enterprise_id: int, institution_id: int, instruments: list[Instrument],
                 token: str, actor: str, message: str = "") -> CalibrationRequest:
    """One request for the instruments the institution covers; the institution's members are told.

    Sending the same form twice (same ``token``) returns the first request.
    """
    existing = session.scalar(select(CalibrationRequest).where(CalibrationRequest.token == token))
    if existing is not None:
        return existing
    candidate = next((c for c in candidates_for(session, instruments) if c.institution.id == institution_id), None)
    if candidate is None:
        raise ValueError(_l("This institution cannot verify or calibrate any of the chosen instruments."))
    request = CalibrationRequest(token=token, organisation_id=enterprise_id, institution_id=institution_id,
                                 created_by=actor, message=message or None)
    request.items = [CalibrationRequestItem(instrument=i) for i in instruments if i.id in candidate.covered]
    session.add(request)
    session.flush()
    enterprise = session.get(Organisation, enterprise_id)
    notify(session, members(session, candidate.institution), _l("New calibration request from %(name)s"),
           _l("%(count)s instruments to verify or calibrate."), url=f"/metrology/requests/{request.id}",
           name=enterprise.name, count=len(request.items))
    return request


# (from, to) -> which side may do it
TRANSITIONS = {(SUBMITTED, ACCEPTED): "institution", (SUBMITTED, DECLINED): "institution",
               (ACCEPTED, COMPLETED): "institution", (SUBMITTED, CANCELLED): "enterprise"}
TOLD = {ACCEPTED: _l("Your calibration request was accepted"), DECLINED: _l("Your calibration request was declined"),
        COMPLETED: _l("Your instruments have been verified or calibrated"),
        CANCELLED: _l("A calibration request was cancelled")}


def decide(session: Session, request: CalibrationRequest, status: str, side: str, reply: str = "",
           completed_on: dt.date | None = None) -> None:
    """Move a request on; completing it records the date on each instrument of the ledger, so its
    next due date moves by a cycle. The other side is told."""
    if TRANSITIONS.get((request.status, status)) != side:
        raise ValueError(_l("This request cannot be changed that way any more."))
    if status == DECLINED and not reply.strip():
        raise ValueError(_l("Say why the request is declined."))
    if status == COMPLETED:
        if completed_on is None or completed_on > dt.date.today():
            raise ValueError(_l("Give the date of the verification or calibration (not in the future)."))
        request.completed_on = completed_on
        for item in request.items:
            item.instrument.last_date = completed_on
            item.instrument.reminded_for = None
    request.status = status
    request.reply = reply.strip() or request.reply
    request.decided_on = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    told = request.institution if side == "enterprise" else request.organisation
    notify(session, members(session, told), TOLD[status], url=f"/metrology/requests/{request.id}")


def remind_due_instruments(session: Session, today: dt.date | None = None) -> int:
    """Tell each enterprise once per due date about its instruments due soon or overdue.

    Safe to run hourly from several machines' cron: ``reminded_for`` keeps the due date a reminder
    went out for, so only an instrument with a new due date is reminded again.
    """
    today = today or dt.date.today()
    pending = list(session.scalars(
        select(Instrument).where(due_condition(ATTENTION, today, due_window()), Instrument.next_due.is_not(None),
                                 or_(Instrument.reminded_for.is_(None), Instrument.reminded_for != Instrument.next_due))
        .order_by(Instrument.organisation_id).with_for_update(skip_locked=True)))
    by_org: dict[int, list[Instrument]] = {}
    for instrument in pending:
        by_org.setdefault(instrument.organisation_id, []).append(instrument)
    for org_id, instruments in by_org.items():
        first_due = min(i.next_due for i in instruments)
        notify(session, members(session, session.get(Organisation, org_id)),
               _l("%(count)s measuring instruments are due for verification or calibration"),
               _l("The first is due on %(date)s. Open the ledger to request a verification."),
               url="/metrology/ledger/?show=attention", count=len(instruments), date=first_due.isoformat())
        for instrument in instruments:
            instrument.reminded_for = instrument.next_due
    return len(by_org)
