"""Calibration requests as needs (需求) of the type ``metrology_calibration``, and the matcher that
ranks institutions by their authorised capabilities.

An enterprise ticks instruments of its ledger and asks for their verification or calibration: that
files a need on the platform's clock and flow, with the instrument ids in ``need.details``. When the
enterprise picked one of the institutions whose current authorisations cover the instruments (the
request form lists them), the need goes straight to that institution: the platform records the
enterprise's choice as the plan and matches it, so the institution can accept at once, as before
needs existed. Without a choice (no institution on the platform covers them, or the enterprise lets
the platform choose) staff respond, match it on the need page with this plugin's matcher, or refer
it outside. The institution accepts or declines on the need page and, when done, delivers: the
ledger then records the date on each instrument and its next due date moves by a cycle.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit import (MatchCandidate, join_list, Need, NeedMatcher, NeedType, Organisation, file_need, need_states, need_text,
                     take_step, today)

from .ledger import candidates_for, public_institutions
from .models import Instrument

CALIBRATION_NEED = "metrology_calibration"
ITEM = "metrology-verification-calibration"


def instrument_ids(need: Need) -> list[int]:
    return [int(i) for i in (need.details or {}).get("instruments", []) if str(i).isdigit()]


def instruments_of(session: Session, need: Need) -> list[Instrument]:
    """The need's instruments that are still in the enterprise's ledger, by name."""
    ids = instrument_ids(need)
    if not ids:
        return []
    return list(session.scalars(select(Instrument).where(Instrument.id.in_(ids),
                                                         Instrument.organisation_id == need.organisation_id)
                                .order_by(Instrument.name, Instrument.serial_number)))


def summary(need: Need) -> str:
    return gettext("%(count)s instruments", count=len(instrument_ids(need)))


def on_step(session: Session, need: Need, step: str) -> None:
    """On delivery, record the verification on each instrument: the ledger's next due date moves on."""
    if step != "deliver":
        return
    done = dt.date.fromisoformat((need.details or {}).get("completed_on") or today().isoformat())
    for instrument in instruments_of(session, need):
        instrument.last_date, instrument.reminded_for = done, None


def file_calibration_need(session: Session, enterprise: Organisation, instruments: list[Instrument], *,
                          institution_id: int | None, token: str, actor: str, message: str = "") -> Need:
    """File the need for ``instruments``; with ``institution_id`` (one covering some of them), only
    the covered instruments go in and the need is matched to it at once.

    ValueError (translated) when the institution covers none of them. Sending the same form twice
    (same ``token``) returns the first need.
    """
    chosen = None
    if institution_id is not None:
        chosen = next((c for c in candidates_for(session, instruments) if c.institution.id == institution_id), None)
        if chosen is None:
            raise ValueError(gettext("This institution cannot verify or calibrate any of the chosen instruments."))
        instruments = [i for i in instruments if i.id in chosen.covered]
    names = "、".join(dict.fromkeys(i.name for i in instruments))
    need, code = file_need(
        session, need_type=CALIBRATION_NEED, token=token, actor=actor, organisation_id=enterprise.id,
        title=need_text(_l("Verification or calibration: %(names)s"), names=names[:150]),
        description=message, contact_name=enterprise.contact_person, contact=enterprise.contact_phone,
        details={"instruments": [i.id for i in instruments],
                 "chosen_institution": institution_id})
    if chosen is not None and code:  # a new need (a second click returns the first one, with no code)
        # The enterprise chose among the institutions authorised for the instruments: that is the
        # plan, and the need goes to that institution without waiting for staff.
        plan = need_text(_l("%(count)s instruments to %(name)s, chosen by the enterprise among the institutions "
                            "authorised for them."), count=len(instruments), name=chosen.institution.name)
        take_step(session, need, "plan", actor=actor, actor_kinds={need_states.STAFF}, comment=plan)
        take_step(session, need, "match", actor=actor, actor_kinds={need_states.STAFF},
                  institution_id=chosen.institution.id)
    return need


def match(session: Session, need: Need, limit: int) -> list[MatchCandidate]:
    """Institutions whose current authorisations cover the need's instruments (most covered, then
    nearest); for a metrology need without instruments, the institutions with any current
    authorisation, nearest first."""
    region = need.organisation.region_code if need.organisation is not None else ""
    instruments = instruments_of(session, need)
    if not instruments:
        return [MatchCandidate(org.id, org.name, 0.5, gettext("Authorised for verification or calibration"))
                for org in public_institutions(session, region, limit)]
    found = candidates_for(session, instruments, region)[:limit]
    return [MatchCandidate(
        c.institution.id, c.institution.name, len(c.covered) / len(instruments),
        gettext("Covers %(covered)s of %(total)s: %(types)s", covered=len(c.covered), total=len(instruments),
                types=join_list(cap.instrument_type for cap in c.capabilities)))
        for c in found]


NEED_TYPES = [NeedType(CALIBRATION_NEED, _l("Verification or calibration of instruments"), category="metrology",
                       item=ITEM, summary=summary, on_step=on_step)]
MATCHERS = [NeedMatcher("metrology_capabilities", _l("Authorised verification capabilities"), match,
                        categories=("metrology",))]
