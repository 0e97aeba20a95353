"""Dates and times as the reader's language writes them, in China Standard Time, to the minute.

The platform stores date-times as naive UTC (``app.workdays.china_time``). Shown raw, FAB printed
``2026-11-26 10:05:31.123456`` (UTC, microseconds). ``format_moment`` is the one formatter: list and
show columns of every ``QiModelView`` use it for their date-time columns (``moment_formatters``),
templates through the ``moment`` filter.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..workdays.calendar import china_time
from .language import reader_language

# English month abbreviations, not the process locale's (strftime's %b follows it).
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_moment(value) -> str:
    """A date-time in China Standard Time to the minute: ``2026-11-26 18:05`` in Chinese,
    ``26 Nov 2026, 18:05`` in English; a date alone the same way without the time; None as ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        local = china_time(value)
        if reader_language() == "en":
            return f"{local.day} {MONTHS[local.month - 1]} {local.year}, {local:%H:%M}"
        return local.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        if reader_language() == "en":
            return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
        return value.isoformat()
    return str(value)


def format_day(value) -> str:
    """The day of a date-time in China Standard Time (``2026-11-26`` / ``26 Nov 2026``): the
    publication day of a guide, the upload day of a file."""
    if isinstance(value, dt.datetime):
        value = china_time(value).date()
    return format_moment(value)


def moment_formatters(model, columns) -> dict:
    """``{column: format_moment}`` for the date-time columns of ``model`` among ``columns``."""
    found = {}
    for name in columns or ():
        attribute = getattr(model, name, None)
        column = getattr(attribute, "property", None)
        columns_of = getattr(column, "columns", None)
        if columns_of and isinstance(columns_of[0].type, sa.DateTime):
            found[name] = format_moment
    return found


def init_moments(app) -> None:
    """The ``moment`` and ``day`` filters for templates."""
    app.jinja_env.filters["moment"] = format_moment
    app.jinja_env.filters["day"] = format_day
