"""Testing pages: institutions and capabilities, matching, report verification; CRUD, imports, API."""
from __future__ import annotations

from flask import request
from flask_appbuilder import expose, has_access
from flask_appbuilder.api import BaseApi, safe
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import permission_name, protect
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from wtforms import StringField
from wtforms.validators import Length, Optional, Regexp

from app.kit import (page_of, ImportView, KIND_INSTITUTION, Organisation, PublicPage, PublicRecordFilter, QiModelRestApi,
                     OVERALL_FORMULA, QiModelView, ScopedModelView, authorisation_current, db,
                     evaluation_min_count, flag_arg, in_region, organisation_is_public, region_arg, text_arg, yes_no)

from .importer import CAPABILITY_FILE, REPORT_FILE
from .matching import MAX_PARAMETERS, match_institutions, parameters_of
from .models import CONCLUSIONS, TestingCapability, TestingInstitution, TestReport, match_key



def _approved_and_valid(query):
    return (query.join(Organisation, Organisation.id == TestingInstitution.organisation_id)
            .where(organisation_is_public(), authorisation_current(TestingInstitution.cma_valid_until)))


def _qualified_institution():
    """A testing record is public when its institution's CMA qualification is current too."""
    return TestingCapability.organisation_id.in_(select(TestingInstitution.organisation_id).where(
        authorisation_current(TestingInstitution.cma_valid_until)))


class TestingQueryView(PublicPage):
    """检验检测机构资质与能力查询, matching and report verification: open to everyone."""

    route_base = "/testing"
    default_view = "match"

    @expose("/institutions")
    @has_access
    def institutions(self):
        region, accredited = region_arg(), flag_arg("cnas")
        query = in_region(_approved_and_valid(select(TestingInstitution)), Organisation.region_code, region).order_by(
            TestingInstitution.platform_member.desc(), Organisation.name, TestingInstitution.id)
        if accredited:
            query = query.where(TestingInstitution.cnas_number.is_not(None), TestingInstitution.cnas_number != "")
        page = page_of(db.session, query)
        return self.render_template("testing/institutions.html", rows=page.rows, page=page, region=region,
                                    accredited=accredited)

    @expose("/capabilities")
    @has_access
    def capabilities(self):
        args = {name: text_arg(name) for name in ("product", "parameter", "standard")}
        region = region_arg()
        rows, page = [], None
        if any(args.values()) or region:
            query = select(TestingCapability).join(
                TestingInstitution, TestingInstitution.organisation_id == TestingCapability.organisation_id)
            query = in_region(_approved_and_valid(query), Organisation.region_code, region)
            if args["product"]:
                query = query.where(TestingCapability.product_key.contains(match_key(args["product"])))
            if args["parameter"]:
                query = query.where(TestingCapability.parameter_key.contains(match_key(args["parameter"])))
            if args["standard"]:
                query = query.where(func.upper(func.replace(TestingCapability.method_standard, " ", ""))
                                    .contains(args["standard"].upper().replace(" ", "")))
            page = page_of(db.session, query.order_by(TestingCapability.product, TestingCapability.parameter,
                                                      Organisation.name, TestingCapability.id))
            rows = page.rows
        return self.render_template("testing/capabilities.html", rows=rows, page=page, region=region, **args)

    @expose("/match")
    @has_access
    def match(self):
        product, text = text_arg("product"), (request.args.get("parameters") or "")[:2000]
        region = text_arg("region", 6)  # checked below, with a message
        parameters = parameters_of(text)
        error, matches = "", None
        if request.args:
            if not product or not parameters:
                error = _l("Give the product and at least one parameter.")
            elif len(parameters) > MAX_PARAMETERS:
                error = _l("Ask for at most %(count)s parameters at a time.", count=MAX_PARAMETERS)
            elif region and not region.isdigit():
                error = _l("The region is a code of digits, such as 6401.")
            else:
                matches = match_institutions(db.session, product, parameters, region=region)
        return self.render_template("testing/match.html", product=product, parameters_text=text,
                                    parameters=parameters, region=region, matches=matches, error=error,
                                    min_count=evaluation_min_count(), formula=OVERALL_FORMULA)

    @expose("/verify")
    @has_access
    def verify(self):
        """One result, recognised by all (4.1-3): anyone holding the report checks it here."""
        number = (request.args.get("number") or "").strip().upper().replace(" ", "")[:60]
        code = (request.args.get("code") or "").strip().upper()[:12]
        report = None
        if number and code:
            report = db.session.scalar(select(TestReport).where(TestReport.number == number,
                                                                 TestReport.verification_code == code))
        return self.render_template("testing/verify.html", number=number, code=code, report=report,
                                    asked=bool(number and code), incomplete=bool(number) != bool(code))


LABELS = {"organisation": _l("Institution"), "cma_number": _l("CMA certificate number"),
          "cma_valid_until": _l("CMA valid until"), "cnas_number": _l("CNAS accreditation number"),
          "open_days": _l("Open days"), "platform_member": _l("Platform institution"),
          "product": _l("Product or object"), "parameter": _l("Parameter"),
          "method_standard": _l("Method standard"), "limits": _l("Limits"), "number": _l("Report number"),
          "verification_code": _l("Verification code"), "client": _l("Client"), "issued_on": _l("Date of issue"),
          "conclusion": _l("Conclusion"), "summary": _l("Summary")}
CMA = [Regexp(r"^\d{12}$", message=_l("A CMA certificate number has 12 digits."))]
CNAS = [Optional(), Regexp(r"^CNAS\s?L\d{4,5}$", message=_l("A CNAS laboratory number looks like CNAS L1234."))]
INSTITUTIONS_ONLY = {"organisation": [["kind", FilterEqual, KIND_INSTITUTION]]}


class TestingProfileView(ScopedModelView):
    """The institution keeps its own qualification record; platform flag and score are staff's."""

    datamodel = SQLAInterface(TestingInstitution)
    list_title = _l("Testing qualifications")
    list_columns = ["organisation", "cma_number", "cma_valid_until", "cnas_number", "platform_member"]
    show_columns = ["organisation", "cma_number", "cma_valid_until", "cnas_number", "open_days", "platform_member"]
    add_columns = ["organisation", "cma_number", "cma_valid_until", "cnas_number", "open_days"]
    edit_columns = add_columns[1:]
    label_columns = LABELS
    formatters_columns = {"platform_member": yes_no}
    validators_columns = {"cma_number": CMA, "cnas_number": CNAS}
    add_form_query_rel_fields = INSTITUTIONS_ONLY


class TestingInstitutionAdminView(QiModelView):
    """Staff: every institution's record, with the platform flag (satisfaction is computed from
    evaluations, shown on the match page)."""

    datamodel = SQLAInterface(TestingInstitution)
    list_title = _l("Testing institutions (staff)")
    list_columns = ["organisation", "cma_number", "cma_valid_until", "cnas_number", "platform_member"]
    add_columns = edit_columns = show_columns = ["organisation", "cma_number", "cma_valid_until", "cnas_number",
                                                 "open_days", "platform_member"]
    search_columns = ["cma_number", "cnas_number", "platform_member", "cma_valid_until"]
    label_columns = LABELS
    formatters_columns = {"platform_member": yes_no}
    validators_columns = {"cma_number": CMA, "cnas_number": CNAS}
    add_form_query_rel_fields = edit_form_query_rel_fields = INSTITUTIONS_ONLY


class TestingCapabilityView(ScopedModelView):
    datamodel = SQLAInterface(TestingCapability)
    list_title = _l("Testing capabilities")
    list_columns = ["organisation", "product", "parameter", "method_standard", "limits"]
    show_columns = add_columns = ["organisation", "product", "parameter", "method_standard", "limits"]
    edit_columns = add_columns[1:]
    search_columns = ["product", "parameter", "method_standard"]
    base_order = ("product", "asc")
    label_columns = LABELS
    add_form_query_rel_fields = INSTITUTIONS_ONLY


class TestReportView(ScopedModelView):
    """Reports of the institution (staff: all). A blank verification code is generated."""

    datamodel = SQLAInterface(TestReport)
    list_title = _l("Test reports")
    list_columns = ["number", "product", "client", "issued_on", "conclusion"]
    show_columns = ["number", "verification_code", "organisation", "product", "client", "issued_on", "conclusion",
                    "summary"]
    add_columns = ["organisation", "number", "verification_code", "product", "client", "issued_on", "conclusion",
                   "summary"]
    edit_columns = ["product", "client", "issued_on", "conclusion", "summary"]
    search_columns = ["number", "product", "client", "issued_on", "conclusion"]
    base_order = ("issued_on", "desc")
    label_columns = LABELS
    description_columns = {"verification_code": _l("Leave empty to generate one; print it on the report.")}
    formatters_columns = {"conclusion": lambda c: str(CONCLUSIONS.get(c, c))}
    add_form_query_rel_fields = INSTITUTIONS_ONLY

    def _init_forms(self):
        conclusion = CONCLUSIONS.select(_l("Conclusion"))
        self.edit_form_extra_fields = {"conclusion": conclusion}
        self.add_form_extra_fields = {"conclusion": conclusion, "verification_code": StringField(
            _l("Verification code"), description=self.description_columns["verification_code"],
            validators=[Optional(), Length(max=12)])}  # NOT NULL in the table, generated when left empty
        super()._init_forms()


class TestingCapabilityImportView(ImportView):
    route_base = "/testing/capabilities-import"
    row_format = CAPABILITY_FILE
    title = _l("Import testing capabilities")
    columns_help = _l("xlsx or UTF-8 CSV with a header row and the columns: institution credit code (USCC), product "
                      "or object, parameter, method standard, limits. Importing the same file again changes nothing.")


class TestReportImportView(ImportView):
    route_base = "/testing/reports-import"
    row_format = REPORT_FILE
    title = _l("Import test reports")
    columns_help = _l("xlsx or UTF-8 CSV with a header row and the columns: report number, institution credit code "
                      "(USCC), product, client, issued on (YYYY-MM-DD), conclusion (合格/不合格/仅出数据), verification "
                      "code (empty: generated), summary. Rows are matched on the report number.")


class TestingCapabilityApi(QiModelRestApi):
    resource_name = "testing_capability"
    datamodel = SQLAInterface(TestingCapability)
    list_columns = show_columns = ["id", "organisation.name", "organisation.region_code", "product", "parameter",
                                   "method_standard", "limits"]
    search_columns = ["product", "parameter", "method_standard"]
    include_route_methods = {"get", "get_list", "info"}
    base_filters = [["organisation_id", PublicRecordFilter, _qualified_institution]]


class TestingMatchApi(BaseApi):
    resource_name = "testing_match"
    method_permission_name = {"match": "read"}
    openapi_spec_methods = {"match": {"get": {"description": "Institutions that test every parameter on a product"}}}

    @expose("/", methods=["GET"])
    @protect()
    @safe
    @permission_name("read")
    def match(self):
        """Rank the institutions that can test every asked parameter on a product.
        ---
        get:
          parameters:
          - {in: query, name: product, required: true, schema: {type: string}}
          - {in: query, name: parameters, required: true, schema: {type: string},
             description: "comma-separated parameters"}
          - {in: query, name: region, schema: {type: string}, description: "division code, e.g. 640105"}
          responses:
            200:
              description: institutions, best first
            400:
              $ref: '#/components/responses/400'
        """
        product = (request.args.get("product") or "").strip()[:100]
        parameters = parameters_of(request.args.get("parameters") or "")
        if not product or not parameters or len(parameters) > MAX_PARAMETERS:
            return self.response_400(message=str(_l("Give the product and at least one parameter.")))
        matches = match_institutions(db.session, product, parameters, region=(request.args.get("region") or "")[:6])
        return self.response(200, result=[{
            "organisation_id": m.institution.organisation_id, "name": m.institution.organisation.name,
            "region_code": m.institution.organisation.region_code, "cma_number": m.institution.cma_number,
            "cnas_number": m.institution.cnas_number, "platform_member": m.institution.platform_member,
            "coverage": m.coverage, "region_match": m.region_match, "satisfaction": m.score,
            "evaluations": m.evaluations,
            "methods": {c.parameter: c.method_standard for c in m.capabilities}} for m in matches])
