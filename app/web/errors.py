"""Translated error pages inside the site's layout, and JSON error bodies under ``/api/``.

Every page offers a way back: the home page, the previous page when it was one of ours, and the
sign-in page when an anonymous visitor is refused (403). A 500 shows no traceback; it is logged.
"""
from __future__ import annotations

import logging

from flask import Flask, current_app, g, jsonify, render_template, request, url_for
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError

log = logging.getLogger(__name__)

TITLES = {
    400: _l("Bad request"),
    401: _l("Sign-in required"),
    403: _l("Access denied"),
    404: _l("Page not found"),
    405: _l("Method not allowed"),
    413: _l("Request too large"),
    429: _l("Too many requests"),
    500: _l("Internal error"),
}
MESSAGES = {
    400: _l("The request could not be understood. Check the address or the form and try again."),
    401: _l("Sign in to open this page."),
    403: _l("You do not have permission to open this page."),
    404: _l("The page you asked for does not exist, or it is not visible to you."),
    405: _l("This address does not accept this kind of request."),
    429: _l("Too many attempts in a short time. Wait a moment and try again."),
    500: _l("Something went wrong on our side. The error has been logged; please try again later."),
}


class TranslatedBadRequest(BadRequest):
    """A 400 whose description is a translated sentence meant for the user (shown on the page)."""


def bad_request(message: str) -> TranslatedBadRequest:
    """The exception to raise for bad input, with a translated ``message`` saying what is wrong."""
    return TranslatedBadRequest(description=message)


def _message(error: HTTPException) -> str:
    if isinstance(error, CSRFError):
        return gettext("The form has expired or your session has ended. Go back, reload the page and "
                       "submit the form again.")
    if isinstance(error, TranslatedBadRequest):
        return str(error.description)
    if error.code == 413:
        limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
        return gettext("The request is larger than the platform accepts (at most %(mb)s MB at once).",
                       mb=f"{limit / 1024 / 1024:g}")
    return str(MESSAGES.get(error.code, MESSAGES[400 if (error.code or 500) < 500 else 500]))


def _title(error: HTTPException) -> str:
    if isinstance(error, CSRFError):
        return gettext("The form has expired")
    return str(TITLES.get(error.code, TITLES[400 if (error.code or 500) < 500 else 500]))


def _previous_page() -> str | None:
    """The referring page when it is one of ours (and not the page that failed)."""
    referrer = request.referrer or ""
    if referrer.startswith(request.host_url) and referrer != request.url:
        return referrer
    return None


def _api_request() -> bool:
    return request.path.startswith("/api/")


def error_response(error: HTTPException):
    """The response for ``error``: JSON under ``/api/``, else the translated page in the layout."""
    code = error.code or 500
    message = _message(error)
    if _api_request():
        response = jsonify(message=message)
    else:
        response = current_app.response_class(_render_page(code, _title(error), message), mimetype="text/html")
    response.status_code = code
    # 405 must name the allowed methods, 429 may say when to retry: keep the exception's headers.
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _render_page(code: int, title: str, message: str) -> str:
    if "user" not in g:  # refused before FAB's before_request set it (size limit, CSRF)
        g.user = current_user
    appbuilder = current_app.appbuilder
    anonymous = not getattr(current_user, "is_authenticated", False)
    sign_in_url = None
    if anonymous and code in (401, 403):
        sign_in_url = appbuilder.get_url_for_login_with(request.full_path if request.method == "GET" else "")
    context = {"code": code, "title": title, "message": message, "previous_page": _previous_page(),
               "sign_in_url": sign_in_url, "home_url": appbuilder.get_url_for_index}
    try:
        return render_template("qi/error.html", appbuilder=appbuilder, base_template=appbuilder.base_template,
                               **context)
    except Exception:  # the layout needs the database, which may be what failed: a bare page then
        log.exception("rendering the %s page failed", code)
        return render_template("qi/error_bare.html", **context)


def _moved(path: str):
    """A permanent redirect when ``path`` is under an address a view had before (``moved_from``)."""
    from flask import redirect

    from ..access import moved_target

    target = moved_target(current_app, path)
    if target is None:
        return None
    query = request.query_string.decode("latin-1")
    return redirect(f"{target}?{query}" if query else target, code=301)


def register_error_pages(app: Flask) -> None:
    """Handle every HTTP error and every uncaught exception (as a 500, logged, without a traceback)."""

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code is None or error.code < 400:  # redirects raised as exceptions (RoutingRedirect)
            return error
        if error.code == 404 and request.method in ("GET", "HEAD"):
            moved = _moved(request.path)
            if moved:
                return moved
        return error_response(error)

    @app.errorhandler(InternalServerError)
    def _internal_error(error: InternalServerError):
        # Flask logged the original exception already; the transaction that raised it is abandoned.
        from ..extensions import db

        try:
            db.session.rollback()
        except Exception:
            log.exception("rollback after an internal error failed")
        return error_response(InternalServerError())
