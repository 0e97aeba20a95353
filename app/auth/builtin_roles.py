"""Permission checks of the code-defined roles (``FAB_ROLES``), answered from a table.

Flask-AppBuilder 5.3 answers each check of a built-in role by running ``re.match`` over every pattern
of the role: a staff page asks about 185 times (the navbar alone asks for each menu entry), which was
715,000 ``re.match`` calls per 30 pages and over half of a staff page's time. The role table is
configuration, built once when the views are registered (``app.access.build_fab_roles``), so an
answer depends only on the role, the view and the permission and never on a user or the database:
it is worked out once per process and looked up afterwards. Nothing about a user is kept.
"""
from __future__ import annotations

import re

# The names come from registered views and menu entries, so the answers are a few thousand at most;
# the bound only guards against a caller passing names built from input.
MAX_ANSWERS = 50_000


class BuiltinRoleAccess:
    """``allows(role, permission, view)`` with exactly the answers of FAB's
    ``_has_access_builtin_roles`` for the table ``roles`` ({role: [[view pattern, permission pattern]]})."""

    def __init__(self, roles: dict):
        self.roles = roles
        self._patterns = {name: [(re.compile(view), re.compile(perm)) for view, perm in pvms]
                          for name, pvms in roles.items()}
        self._answers: dict[tuple[str, str, str], bool] = {}

    def allows(self, role: str, permission: str, view: str) -> bool:
        key = (role, permission, view)
        answer = self._answers.get(key)
        if answer is None:
            answer = any(v.match(view) and p.match(permission) for v, p in self._patterns.get(role, ()))
            if len(self._answers) >= MAX_ANSWERS:
                self._answers.clear()
            self._answers[key] = answer
        return answer


def access_of(security_manager) -> BuiltinRoleAccess:
    """The table for the security manager's current role table, rebuilt when the table is replaced
    (the app replaces it once, after registering the views)."""
    roles = security_manager.builtin_roles
    table = getattr(security_manager, "_qi_builtin_access", None)
    if table is None or table.roles is not roles:
        table = security_manager._qi_builtin_access = BuiltinRoleAccess(roles)
    return table
