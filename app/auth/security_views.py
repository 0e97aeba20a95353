"""Flask-AppBuilder's own security lists (users, roles, groups, permissions) made as lean as the
platform's lists.

FAB's lists loaded each row's roles, groups or permissions one row at a time (the user list sent 57
statements for 25 users, and more with every row), and their search forms rendered every role,
group, user, permission and view as drop-down options: whole tables in one page. Here, with
``app.crud.LeanLists`` as in ``QiModelView``, a page's collections come in one statement per relation
(``app.list_loading``), relation filters look up as the admin types (``app.choices``), and each
request has its own filters. The class names stay FAB's: permissions and menu entries are named
after them.
"""
from __future__ import annotations

from flask_appbuilder.security import views as fab

from ..crud import LeanLists


class RoleModelView(LeanLists, fab.RoleModelView):
    pass


class UserGroupModelView(LeanLists, fab.UserGroupModelView):
    pass


class PermissionViewModelView(LeanLists, fab.PermissionViewModelView):
    pass


class UserOAuthModelView(LeanLists, fab.UserOAuthModelView):
    pass


class LeanSecurityViews:
    """Security-manager mixin: FAB's security lists replaced by the lean ones above (the user list
    of password sign-in is ``app.auth.password_views.UserDBModelView``)."""

    rolemodelview = RoleModelView
    groupmodelview = UserGroupModelView
    permissionviewmodelview = PermissionViewModelView
    useroauthmodelview = UserOAuthModelView
