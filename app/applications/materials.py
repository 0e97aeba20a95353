"""The guide's 办事材料 and the form's file fields, kept in agreement.

The list the guide and the one-time notice sheet show is the guide's own lines, with each file
field of the item's form in use marked on the line it names (its ``material``, else its label) or
added when no line names it: a file the form asks for is always on the sheet.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..extensions import db
from .definition import file_fields, text_in
from .publishing import current_version


@dataclass(frozen=True)
class Material:
    text: str
    in_form: bool = False  # uploaded with the online application


def _same(a: str, b: str) -> bool:
    return a.strip(" 。.;；").casefold() == b.strip(" 。.;；").casefold()


def guide_materials(guide) -> list[Material]:
    """The materials of ``guide``, in the language its body is shown in (one statement)."""
    lines = [Material(line) for line in guide.material_list]
    version = current_version(db.session, guide.item_id)
    if version is None:
        return lines
    lang = guide.body_language()
    for field in file_fields(version.definition):
        text = text_in(field.get("material"), lang) or text_in(field["label"], lang)
        index = next((i for i, m in enumerate(lines) if _same(m.text, text)), None)
        if index is None:
            lines.append(Material(text, True))
        else:
            lines[index] = Material(lines[index].text, True)
    return lines
