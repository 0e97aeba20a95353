"""The web layer's defences, applied to every request of the app: CSRF, security headers, a request
size limit, checked list arguments and translated error pages.

``init_web(app)`` is called once by ``create_app`` before FAB registers its views: FAB exempts its
REST API blueprints from CSRF only when ``CSRFProtect`` is already on the app.
"""
from flask import Flask

from .csrf import init_csrf
from .errors import register_error_pages
from .headers import init_security_headers
from .limits import limit_request_size
from .view_args import check_view_arguments


def init_web(app: Flask) -> None:
    """Register every defence of this package on ``app`` (order matters: see the comments)."""
    # An oversized body is refused before CSRF validation reads the form.
    limit_request_size(app)
    init_csrf(app)
    init_security_headers(app)
    check_view_arguments(app)
    register_error_pages(app)
