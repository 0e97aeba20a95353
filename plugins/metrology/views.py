"""Metrology pages: the public capability query, the enterprise's ledger with its due lists,
certificates, import/export and calibration requests (needs of the platform, handled on the need
page ``/needs/case/<number>``), staff CRUD and the REST API."""
from __future__ import annotations

import datetime as dt
import io
import secrets

from flask import abort, flash, redirect, request, send_file, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload
from wtforms.validators import NumberRange

from app.kit import (capped_counts, page_of, FlowError, ImportView, INSTITUTION as INSTITUTION_ROLE, KIND_INSTITUTION, Need, Organisation,
                     PublicPage, PublicRecordFilter, QiModelRestApi, ScopedModelRestApi, ScopedModelView,
                     UploadForm, UploadRefused, acting_user, authorisation_current, check_upload, choice_arg,
                     db, in_region, need_states, need_url, organisation_is_public, parse_date, region_arg,
                     remove_stored, role_names, scoped, scoped_or_404, store, stored_path, take_step, text_arg,
                     today, user_organisation_id, xlsx_bytes)

from .importer import CAPABILITY_FILE, LEDGER_FILE, LEDGER_LABELS, ledger_rows
from .ledger import ATTENTION, DUE, OVERDUE_LIST, candidates_for, due_condition, due_window
from .models import METHODS, STATES, Instrument, MetrologyCapability
from .needs import CALIBRATION_NEED, file_calibration_need, instrument_ids, instruments_of

LISTS = {"all": _l("All instruments"), ATTENTION: _l("Due soon or overdue"), DUE: _l("Due soon"),
         OVERDUE_LIST: _l("Overdue")}


# Undated instruments first, then by due date: a plain column order (not ``next_due IS NULL``, an
# expression no index serves), read from ix_metr_instrument_ledger within one enterprise.
LEDGER_ORDER = (Instrument.next_due.asc().nulls_first(), Instrument.name, Instrument.id)


def ledger_counts(today: dt.date, window: int) -> dict[str, int]:
    """How many of the user's instruments each list of the ledger holds, in one statement, each
    count stopping at the lists' cap (a "10,000+" badge) and read from the ledger index."""
    base = scoped(select(Instrument.id), Instrument)
    return capped_counts(db.session, {name: base if name == "all" else base.where(due_condition(name, today, window))
                                      for name in LISTS})


class MetrologyQueryView(PublicPage):
    """法定计量技术机构检定能力查询: open to everyone."""

    route_base = "/metrology"
    default_view = "capabilities"

    @expose("/capabilities")
    @has_access
    def capabilities(self):
        instrument, method, region = text_arg("instrument"), choice_arg("method", METHODS), region_arg()
        # The organisation is tested per capability (EXISTS), so a page walks the instrument_type index
        # in its order and stops; with a join SQLite started from the organisations and sorted every
        # capability (40 ms at 50,000).
        public = in_region(select(Organisation.id).where(Organisation.id == MetrologyCapability.organisation_id,
                                                         organisation_is_public()), Organisation.region_code, region)
        query = (select(MetrologyCapability).options(selectinload(MetrologyCapability.organisation))
                 .where(public.exists(), authorisation_current(MetrologyCapability.valid_until))
                 .order_by(MetrologyCapability.instrument_type, MetrologyCapability.id))
        if instrument:  # 精密压力表 finds the 压力表 capability, 压力 finds 压力表 and 压力变送器
            query = query.where(or_(MetrologyCapability.instrument_type.contains(instrument),
                                    func.lower(instrument).contains(func.lower(MetrologyCapability.instrument_type))))
        if method:
            query = query.where(MetrologyCapability.method == method)
        page = page_of(db.session, query)
        return self.render_template("metrology/capabilities.html", rows=page.rows, page=page, instrument=instrument,
                                    method=method,
                                    region=region, methods=METHODS)


class LedgerView(BaseView):
    """计量器具管理台账: the enterprise's instruments with their due dates, certificates, export and
    one action to send the due ones to an institution. Staff see every enterprise's ledger."""

    route_base = "/metrology/ledger"
    method_permission_name = {"index": "read", "export": "read", "certificate": "read", "verification": "write",
                              "new_request": "write"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        show = request.args.get("show") if request.args.get("show") in LISTS else "all"
        today, window = dt.date.today(), due_window()
        base = scoped(select(Instrument), Instrument)
        counts = ledger_counts(today, window)
        query = base if show == "all" else base.where(due_condition(show, today, window))
        page = page_of(db.session, query.order_by(*LEDGER_ORDER))  # the kit's page of 50
        return self.render_template("metrology/ledger.html", instruments=page.rows, page=page, show=show,
                                    lists=LISTS, counts=counts, today=today, window=window, methods=METHODS,
                                    has_org=user_organisation_id(acting_user()) is not None)

    @expose("/export")
    @has_access
    def export(self):
        show = request.args.get("show") if request.args.get("show") in LISTS else "all"
        query = scoped(select(Instrument), Instrument).order_by(Instrument.name, Instrument.serial_number)
        if show != "all":
            query = query.where(due_condition(show, dt.date.today(), due_window()))
        header = [str(label) for label in LEDGER_LABELS] + [gettext("Next due"), gettext("Status")]
        data = xlsx_bytes(gettext("Instrument ledger"), header,
                          ledger_rows(db.session.scalars(query.execution_options(yield_per=1000)), dt.date.today()),
                          widths=[16, 14, 16, 14, 10, 16, 10, 8, 12, 8, 16, 20, 12, 8])
        return send_file(io.BytesIO(data), as_attachment=True, download_name="instrument-ledger.xlsx",
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    @expose("/<int:pk>/certificate")
    @has_access
    def certificate(self, pk):
        instrument = scoped_or_404(Instrument, pk)
        if not instrument.certificate_stored:
            abort(404)
        return send_file(stored_path(instrument.certificate_stored), mimetype=instrument.certificate_type,
                         as_attachment=True, download_name=instrument.certificate_name or "certificate")

    @expose("/<int:pk>/verification", methods=["GET", "POST"])
    @has_access
    def verification(self, pk):
        """Record a verification or calibration: its date, certificate number and certificate file."""
        instrument = scoped_or_404(Instrument, pk)
        form, errors = UploadForm(), []
        values = {"date": request.form.get("date", ""), "number": request.form.get("number", "").strip()[:60]}
        if request.method == "POST":
            if not form.validate_on_submit():
                errors.append(gettext("The form has expired. Please send it again."))
            day = None
            try:
                day = parse_date(values["date"])
            except ValueError as exc:
                errors.append(str(exc))
            if day is None and not errors:
                errors.append(gettext("Give the date of the verification or calibration."))
            elif day and day > dt.date.today():
                errors.append(gettext("The date cannot be in the future."))
            checked = None
            try:
                checked = check_upload(request.files.get("certificate"))
            except UploadRefused as exc:
                errors.append(str(exc))
            if not errors:
                replaced, new = None, None
                if checked is not None:
                    replaced, new = instrument.certificate_stored, store(checked)
                    instrument.certificate_stored = new
                    instrument.certificate_name, instrument.certificate_type = checked.filename, checked.content_type
                instrument.last_date, instrument.reminded_for = day, None
                instrument.certificate_number = values["number"] or instrument.certificate_number
                try:
                    db.session.commit()
                except Exception:
                    db.session.rollback()
                    remove_stored(new)  # the new file belongs to nothing
                    raise
                remove_stored(replaced)  # the old certificate, only once the new one is on record
                flash(gettext("Recorded. The next verification is due on %(date)s.",
                              date=instrument.compute_next_due().isoformat()), "success")
                return redirect(url_for("LedgerView.index"))
        return self.render_template("metrology/verification.html", instrument=instrument, form=form, errors=errors,
                                    values=values)

    @expose("/request", methods=["GET", "POST"])
    @has_access
    def new_request(self):
        """Choose an institution for the ticked instruments (or every due one), or let the platform
        choose, and file the need."""
        user = acting_user()
        organisation_id = user_organisation_id(user)
        if organisation_id is None:
            flash(gettext("Only an enterprise's own users can request a calibration."), "warning")
            return redirect(url_for("LedgerView.index"))
        ids = [int(i) for i in request.values.getlist("ids") if i.isdigit()][:500]
        query = scoped(select(Instrument), Instrument).where(Instrument.organisation_id == organisation_id)
        query = query.where(Instrument.id.in_(ids)) if ids else \
            query.where(due_condition(ATTENTION, dt.date.today(), due_window()))
        instruments = db.session.scalars(query.order_by(Instrument.name)).all()
        form, error = UploadForm(), ""
        message = request.form.get("message", "").strip()[:1000]
        enterprise = db.session.get(Organisation, organisation_id)
        if request.method == "POST":
            choice = request.form.get("institution", "")
            if not form.validate_on_submit():
                error = gettext("The form has expired. Please send it again.")
            elif not instruments or not (choice == "platform" or choice.isdigit()):
                error = gettext("Choose the instruments and an institution.")
            else:
                try:
                    need = file_calibration_need(
                        db.session, enterprise, instruments, institution_id=None if choice == "platform" else int(choice),
                        token=request.form.get("token", "")[:40] or secrets.token_hex(16), actor=user.username,
                        message=message)
                    db.session.commit()
                    if need.institution is not None:
                        flash(gettext("Your request %(number)s was sent to %(name)s.", number=need.number,
                                      name=need.institution.name), "success")
                    else:
                        flash(gettext("Your request %(number)s was filed: platform staff will respond within 1 "
                                      "working day and find an institution.", number=need.number), "success")
                    return redirect(need_url(need))
                except (ValueError, FlowError) as exc:
                    db.session.rollback()
                    error = str(exc)
        return self.render_template("metrology/request_new.html", instruments=instruments,
                                    candidates=candidates_for(db.session, instruments, enterprise.region_code),
                                    form=form, error=error, message=message,
                                    token=request.form.get("token") or secrets.token_hex(16), methods=METHODS)


class LedgerImportView(ImportView):
    """The enterprise imports its own ledger: every row belongs to its organisation."""

    route_base = "/metrology/ledger-import"
    row_format = LEDGER_FILE
    title = _l("Import the instrument ledger")
    columns_help = _l("xlsx or UTF-8 CSV with a header row and the columns: instrument name, model, serial number, "
                      "measuring range, accuracy, location, 检定 or 校准, cycle in months, last verification date "
                      "(YYYY-MM-DD), state (在用/封存/停用), certificate number, notes. The ledger's export has this "
                      "layout. Rows are matched on the serial number: importing the same file again changes nothing.")

    def fixed_values(self) -> dict:
        organisation_id = user_organisation_id(acting_user())
        if organisation_id is None:
            raise ValueError(gettext("Only an enterprise's own users can import its ledger."))
        return {"organisation_id": organisation_id}


class CalibrationRequestView(BaseView):
    """Calibration requests, which are needs of the platform: the enterprise sees what it filed, the
    institution what it was matched with, staff all; each links to its need page, where it is
    accepted, declined and followed. The institution records a finished calibration here, with its
    date, so the enterprise's ledger moves on."""

    route_base = "/metrology/requests"
    method_permission_name = {"index": "read", "moved": "read", "complete": "write"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        needs = db.session.scalars(scoped(select(Need), Need).where(Need.need_type == CALIBRATION_NEED)
                                   .order_by(Need.submitted_at.desc(), Need.id.desc()).limit(200)).all()
        return self.render_template("metrology/requests.html", needs=needs, need_url=need_url,
                                    instrument_ids=instrument_ids, user_org=user_organisation_id(acting_user()),
                                    IN_SERVICE=need_states.IN_SERVICE)

    @expose("/<int:pk>")
    @has_access
    def moved(self, pk):
        """A request of before needs: its need (the migration kept the old id in the token)."""
        need = db.session.scalar(scoped(select(Need), Need).where(Need.token == f"metr_request-{pk}"))
        if need is None:
            abort(404)
        return redirect(need_url(need))

    def _need(self, number: str) -> Need:
        need = db.session.scalar(scoped(select(Need), Need).where(Need.number == number[:20],
                                                                  Need.need_type == CALIBRATION_NEED))
        if need is None:
            abort(404)
        return need

    @expose("/<number>/complete", methods=["GET", "POST"])
    @has_access
    def complete(self, number):
        """The matched institution records the verification or calibration: the need is delivered and
        each instrument's date is recorded in the enterprise's ledger."""
        need = self._need(number)
        user = acting_user()
        if not (user_organisation_id(user) == need.institution_id and INSTITUTION_ROLE in role_names(user)):
            abort(403)
        form, errors = UploadForm(), []
        values = {"completed_on": request.form.get("completed_on", today().isoformat())[:10],
                  "result": request.form.get("result", "").strip()[:2000]}
        if request.method == "POST":
            done = None
            if not form.validate_on_submit():
                errors.append(gettext("The form has expired. Please send it again."))
            try:
                done = parse_date(values["completed_on"])
            except ValueError as exc:
                errors.append(str(exc))
            if done is None or done > today():
                errors.append(gettext("Give the date of the verification or calibration (not in the future)."))
            if not errors:
                try:
                    need.details = {**(need.details or {}), "completed_on": done.isoformat()}
                    take_step(db.session, need, "deliver", actor=user.username,
                              actor_kinds={need_states.INSTITUTION}, comment=values["result"])
                    db.session.commit()
                    flash(gettext("Recorded: the enterprise's ledger has the new dates."), "success")
                    return redirect(need_url(need))
                except FlowError as exc:
                    db.session.rollback()
                    errors.append(str(exc))
        return self.render_template("metrology/request_complete.html", need=need, form=form, errors=errors,
                                    values=values, instruments=instruments_of(db.session, need), methods=METHODS,
                                    need_url=need_url, can_deliver=need.state == need_states.IN_SERVICE)


LABELS = {"organisation": _l("Enterprise"), "name": _l("Instrument"), "model": _l("Model"),
          "serial_number": _l("Serial number"), "measuring_range": _l("Measuring range"), "accuracy": _l("Accuracy"),
          "location": _l("Location"), "method": _l("Verification or calibration"), "cycle_months": _l("Cycle (months)"),
          "last_date": _l("Last verified on"), "next_due": _l("Next due"), "state": _l("State"),
          "status_label": _l("Status"), "certificate_number": _l("Certificate number"), "notes": _l("Notes"),
          "instrument_type": _l("Instrument type"), "authorisation_number": _l("Authorisation number"),
          "valid_until": _l("Valid until")}


class InstrumentView(ScopedModelView):
    """One instrument at a time: add, edit, show. The ledger (``LedgerView``) is the one list of
    instruments; this view's own list address leads there, and so does saving."""

    datamodel = SQLAInterface(Instrument)
    list_endpoint = "LedgerView.index"
    list_title = _l("Measuring instruments")
    list_columns = ["name", "model", "serial_number", "location", "last_date", "next_due", "status_label"]
    show_columns = ["organisation", "name", "model", "serial_number", "measuring_range", "accuracy", "location",
                    "method", "cycle_months", "last_date", "next_due", "state", "certificate_number", "notes"]
    add_columns = ["organisation", "name", "model", "serial_number", "measuring_range", "accuracy", "location",
                   "method", "cycle_months", "last_date", "state", "certificate_number", "notes"]
    edit_columns = add_columns[1:]
    search_columns = ["name", "model", "serial_number", "location", "next_due", "state"]
    base_order = ("next_due", "asc")
    label_columns = LABELS
    formatters_columns = {"method": METHODS.formatter, "state": STATES.formatter}
    validators_columns = {"cycle_months": [NumberRange(min=1, max=120)]}

    def _init_forms(self):
        from wtforms import SelectField

        self.add_form_extra_fields = self.edit_form_extra_fields = {
            "method": METHODS.select(_l("Verification or calibration")),
            "state": STATES.select(_l("State"))}
        super()._init_forms()

    @expose("/list/")
    @has_access
    def list(self):
        """The ledger is the list of instruments (one list per thing): old links and FAB's own
        "back to the list" buttons land there."""
        return redirect(url_for("LedgerView.index"))


class MetrologyCapabilityView(ScopedModelView):
    """Each institution keeps its authorised capabilities; staff keep all."""

    datamodel = SQLAInterface(MetrologyCapability)
    list_title = _l("Verification capabilities")
    list_columns = ["organisation", "instrument_type", "method", "measuring_range", "authorisation_number",
                    "valid_until"]
    show_columns = add_columns = ["organisation", "instrument_type", "method", "measuring_range", "accuracy",
                                  "authorisation_number", "valid_until"]
    edit_columns = add_columns[1:]
    search_columns = ["instrument_type", "method", "authorisation_number", "valid_until"]
    base_order = ("instrument_type", "asc")
    label_columns = {**LABELS, "organisation": _l("Institution")}
    formatters_columns = {"method": METHODS.formatter}
    add_form_query_rel_fields = {"organisation": [["kind", FilterEqual, KIND_INSTITUTION]]}

    def _init_forms(self):
        from wtforms import SelectField

        self.add_form_extra_fields = self.edit_form_extra_fields = {
            "method": METHODS.select(_l("Verification or calibration"))}
        super()._init_forms()


class MetrologyCapabilityImportView(ImportView):
    route_base = "/metrology/capabilities-import"
    row_format = CAPABILITY_FILE
    title = _l("Import verification capabilities")
    columns_help = _l("xlsx or UTF-8 CSV with a header row and the columns: institution credit code (USCC), "
                      "instrument type, 检定 or 校准, measuring range, accuracy or uncertainty, authorisation number, "
                      "valid until (YYYY-MM-DD). Importing the same file again changes nothing.")


class MetrologyCapabilityApi(QiModelRestApi):
    resource_name = "metrology_capability"
    datamodel = SQLAInterface(MetrologyCapability)
    list_columns = show_columns = ["id", "organisation.name", "organisation.region_code", "instrument_type", "method",
                                   "measuring_range", "accuracy", "authorisation_number", "valid_until"]
    search_columns = ["instrument_type", "method"]
    include_route_methods = {"get", "get_list", "info"}
    base_filters = [["organisation_id", PublicRecordFilter, lambda: authorisation_current(MetrologyCapability.valid_until)]]


class InstrumentApi(ScopedModelRestApi):
    """The enterprise's ledger over REST (its own rows only, read-only), for ERP and asset systems."""

    resource_name = "metrology_instrument"
    datamodel = SQLAInterface(Instrument)
    list_columns = show_columns = ["id", "name", "model", "serial_number", "measuring_range", "accuracy", "location",
                                   "method", "cycle_months", "last_date", "next_due", "state", "status",
                                   "certificate_number"]
    search_columns = ["name", "serial_number", "state", "next_due"]
    include_route_methods = {"get", "get_list", "info"}

