"""The built-in roles, and the grants on Flask-AppBuilder's own views.

Every other grant is declared next to its view, in the ``roles`` of its view spec (the core's in each
module's ``views.py``, a plugin's in its ``qi_views`` hook); ``app.access`` turns them into
Flask-AppBuilder's ``FAB_ROLES``, so permission checks for these roles are answered from code (no
database query) and ``flask qi init`` creates the role rows users are assigned to.
"""
from __future__ import annotations

ADMIN = "Admin"
PLATFORM_STAFF = "PlatformStaff"
WINDOW_STAFF = "WindowStaff"
INSTITUTION = "Institution"
ENTERPRISE = "Enterprise"
# What a user acts as while their organisation's application is pending (``app.auth.standing``).
APPLICANT = "Applicant"
PUBLIC = "Public"

ROLE_NAMES = (ADMIN, PLATFORM_STAFF, WINDOW_STAFF, INSTITUTION, ENTERPRISE, APPLICANT, PUBLIC)

# Which dashboard a user lands on: the first role of this list the user holds.
DASHBOARD_PRECEDENCE = (ADMIN, PLATFORM_STAFF, WINDOW_STAFF, INSTITUTION, ENTERPRISE, APPLICANT)

SIGNED_IN = (PLATFORM_STAFF, WINDOW_STAFF, INSTITUTION, ENTERPRISE, APPLICANT)
MEMBERS = (INSTITUTION, ENTERPRISE)
STAFF = (PLATFORM_STAFF,)

READ = ["can_read"]
READ_WRITE = ["can_read", "can_write"]


def grant(roles, permissions) -> dict[str, list[str]]:
    """``{role: permissions}`` for a view spec's ``roles``: ``grant(MEMBERS, READ_WRITE)``."""
    return {role: list(permissions) for role in roles}


# Public pages and APIs: anyone, signed in or not, may read.
EVERYONE_READS = grant((PUBLIC, *SIGNED_IN), READ)
# Staff only, reading and writing (Admin has every permission anyway).
STAFF_ONLY = grant(STAFF, READ_WRITE)

# Flask-AppBuilder's own security views: Admin only, except what every signed-in user does to their
# own account.
FAB_SELF_SERVICE = {
    "UserInfoEditView": ["can_this_form_get", "can_this_form_post"],
    "ResetMyPasswordView": ["can_this_form_get", "can_this_form_post"],
    "UserDBModelView": ["can_userinfo"],
}
