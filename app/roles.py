"""The built-in roles and their permissions, defined in code.

They become Flask-AppBuilder's ``FAB_ROLES``: permission checks for these roles are answered from
this table (no database query), and ``flask qi init`` creates the role rows users are assigned to.
Plugins extend the table through the ``roles`` key of their ``qi_views`` entries.
"""
from __future__ import annotations

import re
from typing import Iterable

from .i18n import msgid

ADMIN = "Admin"
PLATFORM_STAFF = "PlatformStaff"
WINDOW_STAFF = "WindowStaff"
INSTITUTION = "Institution"
ENTERPRISE = "Enterprise"
PUBLIC = "Public"

ROLE_NAMES = (ADMIN, PLATFORM_STAFF, WINDOW_STAFF, INSTITUTION, ENTERPRISE, PUBLIC)

# Which dashboard a user lands on: the first role of this list the user holds.
DASHBOARD_PRECEDENCE = (ADMIN, PLATFORM_STAFF, WINDOW_STAFF, INSTITUTION, ENTERPRISE)

# Read-only public pages (home, category, guide and search pages) and the catalog's read-only API.
PUBLIC_PAGES = [("PublicPages", "can_read"), ("CatalogApi", "can_read")]

# What every signed-in user may do to their own account, plus their dashboard.
SELF_SERVICE = [
    ("Dashboard", "can_read"),
    ("Dashboard", "menu_access"),
    ("UserInfoEditView", "can_this_form_get"),
    ("UserInfoEditView", "can_this_form_post"),
    ("ResetMyPasswordView", "can_this_form_get"),
    ("ResetMyPasswordView", "can_this_form_post"),
    ("UserDBModelView", "can_userinfo"),
]


def read_write(resource: str, *menus: str) -> list[tuple[str, str]]:
    """Read and write on ``resource``, and access to the menu entries that lead to it."""
    return [(resource, "can_read"), (resource, "can_write")] + [(m, "menu_access") for m in menus]


SERVICE_DESK = read_write("Consultation", "Service desk", "Consultations", "Answer templates")

# Every signed-in user reads their own messages (scoped to them).
MESSAGES = read_write("Message", "Personal", "My messages")

# An enterprise or institution user: their registration, their organisation's records and files.
APPLICANT = MESSAGES + read_write("MyOrganisation", "Registration status") + [
    ("Organisation", "can_read"), ("OrganisationAttachment", "can_read"), ("ChangeRequest", "can_read"),
    ("UserProfile", "can_read"), ("Files", "can_read")]

CORE_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    PLATFORM_STAFF: PUBLIC_PAGES + SELF_SERVICE + SERVICE_DESK
    + read_write("ServiceCategory", "Catalog", "Service categories")
    + read_write("ServiceItem", "Service items")
    + read_write("ServiceGuide", "Service guides")
    # FAB names a list action's permission after the action itself.
    + [("ServiceGuide", "publish"), ("ServiceGuide", "unpublish")]
    + read_write("Region", "Platform", "Regions")
    + [("Plugins", "can_read"), ("Plugins", "menu_access")]
    + read_write("OrganisationReview", "Organisations", "Review queue")
    + read_write("Organisation", "Organisations")
    + [("OrganisationAttachment", "can_read"), ("Attachments", "menu_access"), ("ChangeRequest", "can_read"),
       ("Change requests", "menu_access"), ("UserProfile", "can_read"), ("Members", "menu_access"),
       ("Files", "can_read")] + MESSAGES,
    WINDOW_STAFF: PUBLIC_PAGES + SELF_SERVICE + SERVICE_DESK + MESSAGES,
    INSTITUTION: PUBLIC_PAGES + SELF_SERVICE + APPLICANT,
    ENTERPRISE: PUBLIC_PAGES + SELF_SERVICE + APPLICANT,
    PUBLIC: list(PUBLIC_PAGES),
}


def build_fab_roles(view_specs: Iterable[dict]) -> dict[str, list[list[str]]]:
    """``FAB_ROLES`` for the core table plus the ``roles`` of every plugin view spec.

    A role given any permission on a plugin view also sees its menu entry and menu category.
    FAB matches each pair with ``re.match``; names are escaped and anchored so ``Category`` does not
    also grant ``CategoryItem``.
    """
    table = {role: list(perms) for role, perms in CORE_PERMISSIONS.items()}
    for spec in view_specs:
        view = spec["view"]
        resource = getattr(view, "class_permission_name", None) or view.__name__
        for role, permissions in (spec.get("roles") or {}).items():
            table[role].extend((resource, perm) for perm in permissions)
            if spec.get("name"):
                table[role].append((view.__name__, "menu_access"))
            if spec.get("menu"):
                table[role].append((msgid(spec["menu"]), "menu_access"))
    fab_roles = {ADMIN: [[".*", ".*"]]}
    for role, pairs in table.items():
        fab_roles[role] = [[f"^{re.escape(v)}$", f"^{re.escape(p)}$"] for v, p in dict.fromkeys(pairs)]
    return fab_roles
