"""Keeping ``qi_search_entry`` in step with the records, and rebuilding it."""
from __future__ import annotations

import logging
from typing import Iterable

from flask import current_app, has_app_context
from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session

from ..plugins.failures import SEARCH_DOCUMENT, SEARCH_QUERY, SEARCH_RELATED, record_failure
from .models import SearchEntry
from .phrases import default_language, display_json, renderings, text_of
from .providers import SearchProvider
from .tokens import entry_tags, index_tokens

log = logging.getLogger(__name__)


class SearchRegistry:
    """The providers of one application, by kind and by the models they follow.

    ``owners`` maps a plugin's search kinds to the plugin's name. A plugin's callbacks
    (``document``, ``related``, ``query``) are isolated: when one raises, that record or that
    provider is left out, the failure is logged and counted for the plugin, and the transaction
    of the record being saved goes on. The core's own providers are not guarded: their errors are
    bugs of the platform and fail loudly.
    """

    def __init__(self, providers: Iterable[SearchProvider], owners: dict[str, str] | None = None):
        self.providers = sorted(providers, key=lambda p: (p.order, p.kind))
        self.by_kind = {p.kind: p for p in self.providers}
        if len(self.by_kind) != len(self.providers):
            raise ValueError("two search providers share a kind")
        self.owners = dict(owners or {})

    def owner(self, provider: SearchProvider) -> str | None:
        """The name of the plugin that contributed ``provider`` (None for the core's own)."""
        return self.owners.get(provider.kind)

    def follows(self, obj) -> bool:
        """Whether a change of ``obj`` can change the index."""
        return any(isinstance(obj, p.model) or any(isinstance(obj, m) for m in p.related) for p in self.providers)

    def affected(self, obj, connection=None) -> list[tuple[SearchProvider, object]]:
        """(provider, record) pairs to re-index because ``obj`` changed.

        A plugin's ``related`` that raises adds nothing (its records keep their old entries until
        the next change or ``flask qi search rebuild``); the failure is counted on ``connection``.
        """
        pairs = []
        for provider in self.providers:
            if isinstance(obj, provider.model):
                pairs.append((provider, obj))
            for model, related in provider.related.items():
                if isinstance(obj, model):
                    plugin = self.owner(provider)
                    if plugin is None:
                        pairs.extend((provider, r) for r in related(obj) if r is not None)
                        continue
                    try:
                        pairs.extend((provider, r) for r in list(related(obj)) if r is not None)
                    except Exception as exc:
                        record_failure(plugin, SEARCH_RELATED, exc, connection=connection)
        return pairs

    def entry(self, provider: SearchProvider, obj, connection=None) -> dict | None:
        """``entry_values`` of one record; None when a plugin's ``document`` raised (counted)."""
        plugin = self.owner(provider)
        if plugin is None:
            return entry_values(provider, obj)
        try:
            return entry_values(provider, obj)
        except Exception as exc:
            record_failure(plugin, SEARCH_DOCUMENT, exc, connection=connection)
            return None


def entry_values(provider: SearchProvider, obj) -> dict | None:
    """The ``qi_search_entry`` row of one record, or None when its provider leaves it out.

    Title and summary are stored in the default language, with their phrases (``display``) for
    other readers; the tokens hold every language's text, so an English status is found too.
    """
    doc = provider.document(obj)
    if doc is None:
        return None
    default = default_language()
    return {
        "kind": provider.kind,
        "ref_id": provider.ref(obj),
        "title": text_of(doc.title, default)[:300],
        "summary": text_of(doc.summary, default)[:1000],
        "display": display_json(doc.title, doc.summary),
        "url": doc.url,
        "category": doc.category,
        "region": doc.region,
        "public": bool(doc.public),
        "title_tokens": index_tokens(" ".join(renderings(doc.title)), initials=True),
        "body_tokens": index_tokens(" ".join(filter(None, [*renderings(doc.summary), doc.body]))),
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
            for provider, record in registry.affected(obj, connection):
                changed[(provider.kind, provider.ref(record))] = (provider, record)
        for kind, ref in removed | set(changed):
            connection.execute(delete(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.ref_id == ref))
        # A record whose plugin document fails loses its entry rather than keep a stale one (it
        # may have just stopped being public).
        rows = [v for key, (provider, record) in changed.items()
                if key not in removed and (v := registry.entry(provider, record, connection)) is not None]
        if rows:
            connection.execute(insert(SearchEntry), rows)


def _forget_pending(session: Session, _previous_transaction=None) -> None:
    session.info.pop("qi_search_pending", None)  # a failed flush leaves nothing to write later


event.listen(Session, "after_flush", _after_flush)
event.listen(Session, "after_flush_postexec", _after_flush_postexec)
event.listen(Session, "after_soft_rollback", _forget_pending)


def rebuild(session: Session, registry: SearchRegistry, batch: int = 1000) -> dict[str, int]:
    """Empty the index and fill it again from every provider; returns the count per kind.

    A plugin provider is filled inside a savepoint: if its ``query`` fails, its entries are left
    out (count 0) and the rest of the index is still rebuilt; a failing ``document`` leaves out
    that record only.
    """
    counts = {}
    session.execute(delete(SearchEntry))
    for provider in registry.providers:
        plugin = registry.owner(provider)
        if plugin is None:
            counts[provider.kind] = _fill(session, registry, provider, batch)
            continue
        try:
            with session.begin_nested():
                counts[provider.kind] = _fill(session, registry, provider, batch)
        except Exception as exc:
            record_failure(plugin, SEARCH_QUERY, exc, connection=session.connection())
            counts[provider.kind] = 0
    return counts


def _fill(session: Session, registry: SearchRegistry, provider: SearchProvider, batch: int) -> int:
    stmt = provider.query() if provider.query else select(provider.model)
    connection = session.connection()
    rows, count = [], 0
    for obj in session.scalars(stmt.execution_options(yield_per=batch)):
        values = registry.entry(provider, obj, connection)
        if values:
            rows.append(values)
        if len(rows) >= batch:
            session.execute(insert(SearchEntry), rows)
            count, rows = count + len(rows), []
    if rows:
        session.execute(insert(SearchEntry), rows)
        count += len(rows)
    return count
