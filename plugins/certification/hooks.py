"""The certification plugin: see app/plugins/hookspecs.py for the contract."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.plugins import hookimpl
from app.plugins.package import PackagePlugin

from . import __version__


class Certification(PackagePlugin):
    info = {"title_zh": "认证认可服务", "title_en": "Certification and accreditation services",
            "version": __version__, "min_platform": "0.1"}
    categories = [{
        "code": "certification",
        "name_zh": "认证认可",
        "name_en": "Certification & accreditation",
        "description_zh": "认可知识（ISO/IEC、IAF、ILAC、APAC、CNAS）、认证机构资质与范围查询、强制性与自愿性认证、产品/服务/管理体系认证、培训。",
        "description_en": "Accreditation knowledge (ISO/IEC, IAF, ILAC, APAC, CNAS), certification bodies and their "
                          "scopes, compulsory and voluntary certification, product, service and management-system "
                          "certification, training.",
        "icon": "fa-certificate",
        "order": 40,
    }]

    @hookimpl
    def qi_models(self):
        from .models import CccCategory, Certificate

        return [Certificate, CccCategory]

    @hookimpl
    def qi_views(self):
        from .views import (CccCategoryView, CertificateApi, CertificateImportView, CertificateView,
                            CertificationQueryView)

        staff = {"PlatformStaff": ["can_read", "can_write"]}
        return [
            {"view": CertificationQueryView, "name": _l("Certificate lookup and CCC check"),
             "category": "certification", "icon": "fa-search"},
            {"view": CertificateView, "name": _l("Certificates"), "menu": _l("Certification"),
             "icon": "fa-certificate", "roles": staff},
            {"view": CccCategoryView, "name": _l("CCC catalogue"), "menu": _l("Certification"), "icon": "fa-list",
             "roles": staff},
            {"view": CertificateImportView, "name": _l("Import certificates"), "menu": _l("Certification"),
             "icon": "fa-upload", "roles": {"PlatformStaff": ["can_write"]}},
            {"view": CertificateApi, "roles": {"Public": ["can_read"], "Enterprise": ["can_read"],
                                               "Institution": ["can_read"], "PlatformStaff": ["can_read"]}},
        ]

    @hookimpl
    def qi_search_providers(self):
        from app.search.providers import SearchDocument, SearchProvider

        from .models import Certificate

        return [SearchProvider(
            kind="certificate", label=_l("Certificates"), model=Certificate, order=50,
            document=lambda c: SearchDocument(
                title=f"{c.number} {c.holder}", url=f"/certification/lookup?number={c.number}",
                summary=f"{c.scheme} · {c.body_name}", body=c.scope or "", category="certification"))]

    @hookimpl
    def qi_demo_data(self, session, app):
        from .demo import CCC_CATALOGUE, CERTIFICATES
        from .models import CccCategory, Certificate

        added = 0
        codes = set(session.scalars(select(CccCategory.code)))
        for code, name, keywords, rule in CCC_CATALOGUE:
            if code not in codes:
                session.add(CccCategory(code=code, name_zh=name, keywords=keywords, rule=rule))
                added += 1
        numbers = set(session.scalars(select(Certificate.number)))
        for number, holder, scheme, kind, body, scope, status, issued, expires in CERTIFICATES:
            if number not in numbers:
                session.add(Certificate(number=number, holder=holder, scheme=scheme, scheme_type=kind, body_name=body,
                                        scope=scope, status=status, issued_on=issued, expires_on=expires))
                added += 1
        return added


plugin = Certification(__file__)
