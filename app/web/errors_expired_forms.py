"""A form sent after its session expired, or whose saving failed in the database, gets its page
back, with what was typed and a message.

``CSRFProtect`` refuses a form whose token is missing, expired or from another session before its
view runs (the session ended while the page was open, the server restarted with a new key …). For
the forms people spend time on (a question on a guide, a need, a complaint) a 400 page would lose
everything typed. A view method marked ``@refill_when_expired(renderer)`` gets, instead of the
error page, ``renderer(view, **view_args)``: its form page built from the submitted fields *without
validating or saving anything*, with a translated message saying that nothing was sent and what to
do. The form on it carries a fresh token, so sending it again works. Files cannot be refilled: the
message asks for them again.

The renderer runs outside the view's ``@has_access``, so the page is only given to a user who may
open the view (``may_open``); anyone else, and every API request, gets the error as before, and the
response stays a 400: nothing was done.

The same page answers a database failure while the form was being saved (the server unreachable, a
write refused, a deadlock): the transaction is rolled back, so nothing of the form was saved, and
the page (status 503) says so and keeps what was typed (``failed_write_page``). When the database
is down altogether the page cannot be built and the error page tells the user instead.
"""
from __future__ import annotations

from typing import Callable

from flask import flash, g, make_response, request, session
from flask_babel import gettext
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .link_access import may_open, view_of

_MARK = "_qi_refill_when_expired"
# Flask-WTF's reasons when the token is what failed; its referrer checks are not an expired session.
TOKEN_REASONS = frozenset({
    "The CSRF token is missing.", "The CSRF session token is missing.", "The CSRF token has expired.",
    "The CSRF token is invalid.", "The CSRF tokens do not match.",
})


def refill_when_expired(renderer: Callable) -> Callable:
    """Mark a view method whose form page ``renderer(view, **view_args)`` shows again, filled with
    the submitted fields, when the form's session expired. ``renderer`` must only build and render
    the form (a ``FlaskForm()`` binds the submitted fields by itself), never validate or save.
    Put it under ``@has_access`` (FAB copies the mark onto its wrapper)."""
    def mark(method):
        setattr(method, _MARK, renderer)
        return method
    return mark


def _refilled(message: str, status: int):
    """The marked view's form page with ``message``, or None when the view is not marked, the user
    may not open it, or the page cannot be built."""
    if request.method != "POST" or not request.endpoint:
        return None
    view = view_of(request.endpoint)
    renderer = getattr(getattr(view, request.endpoint.rpartition(".")[2], None), _MARK, None) if view else None
    if renderer is None:
        return None
    if "user" not in g:  # refused before FAB's before_request set it
        g.user = current_user
    if not may_open(request.endpoint):
        return None
    flash(message, "warning")
    try:
        page = renderer(view, **(request.view_args or {}))
    except HTTPException:  # the form's page itself is gone (an unknown item): the error page, without the note
        session.get("_flashes", []).pop()
        session.modified = True
        return None
    response = make_response(page)
    response.status_code = status
    return response


def failed_write_page():
    """The refilled form page (status 503) after the database failed while a marked form was being
    saved, the transaction already rolled back; None when it cannot be given."""
    try:
        return _refilled(gettext("The platform could not save this just now, so nothing was saved. What you typed "
                                 "is kept below: send the form again in a moment (attach any files again)."), 503)
    except Exception:  # the page needs the database too: the error page then
        from ..extensions import db

        db.session.rollback()
        session.pop("_flashes", None)
        return None


def expired_form_page(error: CSRFError):
    """The refilled form page (status 400) for ``error`` on a marked view, or None."""
    if error.description not in TOKEN_REASONS:
        return None
    return _refilled(gettext("Your session expired before the form was sent, so nothing was saved. What you typed "
                             "is kept below: check it and send the form again (attach any files again)."), 400)
