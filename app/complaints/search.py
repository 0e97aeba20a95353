"""The complaint form in the unified search: a query for 投诉 or "complaint" leads to
``/complaints/new`` (before this, it found only the defect-report service).

The search index holds documents of records (``app.search``): the form is a page, not a record, so
its one document hangs on the platform's own category ``other`` (seeded by the core plugin, never
removed): it is written with that category and kept in step whenever the category is saved or the
index is rebuilt (``flask qi search rebuild``). Complaints themselves are never indexed: they are
private to the complainant, the platform and the institution.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..catalog.models import ServiceCategory
from ..search.providers import SearchDocument, SearchProvider

ANCHOR = "other"  # the core category whose row carries the form's document
FORM_URL = "/complaints/new"


def _form_document(category: ServiceCategory) -> SearchDocument | None:
    if category.code != ANCHOR:
        return None
    return SearchDocument(
        title="投诉 · 在线投诉", url=FORM_URL,
        summary="对平台服务或技术机构不满意？在线提交投诉：选择被投诉机构、投诉类型，说明投诉内容和诉求，凭受理编号和查询码跟踪处理进度。",
        body="complaint complaints complain file a complaint about a service or an institution, "
             "follow it with its number and secret code 投诉 我要投诉 投诉举报 服务投诉 意见",
        public=True)


def complaint_search_providers() -> list[SearchProvider]:
    """The search provider of the complaint form (kind ``complaint_form``)."""
    return [SearchProvider(kind="complaint_form", label=_l("Complaints"), model=ServiceCategory,
                           document=_form_document, order=5,
                           query=lambda: select(ServiceCategory).where(ServiceCategory.code == ANCHOR))]
