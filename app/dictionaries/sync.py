"""Putting the declared dictionaries into the database (``flask qi init``).

A dictionary or an item not in the table yet is added. A shipped item's labels follow its
declaration (a plugin upgrade may correct a label) until an administrator changes them
(``customised``); its order and whether it is active are the administrators' from the start.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .declared import DeclaredDictionary
from .models import Dictionary, DictionaryItem


def sync_dictionaries(session: Session, declared: dict[str, DeclaredDictionary]) -> int:
    """Add what is missing and refresh un-customised shipped labels; returns the items added."""
    stored = {d.code: d for d in session.scalars(select(Dictionary))}
    added = 0
    for spec in declared.values():
        dictionary = stored.get(spec.code)
        if dictionary is None:
            dictionary = Dictionary(code=spec.code, name_zh=spec.name_zh, name_en=spec.name_en, plugin=spec.plugin)
            session.add(dictionary)
            session.flush()
        items = {i.code: i for i in session.scalars(select(DictionaryItem)
                                                    .where(DictionaryItem.dictionary_id == dictionary.id))}
        last = max((i.position for i in items.values()), default=0)
        for item in spec.items:
            row = items.get(item.code)
            if row is None:  # new codes go after the administrators' order
                last += 10
                session.add(DictionaryItem(dictionary_id=dictionary.id, code=item.code, label_zh=item.label_zh,
                                           label_en=item.label_en, position=last, shipped=True, changed_by="system"))
                added += 1
            elif not row.customised and (row.label_zh, row.label_en) != (item.label_zh, item.label_en):
                row.label_zh, row.label_en = item.label_zh, item.label_en
    session.flush()
    return added
