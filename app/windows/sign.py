"""The window's unified sign (4.2.1-4, 4.2.3-3): the QR code of its public page, drawn here by segno
(no remote service), as an inline SVG the sign page prints at any size."""
from __future__ import annotations

import segno
from flask import current_app, url_for
from markupsafe import Markup

from .models import ServiceWindow


def public_url(window: ServiceWindow) -> str:
    """The absolute address of the window's public page (what its QR code holds): under
    ``QI_BASE_URL`` when set, so a sign printed from an office address still points to the public site."""
    base = current_app.config.get("QI_BASE_URL")
    if base:
        return base.rstrip("/") + url_for("WindowNetworkView.page", code=window.code)
    return url_for("WindowNetworkView.page", code=window.code, _external=True)


def qr_svg(data: str, scale: int = 6) -> Markup:
    """``data`` as a QR code (error correction M, quiet zone of 4 modules) in an inline ``<svg>``."""
    code = segno.make(data, error="m", micro=False)
    svg = code.svg_inline(scale=scale, border=4, dark="#000", light="#fff", title=data)
    # segno writes the SVG and escapes its title (bandit B704)
    return Markup(svg)  # nosec B704
