"""Keeping ``qi_search_entry`` in step with the records, and rebuilding it."""
from __future__ import annotations

import logging
from typing import Iterable

from flask import current_app, has_app_context
from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session

from .models import SearchEntry
from .providers import SearchProvider
from .tokens import entry_tags, index_tokens

log = logging.getLogger(__name__)


class SearchRegistry:
    """The providers of one application, by kind and by the models they follow."""

    def __init__(self, providers: Iterable[SearchProvider]):
        self.providers = sorted(providers, key=lambda p: (p.order, p.kind))
        self.by_kind = {p.kind: p for p in self.providers}
        if len(self.by_kind) != len(self.providers):
            raise ValueError("two search providers share a kind")

    def follows(self, obj) -> bool:
        """Whether a change of ``obj`` can change the index."""
        return any(isinstance(obj, p.model) or any(isinstance(obj, m) for m in p.related) for p in self.providers)

    def affected(self, obj) -> list[tuple[SearchProvider, object]]:
        """(provider, record) pairs to re-index because ``obj`` changed."""
        pairs = []
        for provider in self.providers:
            if isinstance(obj, provider.model):
                pairs.append((provider, obj))
            for model, related in provider.related.items():
                if isinstance(obj, model):
                    pairs.extend((provider, r) for r in related(obj) if r is not None)
        return pairs


def entry_values(provider: SearchProvider, obj) -> dict | None:
    doc = provider.document(obj)
    if doc is None:
        return None
    return {
        "kind": provider.kind,
        "ref_id": provider.ref(obj),
        "title": doc.title[:300],
        "summary": (doc.summary or "")[:1000],
        "url": doc.url,
        "category": doc.category,
        "region": doc.region,
        "public": bool(doc.public),
        "title_tokens": index_tokens(doc.title, initials=True),
        "body_tokens": index_tokens(" ".join(filter(None, [doc.summary, doc.body]))),
        "tags": entry_tags(provider.kind, list(dict.fromkeys(filter(None, [doc.category, *doc.also_in]))),
                           doc.region, bool(doc.public)),
    }


def _after_flush(session: Session, _context) -> None:
    """Note what the flush changed; entries are written once the flush is complete.

    Nothing is loaded here: loading related records inside a flush would race the flush itself.
    """
    if not has_app_context() or "qi_search" not in current_app.extensions:
        return
    registry: SearchRegistry = current_app.extensions["qi_search"]
    touched, removed = session.info.setdefault("qi_search_pending", ([], set()))
    touched.extend(obj for obj in list(session.new) + list(session.dirty) if registry.follows(obj))
    for obj in session.deleted:
        for provider in registry.providers:
            if isinstance(obj, provider.model):
                removed.add((provider.kind, provider.ref(obj)))


def _after_flush_postexec(session: Session, _context) -> None:
    """Write the noted entries in the flush's transaction.

    Documents are built here, not in after_flush: new records are persistent by now, so their
    relationships load (an item set up with only ``category_id`` finds its category) and their
    column defaults are known.
    """
    pending = session.info.pop("qi_search_pending", None)
    if not pending:
        return
    touched, removed = pending
    registry: SearchRegistry = current_app.extensions["qi_search"]
    connection = session.connection()
    with session.no_autoflush:
        changed = {}
        for obj in touched:
            for provider, record in registry.affected(obj):
                changed[(provider.kind, provider.ref(record))] = (provider, record)
        for kind, ref in removed | set(changed):
            connection.execute(delete(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.ref_id == ref))
        rows = [v for key, (provider, record) in changed.items()
                if key not in removed and (v := entry_values(provider, record)) is not None]
        if rows:
            connection.execute(insert(SearchEntry), rows)


def _forget_pending(session: Session, _previous_transaction=None) -> None:
    session.info.pop("qi_search_pending", None)  # a failed flush leaves nothing to write later


event.listen(Session, "after_flush", _after_flush)
event.listen(Session, "after_flush_postexec", _after_flush_postexec)
event.listen(Session, "after_soft_rollback", _forget_pending)


def rebuild(session: Session, registry: SearchRegistry, batch: int = 1000) -> dict[str, int]:
    """Empty the index and fill it again from every provider; returns the count per kind."""
    counts = {}
    session.execute(delete(SearchEntry))
    for provider in registry.providers:
        stmt = provider.query() if provider.query else select(provider.model)
        rows, count = [], 0
        for obj in session.scalars(stmt.execution_options(yield_per=batch)):
            values = entry_values(provider, obj)
            if values:
                rows.append(values)
            if len(rows) >= batch:
                session.execute(insert(SearchEntry), rows)
                count, rows = count + len(rows), []
        if rows:
            session.execute(insert(SearchEntry), rows)
            count += len(rows)
        counts[provider.kind] = count
    return counts
