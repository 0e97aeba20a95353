"""The standardization plugin: see app/plugins/hookspecs.py for the contract."""
from flask_babel import lazy_gettext as _l

from app.kit import EVERYONE_READS, PackagePlugin, STAFF, STAFF_ONLY, grant, hookimpl

from . import __version__


class Standardization(PackagePlugin):
    info = {"table_prefix": "std_", "title_zh": "标准化服务", "title_en": "Standardization services",
            "version": __version__, "min_platform": "0.1"}
    categories = [{
        "code": "standardization",
        "name_zh": "标准化",
        "name_en": "Standardization",
        "description_zh": "标准信息及有效性查询、标准先进性评价与对标达标、企业标准比对与培训、“领跑者”服务与标准起草、企业及团体标准自我声明公开指导。",
        "description_en": "Standards information and validity queries, benchmarking, comparison of enterprise standards, "
                          "training, \"leader\" services and standard drafting, guidance on self-declaration of "
                          "enterprise and group standards.",
        "icon": "fa-book",
        "order": 10,
    }]

    @hookimpl
    def qi_models(self):
        from .models import Standard

        return [Standard]

    @hookimpl
    def qi_views(self):
        from .views import StandardApi, StandardImportView, StandardView, ValidityView

        return [
            {"view": ValidityView, "moved_from": ("/standards",), "name": _l("Standard validity query"), "category": "standardization",
             "icon": "fa-check-square-o", "form": "standardization/_category_form.html", "roles": EVERYONE_READS,
             "in_menu": False},
            {"view": StandardView, "name": _l("Standards"), "menu": _l("Standardization"), "icon": "fa-book",
             "roles": STAFF_ONLY},
            {"view": StandardImportView, "moved_from": ("/standards-import",), "name": _l("Import standards"), "menu": _l("Standardization"),
             "icon": "fa-upload", "roles": grant(STAFF, ["can_write"])},
            {"view": StandardApi, "moved_from": ("/api/v1/standard",), "roles": EVERYONE_READS},
        ]

    @hookimpl
    def qi_search_providers(self):
        from app.kit import Phrase, SearchDocument, SearchProvider

        from .models import STATUS_LABELS, Standard

        return [SearchProvider(
            kind="standardization_standard", label=_l("Standards"), model=Standard, order=40,
            document=lambda s: SearchDocument(
                title=Phrase(s.number, {"zh": s.title_zh, "en": s.title_en}, sep=" "), url=f"/standardization/{s.id}",
                summary=Phrase(STATUS_LABELS.get(s.status, s.status)),
                body=" ".join(filter(None, [s.title_en, s.ics, s.ccs, s.number_key])), category="standardization"),
            resolve=current_edition)]

    @hookimpl
    def qi_generate(self, ctx):
        from .generate import generate

        return generate(ctx)

    @hookimpl
    def qi_demo_data(self, session, app):
        from .demo import DEMO_ROWS
        from .importer import import_standards

        return import_standards(session, DEMO_ROWS).added


def current_edition(session, query: str) -> list:
    """For the search: an undated standard number (GB/T19001, ＧＢ／Ｔ １９００１) is answered by its
    current edition(s); a dated number or any other text by nothing (the index finds those)."""
    if not any(c.isdigit() for c in query):  # most queries: no statement
        return []
    from sqlalchemy import select

    from .models import CURRENT, Standard
    from .numbers import MalformedNumber, parse

    try:
        number = parse(query)
    except MalformedNumber:
        return []
    if number.year:
        return []
    return list(session.scalars(
        select(Standard).where(Standard.number_key.like(f"{number.family}-%"), Standard.status == CURRENT)
        .order_by(Standard.issued_on.desc(), Standard.id.desc()).limit(3)))


plugin = Standardization(__file__)
