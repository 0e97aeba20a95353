"""Search hits of the catalog in the reader's language, at display time.

The search index keeps one title and summary per record (the Chinese ones, written when the record
is saved). A hit on a service category or item is shown with the name and summary of the reader's
language instead, read from the catalog when the page is rendered: a renamed item reads right at
once, and the index itself stays the search's business.

Only the records of the hits shown are read: the categories are the visible ones, which every page
reads once for its navbar anyway, and the items of a page of hits come in one statement
(``prepare_hits``, called by the search page before it renders). A hidden category or item keeps
the title the index holds.
"""
from __future__ import annotations

from flask import g
from sqlalchemy import select

_PREFIXES = {"/category/": "category", "/item/": "item"}


def _key(hit) -> tuple[str, str] | None:
    url = getattr(hit, "url", "") or ""
    for prefix, kind in _PREFIXES.items():
        if url.startswith(prefix):
            return kind, url[len(prefix):].split("?")[0].strip("/")
    return None


def _known() -> dict:
    """The catalog records looked for in this request, by (kind, code); None where not found."""
    found = g.get("_qi_catalog_by_code")
    if found is None:
        from ..catalog.views import visible_categories

        found = g._qi_catalog_by_code = {("category", c.code): c for c in visible_categories()}
    return found


def prepare_hits(hits) -> None:
    """Read the catalog records of ``hits`` not known yet: the items among them in one statement."""
    from ..catalog.models import ServiceItem
    from ..extensions import db

    found = _known()
    wanted = {key for key in map(_key, hits) if key is not None and key not in found}
    codes = [code for kind, code in wanted if kind == "item"]
    if codes:
        found |= {("item", i.code): i for i in db.session.scalars(select(ServiceItem).where(ServiceItem.code.in_(codes)))}
    for key in wanted:
        found.setdefault(key, None)


def _record(hit):
    key = _key(hit)
    if key is None:
        return None
    found = _known()
    if key not in found:
        prepare_hits([hit])
    return found[key]


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
