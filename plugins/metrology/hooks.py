"""The metrology plugin: see app/plugins/hookspecs.py for the contract."""
from flask_babel import lazy_gettext as _l

from app.kit import (ENTERPRISE, EVERYONE_READS, INSTITUTION, MEMBERS, PackagePlugin, READ, READ_WRITE, STAFF, grant,
                     hookimpl)

from . import __version__


class Metrology(PackagePlugin):
    info = {"table_prefix": "metr_", "title_zh": "计量服务", "title_en": "Metrology services",
            "version": __version__, "min_platform": "0.1",
            "settings": {"due_days": {
                "type": int, "default": 30, "env_aliases": ["QI_METROLOGY_DUE_DAYS"],
                "help_en": "Days ahead an instrument of a ledger counts as due soon (lists and reminders)",
                "help_zh": "计量器具在多少天内到期即列为即将到期（台账列表与提醒）"}}}
    categories = [{
        "code": "metrology",
        "name_zh": "计量",
        "name_en": "Metrology",
        "description_zh": "法定计量技术机构检定能力查询、计量器具检定校准、计量管理与检定校准周期指导、计量器具管理台账、中小企业计量服务及注册计量师信息。",
        "description_en": 'Verification capabilities of legal metrology institutions, verification and calibration of instruments, metrology management and calibration cycles, instrument ledgers, SME campaigns and registered-metrologist information.',
        "icon": "fa-balance-scale",
        "order": 20,
    }]
    # Institutions of this kind serve the category (the items and guides are in catalog.json).
    institution_types = [{"code": "metrology", "label_zh": "计量", "label_en": "Metrology", "category": "metrology", "order": 20}]
    # What the default application form of verification and calibration (catalog.json) offers.
    dictionaries = [{"code": "metrology_service", "name_zh": "计量服务事项", "name_en": "Metrology services",
                     "items": [{"code": "verification", "label_zh": "检定", "label_en": "Verification"},
                               {"code": "calibration", "label_zh": "校准", "label_en": "Calibration"},
                               {"code": "both", "label_zh": "检定和校准", "label_en": "Verification and calibration"}]}]

    @hookimpl
    def qi_models(self):
        from .models import Instrument, MetrologyCapability

        return [MetrologyCapability, Instrument]

    @hookimpl
    def qi_need_types(self):
        from .needs import NEED_TYPES

        return NEED_TYPES

    @hookimpl
    def qi_form_sources(self):
        from .sources import SOURCES

        return SOURCES

    @hookimpl
    def qi_need_matchers(self):
        from .needs import MATCHERS

        return MATCHERS

    @hookimpl
    def qi_views(self):
        from .views import (MetrologyCapabilityApi, MetrologyCapabilityImportView, MetrologyQueryView, MetrologyCapabilityView, InstrumentApi,
                            InstrumentView, LedgerImportView, LedgerView, CalibrationRequestView)

        ledger = {"resource": "MetrologyLedger", "roles": grant((ENTERPRISE, *STAFF), READ_WRITE)}
        capabilities = grant((INSTITUTION, *STAFF), READ_WRITE)
        return [
            {"view": MetrologyQueryView, "name": _l("Verification capabilities of metrology institutions"),
             "category": "metrology", "icon": "fa-search",
             "form": "metrology/_category_form.html", "roles": EVERYONE_READS,
             "in_menu": False},
            {"view": LedgerView, "name": _l("Instrument ledger"), "menu": _l("Metrology"), "icon": "fa-list-alt",
             "category": "metrology", **ledger},
            # Added and edited from the ledger, the one list of instruments: no menu entry of its own.
            {"view": InstrumentView, "name": _l("Measuring instruments"), "in_menu": False, **ledger},
            {"view": LedgerImportView, "name": _l("Import the instrument ledger"), "menu": _l("Metrology"),
             "icon": "fa-upload", **ledger},
            {"view": CalibrationRequestView, "name": _l("Calibration requests"), "menu": _l("Metrology"), "icon": "fa-exchange",
             "roles": {**grant(MEMBERS, READ_WRITE), **grant(STAFF, READ)}},
            {"view": MetrologyCapabilityView, "name": _l("Verification capabilities"), "menu": _l("Metrology"),
             "icon": "fa-certificate", "roles": capabilities},
            {"view": MetrologyCapabilityImportView, "name": _l("Import verification capabilities"), "menu": _l("Metrology"),
             "icon": "fa-upload", "roles": grant(STAFF, ["can_write"])},
            {"view": MetrologyCapabilityApi, "roles": EVERYONE_READS},
            {"view": InstrumentApi, "moved_from": ("/api/v1/instrument",), **ledger},
        ]

    @hookimpl
    def qi_search_providers(self):
        from app.kit import Organisation
        from app.kit import is_public_record
        from app.kit import Phrase, SearchDocument, SearchProvider, owned_by

        from .models import METHODS, MetrologyCapability

        def document(c):
            org = c.organisation
            return SearchDocument(
                title=f"{c.instrument_type} · {org.name}", url=f"/metrology/capabilities?instrument={c.instrument_type}",
                summary=Phrase(METHODS.get(c.method), c.measuring_range, c.accuracy),
                body=c.authorisation_number, category="metrology", region=org.region_code,
                public=is_public_record(org, c.valid_until))

        return [SearchProvider(kind="metrology_capability", label=_l("Verification capabilities"),
                               model=MetrologyCapability, document=document, order=40,
                               related={Organisation: owned_by(MetrologyCapability)})]

    @hookimpl
    def qi_generate(self, ctx):
        from .generate import generate

        return generate(ctx)

    @hookimpl
    def qi_demo_data(self, session, app):
        from .demo import load

        return load(session)

    @hookimpl
    def qi_periodic_tasks(self):
        from app.kit import PeriodicTask

        from .ledger import remind_due_instruments

        return [PeriodicTask(name="metrology-due-reminders", run=remind_due_instruments,
                             description="remind enterprises once per due date of instruments due soon or overdue")]


plugin = Metrology(__file__)
