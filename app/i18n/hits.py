"""Search hits in the reader's language, at display time (the templates' ``hit_title`` and
``hit_summary``).

The index keeps each entry's title and summary in the default language and, where a provider gave
them as phrases (``app.search.phrases``), their parts: msgids of statuses and types, a record's
bilingual fields. A hit is rendered from those parts in the reader's language, so nothing read on a
page is frozen in the language of whoever saved the record.
"""
from __future__ import annotations


def hit_title(hit) -> str:
    return hit.shown_title


def hit_summary(hit) -> str:
    return hit.shown_summary
