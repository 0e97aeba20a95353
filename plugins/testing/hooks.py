"""The testing plugin: see app/plugins/hookspecs.py for the contract."""
from flask_babel import lazy_gettext as _l

from app.kit import EVERYONE_READS, INSTITUTION, PackagePlugin, READ_WRITE, STAFF, STAFF_ONLY, grant, hookimpl

from . import __version__


class Testing(PackagePlugin):
    info = {"table_prefix": "test_", "title_zh": "检验检测服务", "title_en": "Inspection and testing services",
            "version": __version__, "min_platform": "0.1"}
    categories = [{
        "code": "testing",
        "name_zh": "检验检测",
        "name_en": "Inspection & testing",
        "description_zh": "检验检测机构资质与能力查询、开放日、产品检测需求与机构匹配、研发及生产过程检测、培训。",
        "description_en": "Qualifications and capabilities of testing institutions, open days, matching a product's testing needs to institutions, testing during R&D and production, training.",
        "icon": "fa-flask",
        "order": 30,
    }]
    # Institutions of this kind serve the category (the items and guides are in catalog.json).
    institution_types = [{"code": "testing", "label_zh": "检验检测", "label_en": "Inspection & testing", "category": "testing", "order": 30}]

    @hookimpl
    def qi_models(self):
        from .models import TestingCapability, TestingInstitution, TestReport

        return [TestingInstitution, TestingCapability, TestReport]

    @hookimpl
    def qi_views(self):
        from .views import (TestingCapabilityImportView, TestReportImportView, TestingCapabilityApi, TestingCapabilityView,
                            TestingInstitutionAdminView, TestingMatchApi, TestingProfileView, TestingQueryView,
                            TestReportView)

        own = grant((INSTITUTION, *STAFF), READ_WRITE)
        staff_imports = grant(STAFF, ["can_write"])
        public = {"resource": "TestingCapabilityApi", "roles": EVERYONE_READS}
        return [
            {"view": TestingQueryView, "name": _l("Find an institution for my product"), "category": "testing",
             "icon": "fa-search", "form": "testing/_category_form.html", "roles": EVERYONE_READS,
             "in_menu": False},
            {"view": TestingProfileView, "name": _l("Testing qualifications"), "menu": _l("Testing"),
             "icon": "fa-id-badge", "roles": own},
            {"view": TestingCapabilityView, "name": _l("Testing capabilities"), "menu": _l("Testing"),
             "icon": "fa-flask", "roles": own},
            {"view": TestReportView, "name": _l("Test reports"), "menu": _l("Testing"), "icon": "fa-file-text-o",
             "roles": own},
            {"view": TestingInstitutionAdminView, "name": _l("Testing institutions (staff)"), "menu": _l("Testing"),
             "icon": "fa-star", "roles": STAFF_ONLY},
            {"view": TestingCapabilityImportView, "name": _l("Import testing capabilities"), "menu": _l("Testing"),
             "icon": "fa-upload", "roles": staff_imports},
            {"view": TestReportImportView, "name": _l("Import test reports"), "menu": _l("Testing"), "icon": "fa-upload",
             "roles": staff_imports},
            {"view": TestingCapabilityApi, **public},
            {"view": TestingMatchApi, **public},
        ]

    @hookimpl
    def qi_need_types(self):
        from .needs import NEED_TYPES

        return NEED_TYPES

    @hookimpl
    def qi_need_matchers(self):
        from .matching import MATCHERS

        return MATCHERS

    @hookimpl
    def qi_search_providers(self):
        from sqlalchemy import select

        from app.kit import Organisation
        from app.kit import is_public_record
        from app.kit import db
        from app.kit import SearchDocument, SearchProvider, owned_by

        from .models import TestingCapability, TestingInstitution

        def document(c):
            org = c.organisation
            profile = db.session.scalar(select(TestingInstitution).where(
                TestingInstitution.organisation_id == c.organisation_id))
            return SearchDocument(
                title=f"{c.product} · {c.parameter} · {org.name}",
                url=f"/testing/capabilities?product={c.product}&parameter={c.parameter}",
                summary=" · ".join(filter(None, [c.method_standard, c.limits])), category="testing",
                region=org.region_code,
                public=profile is not None and is_public_record(org, profile.cma_valid_until))

        return [SearchProvider(kind="testing_capability", label=_l("Testing capabilities"), model=TestingCapability,
                               document=document, order=45,
                               # a capability is public only while its institution's CMA is current
                               related={Organisation: owned_by(TestingCapability),
                                        TestingInstitution: lambda p: owned_by(TestingCapability)(p.organisation)
                                        if p.organisation is not None else []})]

    @hookimpl
    def qi_generate(self, ctx):
        from .generate import generate

        return generate(ctx)

    @hookimpl
    def qi_demo_data(self, session, app):
        from .demo import load

        return load(session)


plugin = Testing(__file__)
