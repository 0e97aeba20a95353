"""One id per request: the reverse proxy's ``X-Request-ID`` when it is a plain token (nginx sends
``$request_id``), else a new one. It is answered in the same header, added to every log record of
the request (``app.ops.logs``) and shown on a 500 page, so a user's "error reference" finds the
log lines of their request, on whichever server served it."""
from __future__ import annotations

import re
import uuid

from flask import Flask, g, has_request_context, request

HEADER = "X-Request-ID"
# Anything else (spaces, newlines, a kilobyte) could forge or break log lines: a new id instead.
_PLAIN = re.compile(r"[A-Za-z0-9._-]{8,64}")


def is_request_id(value) -> bool:
    """Whether ``value`` has the form of a request id (what a user may copy from an error page)."""
    return isinstance(value, str) and bool(_PLAIN.fullmatch(value))


def request_id() -> str | None:
    """The current request's id (None outside a request)."""
    if not has_request_context():
        return None
    if "qi_request_id" not in g:
        given = request.headers.get(HEADER, "")
        g.qi_request_id = given if _PLAIN.fullmatch(given) else uuid.uuid4().hex
    return g.qi_request_id


def init_request_ids(app: Flask) -> None:
    def _assign() -> None:  # returns nothing: a before_request value would be the response
        request_id()

    # First of all before_request functions: a later one may fail, and its 500 needs the id.
    app.before_request_funcs.setdefault(None, []).insert(0, _assign)

    @app.after_request
    def _answer_the_id(response):
        response.headers[HEADER] = request_id()
        return response
