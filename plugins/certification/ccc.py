"""Does compulsory certification (CCC) apply to a product? Matched against the maintained catalogue."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import CccCategory


def ccc_categories_for(session: Session, product: str) -> list[CccCategory]:
    """The catalogue categories whose name or a keyword appears in the product description (or the
    other way round, for a short query such as 插座). The catalogue has about a hundred rows."""
    product = (product or "").strip()
    if len(product) < 2:
        return []
    hits = []
    for category in session.scalars(select(CccCategory).order_by(CccCategory.code)):
        words = [category.name_zh, *category.keyword_list]
        if any(w and (w in product or (len(product) >= 2 and product in w)) for w in words):
            hits.append(category)
    return hits
