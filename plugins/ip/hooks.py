"""The ip plugin: see app/plugins/hookspecs.py for the contract."""
from flask_babel import lazy_gettext as _l

from app.kit import (EVERYONE_READS, INSTITUTION, MEMBERS, PackagePlugin, READ_WRITE, STAFF, STAFF_ONLY, grant,
                     hookimpl)

from . import __version__


class IntellectualProperty(PackagePlugin):
    info = {"table_prefix": "ip_", "title_zh": "知识产权服务", "title_en": "Intellectual property services",
            "version": __version__, "min_platform": "0.1"}
    categories = [{
        "code": "ip",
        "name_zh": "知识产权",
        "name_en": "Intellectual property",
        "description_zh": "知识产权数据检索、专利分析、许可与转让、代理申请、专利导航与预警、维权及质押融资、培训。",
        "description_en": 'IP data search, patent analysis, licensing and transfer, filing through agencies, patent navigation and early warning, rights protection, IP-pledge financing, training.',
        "icon": "fa-lightbulb-o",
        "order": 70,
    }]
    # Institutions of this kind serve the category (the items and guides are in catalog.json).
    institution_types = [{"code": "ip_agency", "label_zh": "知识产权代理", "label_en": "IP agency", "category": "ip", "order": 70}]

    @hookimpl
    def qi_models(self):
        from .models import IpAgency, IpOffer, Patent, Trademark

        return [Patent, Trademark, IpAgency, IpOffer]

    @hookimpl
    def qi_need_types(self):
        from .needs import NEED_TYPES

        return NEED_TYPES

    @hookimpl
    def qi_need_matchers(self):
        from .needs import MATCHERS

        return MATCHERS

    @hookimpl
    def qi_views(self):
        from .views import (IpAgencyView, IpOfferView, IpQueryView, NavigationView, PatentApi, PatentImportView,
                            PatentView, TrademarkApi, TrademarkImportView, TrademarkView)

        records = {"resource": "IpRecord", "roles": STAFF_ONLY}
        public = {"resource": "IpRecordApi", "roles": EVERYONE_READS}
        members = grant((*MEMBERS, *STAFF), READ_WRITE)
        return [
            {"view": IpQueryView, "name": _l("Patent and trademark search"), "category": "ip", "icon": "fa-search",
             "form": "ip/_category_form.html", "roles": EVERYONE_READS,
             "in_menu": False},
            {"view": NavigationView, "name": _l("Patent navigation requests"), "menu": _l("Intellectual property"),
             "icon": "fa-compass", "category": "ip", "roles": members},
            {"view": IpOfferView, "name": _l("Licensing and transfer listings"), "menu": _l("Intellectual property"),
             "icon": "fa-exchange", "roles": members},
            {"view": IpAgencyView, "name": _l("IP service agencies"), "menu": _l("Intellectual property"),
             "icon": "fa-briefcase", "roles": grant((INSTITUTION, *STAFF), READ_WRITE)},
            {"view": PatentView, "name": _l("Patents"), "menu": _l("Intellectual property"), "icon": "fa-lightbulb-o", **records},
            {"view": TrademarkView, "name": _l("Trademarks"), "menu": _l("Intellectual property"), "icon": "fa-tag", **records},
            {"view": PatentImportView, "name": _l("Import patents"), "menu": _l("Intellectual property"),
             "icon": "fa-upload", **records},
            {"view": TrademarkImportView, "name": _l("Import trademarks"), "menu": _l("Intellectual property"),
             "icon": "fa-upload", **records},
            {"view": PatentApi, "moved_from": ("/api/v1/patent",), **public},
            {"view": TrademarkApi, "moved_from": ("/api/v1/trademark",), **public},
        ]

    @hookimpl
    def qi_search_providers(self):
        from app.kit import Phrase, SearchDocument, SearchProvider

        from .models import PATENT_STATUSES, PATENT_TYPES, TRADEMARK_STATUSES, Patent, Trademark

        return [
            SearchProvider(kind="ip_patent", label=_l("Patents"), model=Patent, order=60, document=lambda p: SearchDocument(
                title=f"{p.title} {p.application_number}", url=f"/ip/search?q={p.application_number}",
                summary=Phrase(p.applicant, PATENT_TYPES.get(p.patent_type, p.patent_type),
                               PATENT_STATUSES.get(p.status, p.status)), body=" ".join(filter(None, [p.ipc, p.abstract])),
                category="ip")),
            SearchProvider(kind="ip_trademark", label=_l("Trademarks"), model=Trademark, order=61,
                           document=lambda t: SearchDocument(
                               title=f"{t.name} {t.registration_number}", url=f"/ip/search?q={t.registration_number}&type=trademark",
                               summary=Phrase(t.applicant, t.nice_classes, TRADEMARK_STATUSES.get(t.status, t.status)), category="ip")),
        ]

    @hookimpl
    def qi_generate(self, ctx):
        from .generate import generate

        return generate(ctx)

    @hookimpl
    def qi_demo_data(self, session, app):
        from .demo import load

        return load(session)


plugin = IntellectualProperty(__file__)
