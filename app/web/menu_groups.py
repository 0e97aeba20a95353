"""The navbar's groups: a few top-level entries per role, the role's work first.

Views name a menu *category* (``ViewSpec.menu``, core and plugins alike); this module is the one
place that puts categories into groups. A category no group names (a plugin's own) goes under
``DEFAULT_GROUP``, so a new plugin adds entries to a group, never a new top-level entry. The first
group, "Work", holds the dashboard, the role's work queues with their counts (``app.dashboard.queues``)
and the personal pages.

The menu itself stays FAB's (``QiMenu``): permissions (``menu_access``) still refer to its category
and entry names, and the navbar shows an entry only where ``menu_item_visible`` does.
"""
from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass, field

from flask import current_app, g, request, session
from flask_babel import lazy_gettext as _l

from ..i18n.language import reader_language

log = logging.getLogger(__name__)
_KEPT = "qi_queues"

WORK = "work"
DEFAULT_GROUP = "services"


@dataclass(frozen=True)
class MenuGroup:
    """A top-level navbar entry: ``categories`` are the menu category names (msgids) it holds."""

    key: str
    label: object
    icon: str
    categories: tuple[str, ...] = ()


# In navbar order. Category names are the English msgids the view specs give as ``menu``.
GROUPS: tuple[MenuGroup, ...] = (
    MenuGroup(WORK, _l("Work"), "fa-inbox", ("Personal",)),
    MenuGroup("cases", _l("Cases"), "fa-tasks",
              ("Needs", "Service desk", "Appointments", "Visits", "Samples", "Complaints")),
    MenuGroup("network", _l("Network"), "fa-sitemap", ("Organisations", "Service windows", "Shared equipment")),
    MenuGroup("quality", _l("Quality"), "fa-line-chart", ("Evaluation and improvement", "Platform monitoring")),
    MenuGroup(DEFAULT_GROUP, _l("QI services"), "fa-cubes",
              ("Certification and accreditation", "Intellectual property", "Metrology", "Standardization",
               "Testing")),
    MenuGroup("admin", _l("Settings"), "fa-cogs", ("Catalog", "Platform", "Security")),
)

# Entries FAB keeps at the top level (a view without a category) that belong to a named group.
TOP_LEVEL_ENTRIES = {"DashboardView": WORK}


def group_of(name: str) -> str:
    """The key of the group a menu category (or an uncategorised entry) named ``name`` goes under."""
    if name in TOP_LEVEL_ENTRIES:
        return TOP_LEVEL_ENTRIES[name]
    for group in GROUPS:
        if name in group.categories:
            return group.key
    return DEFAULT_GROUP


@dataclass
class Section:
    """One category inside a group: its heading (None for loose entries) and its visible entries."""

    label: object
    items: list


@dataclass
class ShownGroup:
    """A group as the signed-in user sees it."""

    group: MenuGroup
    sections: list[Section] = field(default_factory=list)
    queues: list = field(default_factory=list)

    @property
    def attention(self) -> int:
        """The count on the group's badge: things in the user's queues that need attention now."""
        return sum(queue.count for queue in self.queues if queue.tone != "normal")


def request_queues(fresh: bool = False) -> list:
    """The signed-in user's work queues, computed once per request (the navbar and the dashboard
    both show them). Empty for an anonymous user; a failure (an error page after a broken
    transaction) shows the navbar without counts rather than failing the page.

    The navbar's counts are kept in the user's own session for ``QI_QUEUE_COUNTS_SECONDS`` (default
    30): four grouped counts on every page were most of a staff page's statements. They are counted
    again after any change the user posts, in another language, and always on the dashboard
    (``fresh``), so only other people's changes show up to that many seconds late. The session is
    the user's signed cookie: nothing is kept in a worker's memory."""
    if "qi_work_queues" not in g:
        user = getattr(g, "user", None)
        queues: list = []
        if user is not None and getattr(user, "is_authenticated", False):
            queues = _kept_queues(user) if not fresh else None
            if queues is None:
                queues = _counted_queues(user)
        g.qi_work_queues = queues
    return g.qi_work_queues


def _counted_queues(user) -> list:
    from ..dashboard.queues import work_queues

    try:
        queues = work_queues(user)
    except Exception:  # noqa: BLE001 — the navbar never turns a page into an error
        log.exception("work queues for the navbar")
        from ..extensions import db

        db.session.rollback()
        return []
    if _keep_seconds() > 0:
        session[_KEPT] = {"user": user.id, "lang": reader_language(), "at": time.time(),
                          "queues": [dataclasses.astuple(queue) for queue in queues]}
    return queues


def _keep_seconds() -> float:
    return float(current_app.config.get("QI_QUEUE_COUNTS_SECONDS", 30))


def _kept_queues(user) -> list | None:
    """The queues counted for this user a moment ago, or None when they must be counted again."""
    from ..dashboard.queues import Queue

    kept = session.get(_KEPT)
    if (request.method != "GET" or not kept or kept.get("user") != user.id or kept.get("lang") != reader_language()
            or not 0 <= time.time() - kept.get("at", 0) < _keep_seconds()):
        return None
    return [Queue(*fields) for fields in kept["queues"]]


def shown_groups() -> list[ShownGroup]:
    """The groups the current user sees, in order, each with the categories and entries visible to
    them (FAB's menu rule through ``menu_item_visible``); the Work group also with the queues."""
    from .link_access import menu_item_visible

    by_key = {group.key: ShownGroup(group) for group in GROUPS}
    for item in current_app.appbuilder.menu.get_list():
        if not menu_item_visible(item):
            continue
        shown = by_key[group_of(item.name)]
        if item.childs:
            items = [child for child in item.childs if child.name != "-" and menu_item_visible(child)]
            if items:
                shown.sections.append(Section(item.label, items))
        elif shown.sections and shown.sections[0].label is None:
            shown.sections[0].items.append(item)
        else:
            shown.sections.insert(0, Section(None, [item]))
    user = getattr(g, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        by_key[WORK].queues = request_queues()
    return [shown for shown in by_key.values() if shown.sections or shown.queues]


def _forget_kept_queues() -> None:
    """Whatever the user posts may change a count: the next page counts again."""
    if request.method not in ("GET", "HEAD", "OPTIONS") and _KEPT in session:
        session.pop(_KEPT)


def init_menu_groups(app) -> None:
    """Offer ``menu_groups()`` to the navbar template; forget kept counts on every post."""
    app.jinja_env.globals["menu_groups"] = shown_groups
    app.before_request(_forget_kept_queues)
