"""Putting the categories that plugins and the platform declare into the database."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .configured import CONFIGURED_CATEGORIES
from .models import ServiceCategory

_FIELDS = ("code", "name_zh", "name_en", "description_zh", "description_en", "icon", "order")


def sync_categories(session: Session, declared: list[tuple[str | None, dict]]) -> list[str]:
    """Insert every declared category whose code is not in the table yet; return the codes added.

    ``declared`` holds ``(plugin name or None, category dict)`` pairs. Existing rows are left alone:
    once a category is in the table it belongs to the administrators, who may have renamed,
    reordered or hidden it.
    """
    existing = set(session.scalars(select(ServiceCategory.code)))
    added = []
    for plugin, spec in declared:
        if spec["code"] in existing:
            continue
        values = {k: spec[k] for k in _FIELDS if spec.get(k) is not None}
        session.add(ServiceCategory(plugin=plugin, **values))
        existing.add(spec["code"])
        added.append(spec["code"])
    return added


def declared_categories(host) -> list[tuple[str | None, dict]]:
    """The platform's configured categories followed by those of every loaded plugin."""
    return [(None, c) for c in CONFIGURED_CATEGORIES] + [
        (record.name, category) for record, category in host.contributions("qi_service_categories")
    ]
