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

from flask import current_app, g, render_template, request, session
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..i18n.language import reader_language

log = logging.getLogger(__name__)
_KEPT = "qi_queues"
_MENUS = "qi_navbar_menus"
MAX_MENUS = 512  # role combinations × languages: a handful in practice; the bound is a guard

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
    sections_html: Markup = Markup("")  # the sections as the navbar shows them

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
    user = getattr(g, "user", None)
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    queues = request_queues() if signed_in else []
    out = []
    for group, sections, html in _menu(user if signed_in else None):
        shown = ShownGroup(group, sections, queues if group.key == WORK else [], html)
        if shown.sections or shown.queues:
            out.append(shown)
    return out


def _menu(user) -> list[tuple]:
    """[(group, sections, their HTML)] for ``user`` (None: anonymous), worked out once per process
    for each combination of what decides it (``_menu_key``) and kept with the app.

    Entries were checked one permission at a time and rendered on every page: about 185 checks and 130
    translations, three quarters of a staff list page's time. The answer depends on the roles, which
    are configuration (``FAB_ROLES``), on the views' ``opens_for`` answers and on the language, never on
    the database, so it is the same in every worker; a user with a role stored in the database (one an
    administrator may change at any time) is worked out on every request."""
    key = _menu_key(user)
    kept = current_app.extensions.setdefault(_MENUS, {})
    menu = kept.get(key) if key is not None else None
    if menu is None:
        menu = [(group, sections, _sections_html(sections)) for group, sections in _visible_sections()]
        if key is not None:
            if len(kept) >= MAX_MENUS:
                kept.clear()
            kept[key] = menu
    return menu


def _menu_key(user) -> tuple | None:
    """What the menu depends on, or None when it may change without the key changing."""
    appbuilder = current_app.appbuilder
    if user is None:
        roles: tuple = (appbuilder.sm.auth_role_public,)
    else:
        roles = tuple(sorted({role.name for role in appbuilder.sm.get_user_roles(user)}))
        if not getattr(user, "is_active", False) or any(name not in appbuilder.sm.builtin_roles for name in roles):
            return None
    opens = tuple(bool(view.opens_for(user)) for view in appbuilder.baseviews if hasattr(view, "opens_for"))
    return roles, opens, reader_language(), request.script_root


def _visible_sections() -> list[tuple[MenuGroup, list[Section]]]:
    from .link_access import menu_item_visible

    by_key = {group.key: [] for group in GROUPS}
    for item in current_app.appbuilder.menu.get_list():
        if not menu_item_visible(item):
            continue
        sections = by_key[group_of(item.name)]
        if item.childs:
            items = [child for child in item.childs if child.name != "-" and menu_item_visible(child)]
            if items:
                sections.append(Section(item.label, items))
        elif sections and sections[0].label is None:
            sections[0].items.append(item)
        else:
            sections.insert(0, Section(None, [item]))
    return [(group, by_key[group.key]) for group in GROUPS]


def _sections_html(sections: list[Section]) -> Markup:
    # an autoescaped template (bandit B704)
    return Markup(render_template("appbuilder/navbar_sections.html", sections=sections))  # nosec B704


def _forget_kept_queues() -> None:
    """Whatever the user posts may change a count: the next page counts again."""
    if request.method not in ("GET", "HEAD", "OPTIONS") and _KEPT in session:
        session.pop(_KEPT)


def init_menu_groups(app) -> None:
    """Offer ``menu_groups()`` to the navbar template; forget kept counts on every post."""
    app.jinja_env.globals["menu_groups"] = shown_groups
    app.before_request(_forget_kept_queues)
