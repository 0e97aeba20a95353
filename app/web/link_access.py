"""Links shown only to users who may open them.

``may_open(endpoint)`` answers, for the signed-in user (or an anonymous visitor), the question
Flask-AppBuilder's ``@has_access`` asks when the page behind ``endpoint`` is requested: the permission
of the view's method (``can_<name>``, after ``method_permission_name``) on the view's permission
resource (``class_permission_name``, set from the view spec by ``app.access``). A template shows a
link to another module as ``{% if may_open('LedgerView.index') %}<a href=…>{% endif %}``, so the
link follows the role table (``app.roles``) instead of a copy of it written as role names.
``may_open_url(url)`` answers the same for an address kept as text (a search hit's).

A view may also say that a page has nothing for some users although their role may open it (the
administrator holds every permission but has no organisation of their own): a method
``opens_for(user) -> bool`` on the view class is asked as well. The navbar (``is_menu_visible``)
and the dashboard's links use the same rule.

Answers are kept for the request only (``g``); nothing about a user is kept in the process.
"""
from __future__ import annotations

from flask import Flask, current_app, g, has_request_context
from flask_appbuilder.const import PERMISSION_PREFIX
from flask_login import current_user

_VIEWS_KEY = "qi_views_by_blueprint"


def view_of(endpoint: str):
    """The Flask-AppBuilder view (the registered instance) serving ``endpoint``, or None."""
    index = current_app.extensions.get(_VIEWS_KEY)
    if index is None:  # views are all registered before the first request and never change
        index = current_app.extensions[_VIEWS_KEY] = {
            view.blueprint.name: view for view in current_app.appbuilder.baseviews
            if getattr(view, "blueprint", None) is not None}
    blueprint, _, _method = endpoint.rpartition(".")
    return index.get(blueprint)


def _permission_of(view, method_name: str) -> str | None:
    """The permission ``@has_access`` (or ``@protect``) checks for ``view.method_name``, or None
    when the method is not protected by a permission (a public route of its own)."""
    method = getattr(view, method_name, None)
    name = getattr(method, "_permission_name", None)
    if name is None:
        return None
    return PERMISSION_PREFIX + ((view.method_permission_name or {}).get(method_name) or name)


def _user():
    user = g.get("user")
    return user if user is not None else current_user


def _signed_in() -> bool:
    return bool(getattr(_user(), "is_authenticated", False))


def _decide(endpoint: str) -> bool:
    if endpoint not in current_app.view_functions:
        return False
    view = view_of(endpoint)
    if view is None:  # a plain Flask route (static files, the language switch): no FAB permission
        return True
    permission = _permission_of(view, endpoint.rpartition(".")[2])
    if permission is not None:
        if view.base_permissions is not None and permission not in view.base_permissions:
            return False
        if not current_app.appbuilder.sm.has_access(permission, view.class_permission_name):
            return False
    opens_for = getattr(view, "opens_for", None)
    return opens_for is None or bool(opens_for(_user()))


def may_open(endpoint: str, sign_in: bool = False) -> bool:
    """Whether the current user may open the page of ``endpoint`` (``"View.method"``): False for an
    endpoint that is not registered, for one the user's roles do not grant, and for a page whose
    view says it has nothing for this user (``opens_for``).

    ``sign_in=True`` is for links that invite an anonymous visitor to sign in first ("Book an
    appointment"): they are True for the anonymous, whom the page sends to the sign-in form."""
    if not has_request_context():
        return False
    if sign_in and endpoint in current_app.view_functions and not _signed_in():
        return True
    answers = g.setdefault("qi_may_open", {})
    if endpoint not in answers:
        answers[endpoint] = _decide(endpoint)
    return answers[endpoint]


def may_open_url(url: str, sign_in: bool = False) -> bool:
    """``may_open`` for an address kept as text (a search hit, a link in a message): True for an
    address of another site or one this app does not route (its own page says what it is), else
    the answer for the endpoint the address leads to."""
    from urllib.parse import urlsplit

    from werkzeug.exceptions import HTTPException

    parts = urlsplit(url or "")
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return True
    try:
        endpoint = current_app.url_map.bind("localhost").match(parts.path, method="GET")[0]
    except HTTPException:  # not found, or a redirect of a moved page: nothing to decide here
        return True
    return may_open(endpoint, sign_in=sign_in)


def menu_endpoint(item) -> str | None:
    """The endpoint a navbar entry (FAB ``MenuItem``) links to, or None for a category or an address."""
    if item.href:
        return item.href if item.href in current_app.view_functions else None
    if item.baseview is not None:
        return f"{item.baseview.endpoint}.{item.baseview.default_view}"
    return None


def menu_item_visible(item) -> bool:
    """FAB's menu rule (``menu_access`` on the entry) and, for an entry that is a page, ``may_open``;
    a category is shown when one of its entries is. Answers are kept for the request (``g``)."""
    answers = g.setdefault("qi_menu_visible", {})
    if item.name not in answers:
        answers[item.name] = _menu_item_visible(item)
    return answers[item.name]


def _menu_item_visible(item) -> bool:
    if not current_app.appbuilder.sm.has_access("menu_access", item.name):
        return False
    if item.childs:
        return any(child.name != "-" and menu_item_visible(child) for child in item.childs)
    endpoint = menu_endpoint(item)
    return endpoint is None or may_open(endpoint)


def init_link_access(app: Flask) -> None:
    """Offer ``may_open`` to every template and put the same rule behind the navbar's
    ``is_menu_visible`` (called after ``appbuilder.init_app``, which registers FAB's filter)."""
    app.jinja_env.globals["may_open"] = may_open
    app.jinja_env.globals["may_open_url"] = may_open_url
    app.jinja_env.filters["is_menu_visible"] = menu_item_visible
