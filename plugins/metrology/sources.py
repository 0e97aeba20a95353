"""The instruments of an enterprise's ledger, offered to application forms (``qi_form_sources``): a
field of kind ``record`` with source ``metrology_instrument`` lets the enterprise pick one of its own."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from app.kit import FormSource

from .models import Instrument

PAGE = 20


def _label(instrument: Instrument) -> str:
    model = f" {instrument.model}" if instrument.model else ""
    return f"{instrument.name}{model} ({instrument.serial_number})"


def search(session, organisation_id: int, text: str, page: int):
    query = select(Instrument).where(Instrument.organisation_id == organisation_id)
    if text:
        like = f"%{text.replace('%', '').replace('_', '')}%"
        query = query.where(or_(Instrument.name.like(like), Instrument.serial_number.like(like)))
    # the ledger's own order, from its index (organisation, next_due, name, id)
    rows = session.scalars(query.order_by(Instrument.next_due, Instrument.name, Instrument.id)
                           .offset((page - 1) * PAGE).limit(PAGE + 1)).all()
    return [(str(i.id), _label(i)) for i in rows[:PAGE]], len(rows) > PAGE


def label(session, organisation_id: int, record_id: str):
    if not record_id.isdigit():
        return None
    instrument = session.get(Instrument, int(record_id))
    return _label(instrument) if instrument is not None and instrument.organisation_id == organisation_id else None


SOURCES = [FormSource("metrology_instrument", _l("Instruments of the enterprise's ledger"), search, label)]
