"""Portal conventions on every page: the footer (operator, hotline, service windows and their hours,
ICP filing and public-security site codes, privacy policy), the page language of the request, and
FAB's "access denied" flash in the language of the page that shows it.

FAB's refusal flash is
re-said where it is shown (``flash_text``), in the language of that page.

The footer's texts are settings (``QI_OPERATOR_NAME`` …, ``app.config``); a demo installation
(``QI_DEMO``) that sets none of them shows the demo values of ``app.config.DEMO_PORTAL``. The windows
are read from the database when a page renders (one query, at most ``QI_FOOTER_WINDOWS`` of them), so
a window opened or closed shows at once on every page.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from flask import Flask, current_app, g, has_request_context
from flask_babel import force_locale, lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select

from ..i18n import msgid
from ..i18n.enums import join_list
from ..i18n.language import page_lang, reader_language

log = logging.getLogger(__name__)

# What FAB's refusal flash ("Access is Denied", translated in the refused request, which may be in
# another language than the page that shows it) says to an anonymous visitor sent to sign in.
SIGN_IN_TO_OPEN = _l("Sign in to open this page.")




def setting(name: str) -> str:
    """A footer text setting; ``NAME_EN`` is preferred on English pages when set. A demo installation
    that sets neither shows the demo value."""
    from ..config import DEMO_PORTAL

    config = current_app.config
    names = [f"{name}_EN", name] if reader_language() == "en" else [name]
    for key in names:
        if config.get(key):
            return str(config[key])
    if config.get("QI_DEMO"):
        for key in names:
            if DEMO_PORTAL.get(key):
                return DEMO_PORTAL[key]
    return ""


@dataclass
class FooterWindow:
    """One window as the footer shows it."""

    code: str
    name: str
    address: str
    phone: str
    hours: list[str] = field(default_factory=list)


def _clock(moment) -> str:
    return moment.strftime("%H:%M")


def hours_summary(rows) -> list[str]:
    """Weekly hours as short lines: weekdays with the same hours run together
    (``Monday–Friday 09:00–12:00, 14:00–17:30``), in the reader's language."""
    from ..windows.forms import WEEKDAY_LABELS

    by_day: dict[int, list] = {}
    for row in rows:
        by_day.setdefault(row.weekday, []).append((row.opens, row.closes))
    spans: list[tuple[int, int, tuple]] = []
    for day in sorted(by_day):
        times = tuple(sorted(by_day[day]))
        if spans and spans[-1][1] == day - 1 and spans[-1][2] == times:
            spans[-1] = (spans[-1][0], day, times)
        else:
            spans.append((day, day, times))
    lines = []
    for first, last, times in spans:
        days = str(WEEKDAY_LABELS[first]) if first == last else f"{WEEKDAY_LABELS[first]}–{WEEKDAY_LABELS[last]}"
        lines.append(f"{days} " + join_list(f"{_clock(a)}–{_clock(b)}" for a, b in times))
    return lines


def footer_windows(limit: int) -> list[FooterWindow]:
    """The first ``limit`` active windows (park service stations first) with their weekly hours, in
    one query."""
    from ..extensions import db
    from ..windows.models import PARK, ServiceWindow, WindowHours

    if limit <= 0:
        return []
    order = (ServiceWindow.kind != PARK, ServiceWindow.region_code, ServiceWindow.name, ServiceWindow.id)
    chosen = select(ServiceWindow.id).where(ServiceWindow.active.is_(True)).order_by(*order).limit(limit)
    rows = db.session.execute(
        select(ServiceWindow.id, ServiceWindow.code, ServiceWindow.name, ServiceWindow.name_en,
               ServiceWindow.address, ServiceWindow.phone, WindowHours.weekday, WindowHours.opens,
               WindowHours.closes)
        .outerjoin(WindowHours, WindowHours.window_id == ServiceWindow.id)
        .where(ServiceWindow.id.in_(chosen.scalar_subquery()))
        .order_by(*order, WindowHours.weekday, WindowHours.opens)).all()
    english = reader_language() == "en"
    windows: dict[int, FooterWindow] = {}
    hours: dict[int, list] = {}
    for row in rows:
        if row.id not in windows:
            windows[row.id] = FooterWindow(row.code, (row.name_en if english and row.name_en else row.name),
                                           row.address, row.phone)
            hours[row.id] = []
        if row.weekday is not None:
            hours[row.id].append(row)
    for window_id, window in windows.items():
        window.hours = hours_summary(hours[window_id])
    return list(windows.values())


def footer() -> dict:
    """What the footer shows on this request's page (computed once per request)."""
    if has_request_context() and "qi_footer" in g:
        return g.qi_footer
    limit = int(current_app.config.get("QI_FOOTER_WINDOWS", 3) or 0)
    try:
        windows = footer_windows(limit)
    except Exception:  # a page must render without its footer's windows (a database in trouble)
        log.exception("the footer's windows could not be read")
        windows = []
    shown = {
        "operator": setting("QI_OPERATOR_NAME"),
        "hotline": setting("QI_HOTLINE"),
        "hotline_hours": setting("QI_HOTLINE_HOURS"),
        "email": setting("QI_OPERATOR_EMAIL"),
        "icp": setting("QI_ICP"),
        "site_code": setting("QI_SITE_CODE"),
        "windows": windows,
    }
    if has_request_context():
        g.qi_footer = shown
    return shown


def site_code_number(code: str) -> str:
    """The digits of a public-security filing (``宁公网安备 64010402000123号`` → ``64010402000123``),
    for the link to its record."""
    return "".join(ch for ch in code if ch.isdigit())


def _refusal_texts() -> set[str]:
    """FAB's "Access is Denied" in every language of the site (once per request)."""
    if "qi_refusal_texts" not in g:
        from flask_appbuilder.const import FLAMSG_ERR_SEC_ACCESS_DENIED

        texts = {msgid(FLAMSG_ERR_SEC_ACCESS_DENIED)}
        for lang in current_app.config.get("LANGUAGES", {}):
            with force_locale(lang):
                texts.add(str(FLAMSG_ERR_SEC_ACCESS_DENIED))
        g.qi_refusal_texts = texts
    return g.qi_refusal_texts


def flash_text(message):
    """A flashed message as shown. FAB's refusal flash is re-said in the page's language: to an
    anonymous visitor as "Sign in to open this page.", to a signed-in user as FAB's text. Every other
    message was translated when it was flashed and is kept."""
    if isinstance(message, Markup) or not isinstance(message, str) or message not in _refusal_texts():
        return message
    if getattr(g.get("user"), "is_authenticated", False):
        from flask_appbuilder.const import FLAMSG_ERR_SEC_ACCESS_DENIED

        return str(FLAMSG_ERR_SEC_ACCESS_DENIED)
    return str(SIGN_IN_TO_OPEN)


def init_portal(app: Flask) -> None:
    """Jinja globals of the layout (``page_lang``, ``page_locale``, ``portal_footer``) and the flash."""
    app.jinja_env.globals.update(page_lang=page_lang, page_locale=reader_language, portal_footer=footer,
                                 site_code_number=site_code_number)
    app.jinja_env.filters["flash_text"] = flash_text
