"""What of the platform's content lacks a language: the completeness check of bilingual content.

Interface strings are checked by ``flask qi i18n check`` (the catalogs); this module checks the
content administrators keep in the database: categories and service items (name, description or
summary) and service guides (the body: conditions, materials, steps, FAQ; and cycle, price, who
handles it). ``flask qi i18n missing`` prints the result per language.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload


def _pairs_missing(row, fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    """For pairs of (zh column, en column): which language lacks a text the other one has."""
    gaps = {"zh": [], "en": []}
    for zh, en in fields:
        have_zh, have_en = bool((getattr(row, zh) or "").strip()), bool((getattr(row, en) or "").strip())
        if have_zh and not have_en:
            gaps["en"].append(en)
        elif have_en and not have_zh:
            gaps["zh"].append(zh)
    return gaps


GUIDE_PAIRS = [("acceptance_conditions", "acceptance_conditions_en"), ("materials", "materials_en"),
               ("steps", "steps_en"), ("faq", "faq_en"), ("cycle_zh", "cycle_en"), ("price_zh", "price_en"),
               ("responsible_zh", "responsible_en")]


def missing_content(session: Session) -> dict[str, list[str]]:
    """Per language (``zh``, ``en``), one line per record lacking texts: what it is and which fields."""
    from ..catalog.models import ServiceCategory, ServiceGuide, ServiceItem

    found: dict[str, list[str]] = {"zh": [], "en": []}

    def add(kind: str, row, code: str, gaps: dict[str, list[str]]) -> None:
        for lang, fields in gaps.items():
            if fields:
                found[lang].append(f"{kind} {code}: {', '.join(fields)}")

    for category in session.scalars(select(ServiceCategory).order_by(ServiceCategory.code)):
        add("category", category, category.code,
            _pairs_missing(category, [("name_zh", "name_en"), ("description_zh", "description_en")]))
    for item in session.scalars(select(ServiceItem).order_by(ServiceItem.code)):
        add("item", item, item.code, _pairs_missing(item, [("name_zh", "name_en"), ("summary_zh", "summary_en")]))
    guides = session.scalars(select(ServiceGuide).options(selectinload(ServiceGuide.item)).order_by(ServiceGuide.id))
    for guide in guides:
        add("guide", guide, guide.item.code if guide.item else str(guide.id), _pairs_missing(guide, GUIDE_PAIRS))
    return found
