"""CSRF protection for the whole app, the REST API included.

``CSRFProtect`` checks the token of every POST/PUT/PATCH/DELETE of the HTML views; with it on the app
FAB also refuses deletes and list actions by GET (``BaseView.is_get_mutation_allowed``). FAB exempts
its REST API blueprints, since API clients authenticate with a bearer token that a cross-site page
cannot send. But FAB's ``protect()`` also accepts the browser's session for some APIs, so here an
API write without an ``Authorization`` header needs a valid CSRF token (``X-CSRFToken`` header or
``csrf_token`` field): a session cookie alone never authorises one.
"""
from flask import Flask, current_app, request
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Signing in to the API needs neither: it authorises nothing by cookie and its body is JSON, which a
# cross-site form cannot send without a CORS preflight this app never answers.
API_SIGN_IN_VIEWS = frozenset({"SecurityApi", "ThrottledSecurityApi"})


def _is_api_sign_in(endpoint: str | None) -> bool:
    view, _, method = (endpoint or "").rpartition(".")
    return method == "login" and view in API_SIGN_IN_VIEWS


def init_csrf(app: Flask) -> None:
    """Register ``CSRFProtect`` and the rule for API writes that carry no bearer token."""
    csrf.init_app(app)

    @app.before_request
    def _api_write_needs_token_or_bearer():
        if not current_app.config.get("WTF_CSRF_ENABLED", True) or request.method not in UNSAFE_METHODS:
            return
        if not request.path.startswith("/api/") or _is_api_sign_in(request.endpoint):
            return
        if request.headers.get("Authorization"):
            return  # FAB verifies the bearer token (or API key) itself and refuses a bad one
        csrf.protect()
