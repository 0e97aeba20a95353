"""Technical institutions and government or university resources in the unified search.

Only public organisations (app.accounts.visibility) are public; enterprises are clients, not listed.
"""
from flask_babel import lazy_gettext as _l

from ..search.phrases import Phrase
from ..search.providers import SearchDocument, SearchProvider
from .institution_types import institution_types
from .models import ENTERPRISE, Organisation
from .visibility import is_public_organisation


def _document(org: Organisation) -> SearchDocument | None:
    if org.kind == ENTERPRISE:
        return None
    categories = org.categories
    # The types in the reader's language, whoever saved the record (both are searchable).
    known = institution_types()
    types = [known[t] for t in org.types]
    summary_types = {"zh": "、".join(t.label_zh for t in types), "en": ", ".join(t.label_en for t in types)}
    return SearchDocument(
        title=org.name, url=f"/organisations/{org.id}", summary=Phrase(summary_types, org.address),
        body=" ".join(filter(None, [org.description, org.industry, org.legal_representative])),
        category=categories[0] if categories else None, also_in=categories[1:], region=org.region_code,
        public=is_public_organisation(org))


def organisation_search_providers() -> list[SearchProvider]:
    return [SearchProvider(kind="institution", label=_l("Technical institutions"), model=Organisation,
                           document=_document, order=30)]
