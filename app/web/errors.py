"""Translated error pages inside the site's layout, and JSON error bodies for API requests.

Every page says what happened and what to do, in the reader's language, and offers ways back: the
previous page when it was one of ours, the sign-in page when an anonymous visitor is refused (401,
403), the dashboard when signed in, the search when a page is not found, and the home page. A 500
shows no traceback (it is logged), and renders even when the database is down: the layout needs the
database (the user, the menu), so the page falls back to a bare layout that needs nothing of it.

A form refused because its session expired (CSRF) gets its page back with what was typed, when
its view allows it (``app.web.errors_expired_forms``).
"""
from __future__ import annotations

import logging

from flask import Flask, current_app, g, jsonify, render_template, request, url_for
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from markupsafe import Markup, escape
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError

from ..ops.request_ids import request_id

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


# What to do, where the message above does not say it already; 403 depends on being signed in.
ADVICE = {
    404: _l("Check the address, or find what you need from the home page or the search."),
    405: _l("Open the page through the platform's links and forms instead of typing its address."),
    413: _l("Send smaller files, or fewer files at a time."),
}
# A 400 whose message says what was wrong (``bad_request``) still needs the what-to-do.
ADVICE_BAD_INPUT = _l("Check the address or the form and try again.")
ADVICE_REFUSED_SIGNED_IN = _l("If you need this page for your work, ask the platform administrator to give "
                              "your account access.")
ADVICE_REFUSED_ANONYMOUS = _l("If you have an account that may open it, sign in.")


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
    from .return_to import local_url

    previous = local_url(request.referrer)
    return previous if previous and previous != local_url(request.url) else None


def _api_request() -> bool:
    """An API call (under ``/api/``, or a client that asks for JSON and not for a page)."""
    if request.path.startswith("/api/"):
        return True
    accept = request.accept_mimetypes
    return accept.best_match(["text/html", "application/json"]) == "application/json" and not accept.accept_html


def _reference_sentence(code: int) -> Markup | None:
    """For a 500, the sentence giving the request's id (``app.ops.request_ids``), which every log
    line of the request carries: support finds what failed from what the user reads out."""
    if code < 500:
        return None
    sentence = gettext("Error reference: %(reference)s. Give it when you ask for support.", reference="{reference}")
    # the id in an element of its own: copied whole, and not taken for words of the page's language
    return escape(sentence).replace("{reference}", Markup('<code class="qi-error-id">%s</code>') % request_id())


def error_response(error: HTTPException):
    """The response for ``error``: JSON for an API call, else the translated page in the layout."""
    code = error.code or 500
    message = _message(error)
    if _api_request():
        response = jsonify(message=message, **({"error_id": request_id()} if code >= 500 else {}))
    else:
        response = current_app.response_class(_render_page(error, _title(error), message),
                                               mimetype="text/html")
    response.status_code = code
    # 405 must name the allowed methods, 429 may say when to retry: keep the exception's headers.
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _way(key: str, label: str, url: str, icon: str, primary: bool = False) -> dict:
    return {"id": f"error-{key}", "label": label, "url": url, "icon": icon, "primary": primary}


def _ways_back(code: int, signed_in: bool) -> list[dict]:
    """The links of a page in the layout, most useful first (``may_open`` needs the database)."""
    from .link_access import may_open

    appbuilder = current_app.appbuilder
    ways = []
    previous = _previous_page()
    if previous:
        ways.append(_way("back", gettext("Back to the previous page"), previous, "fa-arrow-left"))
    if not signed_in and code in (401, 403):
        next_url = request.full_path if request.method == "GET" else ""
        ways.append(_way("sign-in", gettext("Sign in"), appbuilder.get_url_for_login_with(next_url), "fa-sign-in",
                         primary=True))
    if signed_in and may_open("DashboardView.index"):
        ways.append(_way("dashboard", gettext("Your dashboard"), url_for("DashboardView.index"), "fa-dashboard",
                         primary=not ways))
    if signed_in and code == 500 and may_open("SupportTicketView.new"):  # the ticket carries the reference (4.1-4c)
        page = request.full_path.rstrip("?") if request.method == "GET" else request.path
        ways.append(_way("support", gettext("Ask for technical support"),
                         url_for("SupportTicketView.new", error=request_id(), page=page), "fa-life-ring"))
    if code == 404 and may_open("SearchView.index"):
        ways.append(_way("search", gettext("Search the platform"), url_for("SearchView.index"), "fa-search"))
    ways.append(_way("home", gettext("Home page"), appbuilder.get_url_for_index, "fa-home"))
    return ways


def _advice(error: HTTPException, signed_in: bool) -> str | None:
    code = error.code
    if isinstance(error, TranslatedBadRequest):
        return str(ADVICE_BAD_INPUT)
    if code == 403:
        return str(ADVICE_REFUSED_SIGNED_IN if signed_in else ADVICE_REFUSED_ANONYMOUS)
    return str(ADVICE[code]) if code in ADVICE else None


def _render_page(error: HTTPException, title: str, message: str) -> str:
    """The page in the site's layout; the bare page when the layout cannot be rendered."""
    from flask_babel import get_locale

    code = error.code or 500
    context = {"code": code, "title": title, "message": message, "lang": str(get_locale() or "zh"),
               "reference": _reference_sentence(code)}
    try:
        if "user" not in g:  # refused before FAB's before_request set it (size limit, CSRF)
            g.user = current_user
        signed_in = bool(getattr(current_user, "is_authenticated", False))  # loads the user: the database
        appbuilder = current_app.appbuilder
        return render_template("qi/error.html", appbuilder=appbuilder, base_template=appbuilder.base_template,
                               advice=_advice(error, signed_in), ways=_ways_back(code, signed_in), **context)
    except Exception:  # the layout needs the database, which may be what failed: a bare page then
        log.exception("rendering the %s page in the layout failed; the bare page is shown", code)
        _forget_failed_transaction()
        previous = _previous_page()
        ways = [_way("back", gettext("Back to the previous page"), previous, "fa-arrow-left")] if previous else []
        ways.append(_way("home", gettext("Home page"), current_app.appbuilder.get_url_for_index, "fa-home"))
        # Straight from the environment: render_template's context processors load the user (Flask-Login).
        return current_app.jinja_env.get_template("qi/error_bare.html").render(
            advice=None if code == 403 else _advice(error, True), ways=ways, app_name=current_app.config.get("APP_NAME", ""), **context)


def _record_server_error(exception) -> None:
    """The 500 in the audit trail (kind server_error, its request id): the system panel counts them
    across every server. With the database down there is nowhere to write it; the log has it."""
    from ..audit.models import SERVER_ERROR
    from ..audit.trail import record

    try:
        record(SERVER_ERROR, None, request_id(), error=type(exception).__name__ if exception else "InternalServerError",
               method=request.method)
    except Exception:
        log.warning("error %s could not be recorded in the audit trail", request_id())


def _forget_failed_transaction() -> None:
    from ..extensions import db

    try:
        db.session.rollback()
    except Exception:
        log.exception("rollback after a failed error page")


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
        if isinstance(error, CSRFError) and not _api_request():
            from .errors_expired_forms import expired_form_page

            page = expired_form_page(error)
            if page is not None:
                return page
        if error.code == 404 and request.method in ("GET", "HEAD"):
            moved = _moved(request.path)
            if moved:
                return moved
        return error_response(error)

    @app.errorhandler(InternalServerError)
    def _internal_error(error: InternalServerError):
        # Flask logged the original exception already; the transaction that raised it is abandoned.
        log.error("error %s: %s %s answered 500", request_id(), request.method, request.path)
        _forget_failed_transaction()
        _record_server_error(getattr(error, "original_exception", None))
        if isinstance(getattr(error, "original_exception", None), SQLAlchemyError) and not _api_request():
            from .errors_expired_forms import failed_write_page

            page = failed_write_page()  # a form whose saving failed: its page again, with what was typed
            if page is not None:
                return page
        return error_response(InternalServerError())
