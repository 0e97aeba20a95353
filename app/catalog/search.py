"""What the unified search knows of the catalog: categories, and items with their published guides."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..search.phrases import Phrase
from ..search.providers import SearchDocument, SearchProvider
from .models import ServiceCategory, ServiceGuide, ServiceItem


def _category_document(category: ServiceCategory) -> SearchDocument:
    return SearchDocument(
        title=Phrase({"zh": category.name_zh, "en": category.name_en}),
        url=f"/category/{category.code}", summary=Phrase({"zh": category.description_zh, "en": category.description_en}),
        body=" ".join(filter(None, [category.name_en, category.description_en])),
        category=category.code, public=category.visible)


def _item_document(item: ServiceItem) -> SearchDocument:
    guide = item.guide
    parts = [item.name_en, item.summary_en]
    if guide is not None and guide.status == "published":
        parts += [guide.acceptance_conditions, guide.materials, guide.steps, guide.cycle_zh, guide.price_zh,
                  guide.responsible_zh, guide.faq]
    return SearchDocument(
        title=Phrase({"zh": item.name_zh, "en": item.name_en}), url=f"/item/{item.code}",
        summary=Phrase({"zh": item.summary_zh, "en": item.summary_en}), body=" ".join(filter(None, parts)),
        category=item.category.code if item.category else None, public=item.is_public)


def catalog_search_providers() -> list[SearchProvider]:
    return [
        SearchProvider(kind="category", label=_l("Service categories"), model=ServiceCategory,
                       document=_category_document, order=10),
        SearchProvider(
            kind="item", label=_l("Services and guides"), model=ServiceItem, document=_item_document, order=20,
            related={ServiceGuide: lambda guide: [guide.item], ServiceCategory: lambda category: category.items},
            query=lambda: select(ServiceItem).options(selectinload(ServiceItem.guide), selectinload(ServiceItem.category)),
        ),
    ]
