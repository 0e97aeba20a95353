"""The answers of needs' application forms in the unified search, for the platform's staff only.

Each need with answers is one private document (never public: the public search requires the
public tag), titled by its number and title and linked to its case page. Phone answers are left out
of the index: a person's number is looked up on the case page, where viewing it is recorded.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect, select
from sqlalchemy.orm import selectinload

from ..search.providers import SearchDocument, SearchProvider
from .definition import PHONE, TABLE
from .models import NeedAnswers
from .rendering import plain_value

KIND = "need"


def _text(definition: dict, answers: dict) -> str:
    parts = []
    for field in definition["fields"]:
        value = answers.get(field["name"])
        if value in (None, "", []) or field["kind"] == PHONE:
            continue
        if field["kind"] == TABLE:
            columns = [c for c in field["columns"] if c["kind"] != PHONE]
            value = [{k: v for k, v in row.items() if k in {c["name"] for c in columns}} for row in value]
            field = {**field, "columns": columns}
        parts.append(plain_value(field, value, "zh"))
    return " ".join(parts)


def _document(row: NeedAnswers) -> SearchDocument | None:
    from ..needs.models import Need

    session = inspect(row).session
    need = session.get(Need, row.need_id) if session is not None else None
    if need is None or row.version is None:
        return None
    return SearchDocument(title=f"{need.number} {need.title}", url=f"/needs/case/{need.number}",
                          summary=need.description[:200], body=_text(row.version.definition, row.answers),
                          category=need.category.code if need.category else None, public=False)


def answer_search_providers() -> list[SearchProvider]:
    return [SearchProvider(kind=KIND, label=_l("Needs (application forms)"), model=NeedAnswers, document=_document,
                           order=200, private=True,
                           query=lambda: select(NeedAnswers).options(selectinload(NeedAnswers.version)))]
