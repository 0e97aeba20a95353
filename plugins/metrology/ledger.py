"""The ledger's work: what is due, who can verify it, and reminders. Requests to an institution are
needs of the platform (``needs``)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, literal, or_, select
from sqlalchemy.orm import Session

from app.kit import Organisation, authorisation_current, members, notify, organisation_is_public, plugin_setting

from .models import IN_USE, Instrument, MetrologyCapability

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


def public_institutions(session: Session, region: str = "", limit: int = 20,
                        today: dt.date | None = None) -> list[Organisation]:
    """Approved institutions with at least one current authorisation, nearest to ``region`` first."""
    today = today or dt.date.today()
    ids = (select(MetrologyCapability.organisation_id)
           .where(authorisation_current(MetrologyCapability.valid_until, today)).distinct())
    rows = list(session.scalars(select(Organisation).where(organisation_is_public(), Organisation.id.in_(ids))
                                .order_by(Organisation.name).limit(500)))
    rows.sort(key=lambda o: -_region_match(o.region_code, region) if region else 0)
    return rows[:limit]


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
