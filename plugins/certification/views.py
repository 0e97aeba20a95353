"""Public certificate lookup and CCC check; staff CRUD for certificates and the CCC catalogue; API."""
from __future__ import annotations

from flask_appbuilder import expose, has_access
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager
from wtforms.validators import InputRequired

from app.kit import (page_of, HasInstitutionType, ImportView, codes_field, Organisation, PublicPage, QiModelRestApi, QiModelView,
                     ScopedModelView, authorisation_current, choice_arg, db, in_region, organisation_is_public,
                     region_arg, text_arg)

from .ccc import ccc_categories_for
from .importer import CERTIFICATE_FILE
from .models import SCHEME_TYPES, STATUS_LABELS, CccCategory, Certificate, CertificationBody

# The catalog's guide for compulsory vs voluntary certification (seeded from clause 5.4(3)).
CCC_GUIDE_ITEM = "certification-regulation-consulting"


class CertificationQueryView(PublicPage):
    """证书查询 and 强制性产品认证判定, open to everyone."""

    route_base = "/certification"
    default_view = "lookup"

    @expose("/lookup")
    @has_access
    def lookup(self):
        number, certificate = text_arg("number", 60), None
        if number:
            certificate = db.session.scalar(select(Certificate).where(
                func.upper(func.replace(Certificate.number, " ", "")) == number.upper().replace(" ", "")))
        return self.render_template("certification/lookup.html", number=number, certificate=certificate,
                                    types=SCHEME_TYPES)

    @expose("/ccc")
    @has_access
    def ccc(self):
        product = text_arg("product")
        categories = ccc_categories_for(db.session, product) if product else None
        return self.render_template("certification/ccc.html", product=product, categories=categories,
                                    guide=CCC_GUIDE_ITEM, too_short=bool(product) and len(product) < 2)


class BodyQueryView(PublicPage):
    """认证机构资质查询: approved bodies by kind of certification and region."""

    route_base = "/certification/bodies"
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        kind, region = choice_arg("type", SCHEME_TYPES), region_arg()
        query = (select(CertificationBody).join(CertificationBody.organisation)
                 .options(contains_eager(CertificationBody.organisation))
                 .where(organisation_is_public(), authorisation_current(CertificationBody.valid_until))
                 # One body per organisation: the (status, name, id) index gives this order and stops.
                 .order_by(Organisation.name, Organisation.id))
        if kind:
            query = query.where(CertificationBody.scope_types.contains(kind))
        page = page_of(db.session, in_region(query, Organisation.region_code, region))
        return self.render_template("certification/bodies.html", bodies=page.rows, page=page, kind=kind, region=region,
                                    types=SCHEME_TYPES)


class CertificationBodyView(ScopedModelView):
    """Each certification body keeps its approval record; staff see all."""

    datamodel = SQLAInterface(CertificationBody)
    list_title = _l("Certification body approvals")
    list_columns = ["organisation", "approval_number", "scope_types", "valid_until"]
    show_columns = add_columns = ["organisation", "approval_number", "scope_types", "scope_detail", "valid_until"]
    edit_columns = ["approval_number", "scope_types", "scope_detail", "valid_until"]
    label_columns = {"organisation": _l("Certification body"), "approval_number": _l("Approval number"),
                     "scope_types": _l("Scope"), "scope_detail": _l("Scope in detail"), "valid_until": _l("Valid until")}
    add_form_extra_fields = edit_form_extra_fields = {
        "scope_types": codes_field(SCHEME_TYPES, _l("Scope"), validators=[InputRequired()])}
    formatters_columns = {"scope_types": SCHEME_TYPES.formatter}
    validators_columns = {"organisation": [HasInstitutionType("certification")]}


class CertificateView(QiModelView):
    datamodel = SQLAInterface(Certificate)
    list_title = _l("Certificates")
    list_columns = ["number", "holder", "scheme", "body_name", "status", "expires_on"]
    add_columns = edit_columns = show_columns = ["number", "holder", "scheme", "scheme_type", "body_name", "scope",
                                                 "status", "issued_on", "expires_on"]
    search_columns = ["number", "holder", "scheme", "body_name", "status"]
    label_columns = {"number": _l("Certificate number"), "holder": _l("Holder"), "scheme": _l("Scheme"),
                     "scheme_type": _l("Certification type"), "body_name": _l("Certification body"), "scope": _l("Scope"),
                     "status": _l("Status"), "issued_on": _l("Issued on"), "expires_on": _l("Expires on")}
    formatters_columns = {"status": lambda s: str(STATUS_LABELS.get(s, s))}


class CccCategoryView(QiModelView):
    datamodel = SQLAInterface(CccCategory)
    list_title = _l("CCC catalogue")
    list_columns = ["code", "name_zh", "rule"]
    add_columns = edit_columns = show_columns = ["code", "name_zh", "keywords", "rule", "notes"]
    base_order = ("code", "asc")
    label_columns = {"code": _l("Catalogue code"), "name_zh": _l("Product category"), "keywords": _l("Product words"),
                     "rule": _l("Implementation rule"), "notes": _l("Notes")}
    description_columns = {"keywords": _l("Products under this category, separated by 、 or commas.")}


class CertificateImportView(ImportView):
    route_base = "/certification/certificates-import"
    row_format = CERTIFICATE_FILE
    title = _l("Import certificates")
    columns_help = _l("xlsx or UTF-8 CSV with a header row and the columns: number, holder, scheme, scheme_type "
                      "(产品/服务/管理体系), body, status (有效/暂停/撤销), issued_on, expires_on, scope. Importing the same "
                      "file again changes nothing.")


class CertificateApi(QiModelRestApi):
    resource_name = "certification_certificate"
    datamodel = SQLAInterface(Certificate)
    list_columns = show_columns = ["id", "number", "holder", "scheme", "scheme_type", "body_name", "scope", "status",
                                   "issued_on", "expires_on"]
    search_columns = ["number", "holder", "status"]
    include_route_methods = {"get", "get_list", "info"}
