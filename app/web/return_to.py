"""Where a saved form returns: the list the user came from, on this site only.

FAB's ``get_redirect`` pops its page history twice after a save, on the assumption that the form
page pushed itself; it does not, so the user landed on the page before the list (often the home
page). ``return_url`` answers from what the request carries instead: a ``next`` address (same site
only, never an open redirect), else the last list page of the view in FAB's history (its page,
filters and sort kept), else the view's own list.
"""
from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from flask import request, session


def local_url(url: str | None) -> str | None:
    """``url`` as a path on this site (path and query), or None when it leads anywhere else or is not
    a plain address: another host or scheme, ``//host``, backslashes, control characters."""
    if not url or len(url) > 2000 or "\\" in url:
        return None
    if any(unicodedata.category(ch)[0] == "C" for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme or parts.netloc:
        # FAB's history holds absolute addresses of this very host: those are kept, as paths.
        if parts.scheme not in ("http", "https") or parts.netloc != request.host:
            return None
    path = parts.path
    if not path.startswith("/") or path.startswith("//"):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _same_page(url: str, list_url: str) -> bool:
    return urlsplit(url).path.rstrip("/") == urlsplit(list_url).path.rstrip("/")


def return_url(list_url: str | None, fallback: str) -> str:
    """The address to return to after a save on a view whose list is ``list_url`` (None: it has none).

    In order: the request's ``next`` argument when it is on this site; the latest visit of the list
    in FAB's page history (``session["page_history"]``, which the list pages keep); the list itself;
    ``fallback``."""
    wanted = local_url(request.args.get("next") or request.form.get("next"))
    if wanted:
        return wanted
    if list_url:
        for seen in reversed(session.get("page_history") or []):
            seen = local_url(seen) if isinstance(seen, str) else None
            if seen and _same_page(seen, list_url):
                return seen
        return list_url
    return fallback
