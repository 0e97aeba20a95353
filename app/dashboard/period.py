"""The period a staff dashboard is filtered by, read from the query string, and the SQL that puts a
stored moment (naive UTC) on China's calendar.

``?quarter=2026-Q3`` or ``?from=2026-07-01&to=2026-09-30`` (either end may be left out); nothing: the
current quarter. Anything else is a 400 with a message saying what is wrong.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flask import request
from flask_babel import gettext
from sqlalchemy import Date, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from ..web.errors import bad_request
from ..workdays import today

CHINA = dt.timedelta(hours=8)
QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.I)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EARLIEST = dt.date(2000, 1, 1)
LONGEST = dt.timedelta(days=366 * 10)


@dataclass(frozen=True)
class Period:
    """Days ``start`` … ``end`` (both included, China dates); ``quarter`` = (year, q) when it is one."""

    start: dt.date
    end: dt.date
    quarter: tuple[int, int] | None = None

    @property
    def since(self) -> dt.datetime:
        """The first stored (UTC) moment of the period."""
        return dt.datetime.combine(self.start, dt.time()) - CHINA

    @property
    def until(self) -> dt.datetime:
        """The first stored (UTC) moment after the period."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time()) - CHINA

    def holds(self, column):
        """A condition: the stored moment ``column`` falls in the period."""
        return (column >= self.since) & (column < self.until)

    @property
    def label(self) -> str:
        if self.quarter:
            return gettext("Quarter %(quarter)d of %(year)d", quarter=self.quarter[1], year=self.quarter[0])
        return gettext("%(start)s to %(end)s", start=self.start.isoformat(), end=self.end.isoformat())

    def args(self) -> dict[str, str]:
        """The query arguments that give this period back (for links and exports)."""
        if self.quarter:
            return {"quarter": f"{self.quarter[0]}-Q{self.quarter[1]}"}
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_period(year: int, quarter: int) -> Period:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return Period(start, end - dt.timedelta(days=1), (year, quarter))


def _date_arg(name: str) -> dt.date | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        if not DATE.match(raw):
            raise ValueError(raw)
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise bad_request(gettext("%(name)s must be a date written as YYYY-MM-DD.", name=name)) from None
    if not EARLIEST <= day <= dt.date(2100, 12, 31):
        raise bad_request(gettext("%(name)s must be a date between 2000 and 2100.", name=name))
    return day


def period_arg() -> Period:
    """The period of the request (see the module's docstring); a bad argument is a 400."""
    raw = request.args.get("quarter", "").strip()
    if raw:
        match = QUARTER.match(raw)
        if not match or not 2000 <= int(match.group(1)) <= 2100:
            raise bad_request(gettext("The quarter must be written like 2026-Q3."))
        return quarter_period(int(match.group(1)), int(match.group(2)))
    start, end = _date_arg("from"), _date_arg("to")
    if start is None and end is None:
        return quarter_period(*quarter_of(today()))
    end = end or today()
    start = start or quarter_period(*quarter_of(end)).start
    if start > end:
        raise bad_request(gettext("The start of the period must not be after its end."))
    if end - start > LONGEST:
        raise bad_request(gettext("A period may cover at most ten years."))
    return Period(start, end)


class china_date(FunctionElement):
    """The China calendar date of a stored (naive UTC) moment, in SQL."""

    type = Date()
    inherit_cache = True


@compiles(china_date, "sqlite")
def _china_date_sqlite(element, compiler, **kw):
    return "date(%s, '+8 hours')" % compiler.process(element.clauses, **kw)


@compiles(china_date)
def _china_date_default(element, compiler, **kw):
    return "CAST((%s) + INTERVAL '8 hours' AS DATE)" % compiler.process(element.clauses, **kw)


class china_month(FunctionElement):
    """``YYYY-MM`` of a stored (naive UTC) moment in China time, in SQL: the monthly grouping key."""

    type = String()
    inherit_cache = True


@compiles(china_month, "sqlite")
def _china_month_sqlite(element, compiler, **kw):
    return "strftime('%%Y-%%m', %s, '+8 hours')" % compiler.process(element.clauses, **kw)


@compiles(china_month)
def _china_month_default(element, compiler, **kw):
    return "to_char((%s) + INTERVAL '8 hours', 'YYYY-MM')" % compiler.process(element.clauses, **kw)
