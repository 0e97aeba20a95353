"""The visit report (6.3.1-2): per window, for a month, a quarter or a range of days, the visits
planned, done, cancelled and still open, the enterprises visited and the needs collected with
their states.

A visit belongs to the period of its planned day. Three grouped queries, whatever the number of
visits; the rows are limited by the reader's scope (window staff: their windows).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..needs.models import Need
from ..needs.states import STATE_LABELS
from ..windows.models import ServiceWindow
from .models import CANCELLED, DONE, PLANNED, EnterpriseVisit, VisitNeed

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
MAX_DAYS = 366 * 3  # a range longer than this is refused: a report is for a period, not for ever


class PeriodError(ValueError):
    """Report arguments that do not name a period; ``str()`` is the translated message."""


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    label: str


def _month(year: int, month: int) -> Period:
    start = dt.date(year, month, 1)
    end = (dt.date(year + (month == 12), month % 12 + 1, 1)) - dt.timedelta(days=1)
    return Period(start, end, f"{year}-{month:02d}")


def period_of(args, on: dt.date) -> Period:
    """The period named by ``args`` (``month=2026-11``, ``quarter=2026-Q4`` or ``start`` and ``end``
    as YYYY-MM-DD); the current month when none is given. PeriodError when the arguments are wrong."""
    month, quarter = (args.get("month") or "").strip(), (args.get("quarter") or "").strip()
    start_raw, end_raw = (args.get("start") or "").strip(), (args.get("end") or "").strip()
    if sum(bool(x) for x in (month, quarter, start_raw or end_raw)) > 1:
        raise PeriodError(gettext("Give a month, a quarter or a range of days, not several."))
    if month:
        found = MONTH.match(month)
        if not found or not 1 <= int(found.group(2)) <= 12 or not 1900 < int(found.group(1)) < 3000:
            raise PeriodError(gettext("The month must be written as YYYY-MM."))
        return _month(int(found.group(1)), int(found.group(2)))
    if quarter:
        found = QUARTER.match(quarter)
        if not found or not 1900 < int(found.group(1)) < 3000:
            raise PeriodError(gettext("The quarter must be written as YYYY-Q1 … YYYY-Q4."))
        year, number = int(found.group(1)), int(found.group(2))
        first, last = _month(year, number * 3 - 2), _month(year, number * 3)
        return Period(first.start, last.end, f"{year}-Q{number}")
    if start_raw or end_raw:
        try:
            start, end = dt.date.fromisoformat(start_raw[:10]), dt.date.fromisoformat(end_raw[:10])
        except ValueError:
            raise PeriodError(gettext("Give the first and the last day as YYYY-MM-DD.")) from None
        if end < start:
            raise PeriodError(gettext("The last day of the period is before its first day."))
        if (end - start).days > MAX_DAYS:
            raise PeriodError(gettext("A report covers at most three years."))
        return Period(start, end, f"{start.isoformat()} – {end.isoformat()}")
    return _month(on.year, on.month)


@dataclass
class WindowRow:
    """One window's line of the report (``window`` None: visits of platform staff for no window)."""

    window: ServiceWindow | None
    planned: int = 0
    done: int = 0
    cancelled: int = 0
    still_open: int = 0
    enterprises: int = 0
    needs: int = 0
    need_states: dict = field(default_factory=dict)

    @property
    def window_name(self) -> str:
        return self.window.shown_name if self.window is not None else gettext("Platform staff (no window)")

    @property
    def states_text(self) -> str:
        return ", ".join(f"{STATE_LABELS.get(s, s)} {n}" for s, n in sorted(self.need_states.items()))


def visit_report(session: Session, period: Period, scope=None) -> list[WindowRow]:
    """The report's lines, one per window with visits in the period, by window name; ``scope`` is
    the reader's ``scope_condition`` for visits (None: every window)."""
    in_period = [EnterpriseVisit.planned_on >= period.start, EnterpriseVisit.planned_on <= period.end]
    if scope is not None:
        in_period.append(scope)
    rows: dict[int | None, WindowRow] = {}

    def row(window_id):
        return rows.setdefault(window_id, WindowRow(None))

    for window_id, state, count in session.execute(
            select(EnterpriseVisit.window_id, EnterpriseVisit.state, func.count())
            .where(*in_period).group_by(EnterpriseVisit.window_id, EnterpriseVisit.state)):
        line = row(window_id)
        line.planned += count
        if state == DONE:
            line.done += count
        elif state == CANCELLED:
            line.cancelled += count
        elif state == PLANNED:
            line.still_open += count
    for window_id, count in session.execute(
            select(EnterpriseVisit.window_id, func.count(func.distinct(EnterpriseVisit.organisation_id)))
            .where(*in_period, EnterpriseVisit.state == DONE).group_by(EnterpriseVisit.window_id)):
        row(window_id).enterprises = count
    for window_id, state, count in session.execute(
            select(EnterpriseVisit.window_id, Need.state, func.count())
            .join(VisitNeed, VisitNeed.visit_id == EnterpriseVisit.id).join(Need, Need.id == VisitNeed.need_id)
            .where(*in_period).group_by(EnterpriseVisit.window_id, Need.state)):
        line = row(window_id)
        line.needs += count
        line.need_states[state] = count
    ids = [i for i in rows if i is not None]
    windows = {w.id: w for w in session.scalars(select(ServiceWindow).where(ServiceWindow.id.in_(ids)))} if ids else {}
    for window_id, line in rows.items():
        line.window = windows.get(window_id)
    return sorted(rows.values(), key=lambda r: (r.window is None, r.window_name))


def report_table(lines: list[WindowRow]) -> tuple[list[str], list[list]]:
    """The report as a header and rows of cells, for the CSV and xlsx exports."""
    header = [gettext("Window"), gettext("Visits planned"), gettext("Visits done"), gettext("Visits cancelled"),
              gettext("Visits still open"), gettext("Enterprises visited"), gettext("Needs collected"),
              gettext("States of the needs")]
    return header, [[line.window_name, line.planned, line.done, line.cancelled, line.still_open, line.enterprises,
                     line.needs, line.states_text] for line in lines]
