"""The validity query (one number or a whole list), standard pages, staff CRUD and import, REST API."""
from __future__ import annotations

from flask import Response, abort, request
from flask_appbuilder import expose, has_access
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext, lazy_gettext as _l

from app.kit import ImportView, PublicPage, QiModelRestApi, QiModelView, UploadForm, db, uploaded_file

from .importer import STANDARD_FILE
from .models import STATUS_LABELS, Standard
from .spreadsheets import numbers_of, report_xlsx
from .validity import MAX_LINES, check_numbers, summary_status

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ValidityView(PublicPage):
    """标准有效性查询: paste or upload a list of numbers, get status and current replacement per line."""

    route_base = "/standardization"
    default_view = "validity"

    @expose("/validity", methods=["GET", "POST"])
    @has_access
    def validity(self):
        text, results, error = request.form.get("numbers", "") or request.args.get("number", ""), None, ""
        form = UploadForm()
        if request.method == "POST" and not form.validate_on_submit():
            error = gettext("The form has expired. Please send it again.")
        elif request.method == "POST" or request.args.get("number"):
            lines = text.splitlines()
            try:
                uploaded = uploaded_file() if request.method == "POST" else None
                if uploaded:
                    lines = numbers_of(*uploaded)
            except Exception as exc:  # a broken spreadsheet is the user's to fix, with the text kept
                error = str(exc) if isinstance(exc, ValueError) else gettext("The file could not be read.")
                lines = []
            if len(lines) > MAX_LINES:
                error = gettext("At most %(n)d numbers at a time.", n=MAX_LINES)
                lines = []
            if not error:
                results = check_numbers(db.session, lines)
                if request.form.get("format") == "xlsx":
                    return Response(report_xlsx(results), mimetype=XLSX, headers={
                        "Content-Disposition": "attachment; filename=standard-validity.xlsx"})
        return self.render_template("standardization/validity.html", text=text, results=results, error=error,
                                    status_of=summary_status, labels=STATUS_LABELS, form=form)

    @expose("/<int:pk>")
    @has_access
    def show(self, pk):
        standard = db.session.get(Standard, pk) or abort(404)
        result = check_numbers(db.session, [standard.number])[0]
        return self.render_template("standardization/standard.html", s=standard, result=result)


class StandardView(QiModelView):
    datamodel = SQLAInterface(Standard)
    list_title = _l("Standards")
    list_columns = ["number", "title_zh", "status", "implemented_on", "replaced_by_key"]
    add_columns = edit_columns = show_columns = [
        "number", "title_zh", "title_en", "status", "issued_on", "implemented_on", "abolished_on",
        "replaced_by_key", "ics", "ccs"]
    search_columns = ["number", "title_zh", "status", "ics", "ccs"]
    base_order = ("number", "asc")
    label_columns = {"number": _l("Standard number"), "title_zh": _l("Title (Chinese)"),
                     "title_en": _l("Title (English)"), "status": _l("Status"), "issued_on": _l("Date of publication"),
                     "implemented_on": _l("Implemented on"), "abolished_on": _l("Abolished on"),
                     "replaced_by_key": _l("Replaced by"), "ics": _l("ICS"), "ccs": _l("CCS")}
    formatters_columns = {"status": lambda s: str(STATUS_LABELS.get(s, s))}

    def pre_add(self, item):
        self._normalise(item)

    def pre_update(self, item):
        self._normalise(item)

    @staticmethod
    def _normalise(item):
        from .numbers import parse

        number = parse(item.number)
        item.number, item.number_key = number.display, number.key
        item.replaced_by_key = parse(item.replaced_by_key).key if item.replaced_by_key else None



class StandardImportView(ImportView):
    """Staff load standards from xlsx or CSV (columns documented in importer.py)."""

    route_base = "/standardization/import"
    row_format = STANDARD_FILE
    title = _l("Import standards")
    columns_help = _l("xlsx or UTF-8 CSV with a header row and the columns: number, title_zh, title_en, status "
                      "(现行/即将实施/废止), issued_on, implemented_on, abolished_on, replaced_by, ics, ccs. Importing the "
                      "same file again changes nothing.")


class StandardApi(QiModelRestApi):
    resource_name = "standardization_standard"
    datamodel = SQLAInterface(Standard)
    list_columns = show_columns = ["id", "number", "title_zh", "title_en", "status", "issued_on", "implemented_on",
                                   "abolished_on", "replaced_by_key", "ics", "ccs"]
    search_columns = ["number", "title_zh", "status"]
    include_route_methods = {"get", "get_list", "info"}
