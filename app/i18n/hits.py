"""Search hits of the catalog in the reader's language, at display time.

The search index keeps one title and summary per record (the Chinese ones, written when the record
is saved). A hit on a service category or item is shown with the name and summary of the reader's
language instead, read from the catalog when the page is rendered: a renamed item reads right at
once, and the index itself stays the search's business.
"""
from __future__ import annotations

from flask import g
from sqlalchemy import select

_PREFIXES = {"/category/": "category", "/item/": "item"}


def _catalog() -> dict[tuple[str, str], object]:
    """The categories and items by (kind, code), loaded once per request."""
    found = getattr(g, "_qi_catalog_by_code", None)
    if found is None:
        from ..catalog.models import ServiceCategory, ServiceItem
        from ..extensions import db

        found = {("category", c.code): c for c in db.session.scalars(select(ServiceCategory))}
        found |= {("item", i.code): i for i in db.session.scalars(select(ServiceItem))}
        g._qi_catalog_by_code = found
    return found


def _record(hit):
    url = getattr(hit, "url", "") or ""
    for prefix, kind in _PREFIXES.items():
        if url.startswith(prefix):
            return _catalog().get((kind, url[len(prefix):].split("?")[0].strip("/")))
    return None


def hit_title(hit) -> str:
    """A hit's title; for a category or service item, its name in the reader's language."""
    record = _record(hit)
    return (record.name if record is not None else None) or hit.title


def hit_summary(hit) -> str:
    """A hit's summary; for a category or item, its description or summary in the reader's language."""
    record = _record(hit)
    if record is None:
        return hit.summary
    field = "description" if hasattr(record, "description_zh") else "summary"
    return record.localized(field) or hit.summary
