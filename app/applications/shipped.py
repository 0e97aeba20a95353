"""The default application forms plugins ship with their items (the ``form`` of an item in their
``catalog.json``, checked at start-up), installed by ``flask qi init``.

A shipped form is published as it comes; a plugin upgrade that changes it publishes a new version,
unless an administrator edited the form: their edits are never overwritten.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..catalog.models import ServiceItem
from .definition import DefinitionError
from .publishing import checked, install_shipped


def install_shipped_forms(session: Session, declared: list[tuple[str, dict]]) -> list[str]:
    """Install the forms of ``declared`` items (``declared_items(host)``); one line per change or
    refusal, for the command's output."""
    codes = {entry["code"]: (plugin, entry["form"]) for plugin, entry in declared if entry.get("form")}
    if not codes:
        return []
    items = dict(session.execute(select(ServiceItem.code, ServiceItem.id).where(ServiceItem.code.in_(codes))).all())
    said = []
    for code, (plugin, form) in codes.items():
        if code not in items:
            continue
        try:
            definition = checked(session, form)  # its dictionaries exist now
        except DefinitionError as exc:
            said.append(f"application form of {code} (plugin {plugin}) not installed: {exc}")
            continue
        done = install_shipped(session, items[code], plugin, definition)
        if done:
            said.append(f"application form of {code} {done} (plugin {plugin})")
    return said
