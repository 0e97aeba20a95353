"""Spreadsheet layouts of the metrology plugin: the enterprise's instrument ledger and the
institutions' authorised capabilities.

Ledger (xlsx or UTF-8 CSV, a header row whose first cell is ``name`` or 器具名称), columns in order:
``name, model, serial_number, measuring_range, accuracy, location, method (检定/校准 or
verification/calibration), cycle_months, last_date, state (在用/封存/停用 or in_use/sealed/retired),
certificate_number, notes``. Rows are matched on the serial number within the enterprise, so
importing the same file again changes nothing; the export has the same columns (plus the computed
next due date and status, ignored on import), so an exported ledger can be edited and re-imported.

Capabilities (staff): ``uscc, instrument_type, method, measuring_range, accuracy,
authorisation_number, valid_until``; matched on institution, instrument type and method.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from app.kit import RowFormat, institution_by_code, parse_date, require

from .models import CALIBRATION, IN_USE, RETIRED, SEALED, VERIFICATION, Instrument, MetrologyCapability

LEDGER_COLUMNS = ["name", "model", "serial_number", "measuring_range", "accuracy", "location", "method",
                  "cycle_months", "last_date", "state", "certificate_number", "notes"]
LEDGER_LABELS = [_l("Instrument"), _l("Model"), _l("Serial number"), _l("Measuring range"), _l("Accuracy"),
                 _l("Location"), _l("Verification or calibration"), _l("Cycle (months)"), _l("Last verified on"),
                 _l("State"), _l("Certificate number"), _l("Notes")]
METHOD_WORDS = {"verification": VERIFICATION, "检定": VERIFICATION, "calibration": CALIBRATION, "校准": CALIBRATION}
STATE_WORDS = {"in_use": IN_USE, "in use": IN_USE, "在用": IN_USE, "sealed": SEALED, "封存": SEALED,
               "retired": RETIRED, "停用": RETIRED, "报废": RETIRED}
LIMITS = {"name": 100, "model": 100, "serial_number": 100, "measuring_range": 100, "accuracy": 100, "location": 200,
          "certificate_number": 60}


def _method(value: str) -> str:
    method = METHOD_WORDS.get(value.strip().lower())
    if method is None:
        raise ValueError(gettext("unknown method %(value)s: use 检定 (verification) or 校准 (calibration)",
                                 value=value))
    return method


def _ledger_values(cells: dict[str, str]) -> dict:
    require(cells, "name", "serial_number")
    for column, limit in LIMITS.items():
        if len(cells[column]) > limit:
            raise ValueError(gettext("%(column)s is longer than %(limit)s characters", column=column, limit=limit))
    try:
        cycle = int(float(cells["cycle_months"]))
    except ValueError:
        raise ValueError(gettext("the cycle must be a number of months: %(value)s",
                                 value=cells["cycle_months"])) from None
    if not 1 <= cycle <= 120:
        raise ValueError(gettext("the cycle must be between 1 and 120 months"))
    state = STATE_WORDS.get((cells["state"] or "in_use").lower())
    if state is None:
        raise ValueError(gettext("unknown state %(value)s: use 在用, 封存 or 停用", value=cells["state"]))
    last = parse_date(cells["last_date"])
    if last is not None and last > dt.date.today():
        raise ValueError(gettext("the last verification date is in the future"))
    return {"name": cells["name"], "model": cells["model"] or None, "serial_number": cells["serial_number"],
            "measuring_range": cells["measuring_range"] or None, "accuracy": cells["accuracy"] or None,
            "location": cells["location"] or None, "method": _method(cells["method"] or "检定"), "cycle_months": cycle,
            "last_date": last, "state": state, "certificate_number": cells["certificate_number"] or None,
            "notes": cells["notes"] or None}


LEDGER_FILE = RowFormat(model=Instrument, columns=LEDGER_COLUMNS, key="serial_number", parse=_ledger_values,
                        header_words=("器具名称", "instrument", "计量器具名称"))


def ledger_rows(instruments, today: dt.date):
    """Instruments as rows of the export, in LEDGER_COLUMNS order, then next due and status."""
    from .models import METHODS, STATES, STATUS_LABELS

    labels = {k: str(v) for k, v in {**METHODS, **STATES, **STATUS_LABELS}.items()}  # translated once, not per row
    for i in instruments:
        yield [i.name, i.model or "", i.serial_number, i.measuring_range or "", i.accuracy or "", i.location or "",
               labels[i.method], i.cycle_months, i.last_date.isoformat() if i.last_date else "", labels[i.state],
               i.certificate_number or "", i.notes or "", i.next_due.isoformat() if i.next_due else "",
               labels[i.status_on(today)]]


def _capability_values(cells: dict[str, str]) -> dict:
    require(cells, "uscc", "instrument_type", "authorisation_number")
    return {"organisation_id": institution_by_code(cells["uscc"]), "instrument_type": cells["instrument_type"][:100],
            "method": _method(cells["method"] or "检定"), "measuring_range": cells["measuring_range"][:200] or None,
            "accuracy": cells["accuracy"][:200] or None, "authorisation_number": cells["authorisation_number"][:60],
            "valid_until": parse_date(cells["valid_until"])}


CAPABILITY_FILE = RowFormat(
    model=MetrologyCapability, key=("organisation_id", "instrument_type", "method"), parse=_capability_values,
    columns=["uscc", "instrument_type", "method", "measuring_range", "accuracy", "authorisation_number",
             "valid_until"], header_words=("统一社会信用代码",))
