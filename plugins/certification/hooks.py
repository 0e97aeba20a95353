"""The certification plugin: see app/plugins/hookspecs.py for the contract."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.kit import EVERYONE_READS, INSTITUTION, PackagePlugin, READ_WRITE, STAFF, STAFF_ONLY, grant, hookimpl

from . import __version__


class Certification(PackagePlugin):
    info = {"table_prefix": "cert_", "title_zh": "认证认可服务", "title_en": "Certification and accreditation services",
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
    # Institutions of this kind serve the category (the items and guides are in catalog.json).
    institution_types = [{"code": "certification", "label_zh": "认证", "label_en": "Certification",
                          "category": "certification", "order": 40}]

    @hookimpl
    def qi_models(self):
        from .models import CccCategory, Certificate, CertificationBody

        return [Certificate, CccCategory, CertificationBody]

    @hookimpl
    def qi_views(self):
        from .views import (BodyQueryView, CccCategoryView, CertificateApi, CertificateImportView, CertificateView,
                            CertificationBodyView, CertificationQueryView)

        staff = {"resource": "Certificate", "roles": STAFF_ONLY}
        return [
            {"view": CertificationQueryView, "name": _l("Certificate lookup and CCC check"),
             "category": "certification", "icon": "fa-search",
             "form": "certification/_category_form.html", "roles": EVERYONE_READS,
             "in_menu": False},
            {"view": BodyQueryView, "moved_from": ("/certification-bodies",), "name": _l("Certification bodies"), "category": "certification",
             "icon": "fa-university", "roles": EVERYONE_READS, "in_menu": False},
            {"view": CertificationBodyView, "name": _l("Certification body approvals"), "menu": _l("Certification and accreditation"),
             "icon": "fa-id-badge", "roles": grant((INSTITUTION, *STAFF), READ_WRITE)},
            {"view": CertificateView, "name": _l("Certificates"), "menu": _l("Certification and accreditation"),
             "icon": "fa-certificate", **staff},
            {"view": CccCategoryView, "name": _l("CCC catalogue"), "menu": _l("Certification and accreditation"), "icon": "fa-list", **staff},
            {"view": CertificateImportView, "moved_from": ("/certificates-import",), "name": _l("Import certificates"), "menu": _l("Certification and accreditation"),
             "icon": "fa-upload", **staff},
            {"view": CertificateApi, "moved_from": ("/api/v1/certificate",), "roles": EVERYONE_READS},
        ]

    @hookimpl
    def qi_search_providers(self):
        from app.kit import SearchDocument, SearchProvider

        from .models import Certificate

        return [SearchProvider(
            kind="certification_certificate", label=_l("Certificates"), model=Certificate, order=50,
            document=lambda c: SearchDocument(
                title=f"{c.number} {c.holder}", url=f"/certification/lookup?number={c.number}",
                summary=f"{c.scheme} · {c.body_name}", body=c.scope or "", category="certification"))]

    @hookimpl
    def qi_generate(self, ctx):
        from .generate import generate

        return generate(ctx)

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
        added += self._demo_bodies(session)
        numbers = set(session.scalars(select(Certificate.number)))
        for number, holder, scheme, kind, body, scope, status, issued, expires in CERTIFICATES:
            if number not in numbers:
                session.add(Certificate(number=number, holder=holder, scheme=scheme, scheme_type=kind, body_name=body,
                                        scope=scope, status=status, issued_on=issued, expires_on=expires))
                added += 1
        return added

    @staticmethod
    def _demo_bodies(session) -> int:
        """The demo certification body of the accounts module gets its approval record."""
        import datetime as dt

        from app.kit import Organisation

        from .models import CertificationBody

        body = session.scalar(select(Organisation).where(Organisation.name == "宁夏塞上质量认证有限公司"))
        if body is None or session.scalar(select(CertificationBody.id).where(CertificationBody.organisation_id == body.id)):
            return 0
        session.add(CertificationBody(organisation_id=body.id, approval_number="CNCA-R-2019-612",
                                      scope_types="product,management,service", valid_until=dt.date(2029, 6, 30),
                                      scope_detail="质量管理体系、环境管理体系、有机产品、服务认证"))
        return 1


plugin = Certification(__file__)
