"""Security headers on every response, and session cookies for HTTPS.

The Content-Security-Policy allows only the site itself. FAB 5.3's templates (and ours) put their
few inline scripts in ``<script nonce="{{ baselib.get_nonce() }}">``; the nonce comes from the
``csp_nonce()`` template function defined here, new for every response, so those scripts run and
no injected one does. Inline event attributes (``onclick=``) are not allowed: there are none.

One relaxation: ``style-src-attr 'unsafe-inline'``. FAB's templates and widgets write ``style="…"``
attributes (``display: none`` on its hidden action forms, the login box's margins …) that cannot
carry a nonce. A style attribute cannot run script; stylesheets (``<style>``, ``<link>``) stay
limited to the site itself. Browsers without CSP level 3 fall back to ``style-src 'self'`` and only
lose those layout touches.

``QI_HTTPS`` (on by default unless the app runs in debug or testing mode) adds HSTS and marks the
session and remember-me cookies ``Secure``.
"""
import secrets

from flask import Flask, g

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'nonce-{nonce}'",
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HSTS = "max-age=31536000; includeSubDomains"


def csp_nonce() -> str:
    """This response's script nonce (one per request, made when first asked for)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def serves_https(app: Flask) -> bool:
    """``QI_HTTPS`` when set, else on outside debug and testing (a production deployment)."""
    setting = app.config.get("QI_HTTPS")
    if setting is None:
        return not (app.debug or app.testing)
    return bool(setting)


def init_security_headers(app: Flask) -> None:
    """Cookie flags from ``QI_HTTPS``, the ``csp_nonce`` template function, and the headers."""
    https = serves_https(app)
    app.config["QI_HTTPS"] = https
    app.config["SESSION_COOKIE_SECURE"] = https
    app.config["REMEMBER_COOKIE_SECURE"] = https
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.config["REMEMBER_COOKIE_HTTPONLY"] = True
    app.config["REMEMBER_COOKIE_SAMESITE"] = "Lax"
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def _security_headers(response):
        headers = response.headers
        headers["Content-Security-Policy"] = CSP.format(nonce=csp_nonce())
        headers["X-Frame-Options"] = "DENY"
        headers["X-Content-Type-Options"] = "nosniff"
        # Consultation links carry their access token in the path: never send it to another site.
        headers["Referrer-Policy"] = "same-origin"
        if https:
            headers["Strict-Transport-Security"] = HSTS
        headers.pop("Server", None)
        return response
