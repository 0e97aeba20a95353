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
from ..search.phrases import Phrase
from ..search.providers import SearchDocument, SearchProvider

ANCHOR = "other"  # the core category whose row carries the form's document
FORM_URL = "/complaints/new"


def _form_document(category: ServiceCategory) -> SearchDocument | None:
    if category.code != ANCHOR:
        return None
    return SearchDocument(
        title=Phrase(_l("Complaints"), _l("File a complaint online")), url=FORM_URL,
        summary=Phrase(_l("Not satisfied with a service of the platform or of a technical institution? File a "
                          "complaint online: choose the institution and the type of complaint, say what happened "
                          "and what you ask for, and follow it with its number and query code.")),
        body="complaint complaints complain file a complaint about a service or an institution, "
             "follow it with its number and secret code 投诉 我要投诉 投诉举报 服务投诉 意见",
        public=True)


def complaint_search_providers() -> list[SearchProvider]:
    """The search provider of the complaint form (kind ``complaint_form``)."""
    return [SearchProvider(kind="complaint_form", label=_l("Complaints"), model=ServiceCategory,
                           document=_form_document, order=5,
                           query=lambda: select(ServiceCategory).where(ServiceCategory.code == ANCHOR))]
