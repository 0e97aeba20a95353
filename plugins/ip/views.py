"""IP pages: patent and trademark search, agencies, the licensing board, patent-navigation
requests; staff CRUD, imports and the REST API."""
from __future__ import annotations

import datetime as dt
import secrets

from flask import abort, flash, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.actions import action
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager
from wtforms.validators import InputRequired, Regexp, ValidationError

from app.kit import (page_of, FlowError, HasInstitutionType, codes_field, ImportView, INSTITUTION as INSTITUTION_ROLE, KIND_INSTITUTION, Need,
                     Organisation, PublicPage, QiModelRestApi, QiModelView, ScopedModelView, UploadForm, acting_user,
                     choice_arg, db, in_region, is_staff, members, need_url, notify, organisation_is_public,
                     parse_date, region_arg, role_names, scoped, staff, text_arg, user_organisation_id)

from .importer import PATENT_FILE, TRADEMARK_FILE
from .models import (AGENCY_SERVICES, CLOSED, OFFER_KINDS, OFFER_STATUSES, PATENT_STATUSES, PATENT_TYPES, PENDING,
                     PUBLISHED, REJECTED, TRADEMARK_STATUSES, IpAgency, IpOffer, Patent, Trademark)
from .needs import NAVIGATION_NEED, file_navigation_need
from .numbers import BadApplicationNumber, parse

LIMIT = 100


class IpQueryView(PublicPage):
    """知识产权检索, agencies and the licensing board: open to everyone."""

    route_base = "/ip"
    default_view = "search"

    @expose("/search")
    @has_access
    def search(self):
        q, kind, klass = text_arg("q"), choice_arg("type", (*PATENT_TYPES, "trademark")), text_arg("class", 20)
        patents, trademarks = [], []
        if q or klass or kind:
            if kind != "trademark":
                query = select(Patent)
                if q:
                    try:  # a typed application number finds its patent however it was written
                        number = parse(q)
                        query = query.where(Patent.number_key == number.digits + number.check)
                    except BadApplicationNumber:
                        query = query.where(or_(Patent.title.contains(q), Patent.applicant.contains(q),
                                                Patent.abstract.contains(q)))
                if kind:
                    query = query.where(Patent.patent_type == kind)
                if klass and not klass.isdigit():
                    query = query.where(func.upper(Patent.ipc).contains(klass.upper()))
                elif klass:
                    query = query.where(False)  # a number is a Nice class: no patent has it
                patents = db.session.scalars(query.order_by(Patent.filed_on.desc()).limit(LIMIT)).all()
            if kind in ("", "trademark"):
                query = select(Trademark)
                if q:
                    query = query.where(or_(Trademark.name.contains(q), Trademark.applicant.contains(q),
                                            Trademark.registration_number == q.replace(" ", "")))
                if klass.isdigit():
                    query = query.where(or_(Trademark.nice_classes == klass,
                                            Trademark.nice_classes.startswith(f"{klass},"),
                                            Trademark.nice_classes.endswith(f",{klass}"),
                                            Trademark.nice_classes.contains(f",{klass},")))
                elif klass:
                    query = query.where(False)
                trademarks = db.session.scalars(query.order_by(Trademark.registration_number).limit(LIMIT)).all()
        return self.render_template("ip/search.html", q=q, kind=kind, klass=klass, patents=patents,
                                    trademarks=trademarks, types=PATENT_TYPES, limit=LIMIT,
                                    asked=bool(q or klass or kind))

    @expose("/agencies")
    @has_access
    def agencies(self):
        service, region = choice_arg("service", AGENCY_SERVICES), region_arg()
        query = (select(IpAgency).join(IpAgency.organisation).options(contains_eager(IpAgency.organisation))
                 .where(organisation_is_public())
                 .order_by(Organisation.name, Organisation.id))  # one agency per organisation: an index order
        if service:
            query = query.where(IpAgency.services.contains(service))
        query = in_region(query, Organisation.region_code, region)
        page = page_of(db.session, query)
        return self.render_template("ip/agencies.html", rows=page.rows, page=page, service=service, region=region,
                                    services=AGENCY_SERVICES)

    @expose("/board")
    @has_access
    def board(self):
        kind = choice_arg("kind", OFFER_KINDS)
        query = select(IpOffer).where(IpOffer.status == PUBLISHED).order_by(IpOffer.published_on.desc(), IpOffer.id.desc())
        if kind:
            query = query.where(IpOffer.kind == kind)
        page = page_of(db.session, query)
        return self.render_template("ip/board.html", offers=page.rows, page=page, kind=kind, kinds=OFFER_KINDS,
                                    signed_in=acting_user() is not None)


class NavigationView(BaseView):
    """专利导航需求: enterprises ask; each request is a need of the platform, which staff match to an
    agency and the agency answers on the need page (``/needs/case/<number>``)."""

    route_base = "/ip/navigation"
    method_permission_name = {"index": "read", "moved": "read", "new": "write"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        rows = db.session.scalars(scoped(select(Need), Need).where(Need.need_type == NAVIGATION_NEED)
                                  .order_by(Need.submitted_at.desc(), Need.id.desc()).limit(200)).all()
        user = acting_user()
        return self.render_template("ip/navigation_list.html", rows=rows, need_url=need_url,
                                    can_ask=not is_staff(user) and user_organisation_id(user) is not None
                                    and INSTITUTION_ROLE not in role_names(user))

    @expose("/<int:pk>")
    @has_access
    def moved(self, pk):
        """A request of before needs: its need (the migration kept the old id in the token)."""
        need = db.session.scalar(scoped(select(Need), Need).where(Need.token == f"ip_navigation-{pk}"))
        if need is None:
            abort(404)
        return redirect(need_url(need))

    @expose("/new", methods=["GET", "POST"])
    @has_access
    def new(self):
        user = acting_user()
        organisation_id = user_organisation_id(user)
        if organisation_id is None or INSTITUTION_ROLE in role_names(user):
            flash(gettext("Only an enterprise's own users can ask for patent navigation."), "warning")
            return redirect(url_for("NavigationView.index"))
        form = UploadForm()
        values = {k: (request.form.get(k) or "").strip() for k in ("field", "goal", "description", "wanted_by")}
        token = (request.form.get("token") or secrets.token_hex(16))[:40]
        errors = []
        if request.method == "POST":
            existing = db.session.scalar(scoped(select(Need), Need).where(Need.token == token))
            if existing is not None:  # the same form sent twice
                return redirect(need_url(existing))
            if not form.validate_on_submit():
                errors.append(gettext("The form has expired. Please send it again."))
            if not values["field"] or not values["goal"]:
                errors.append(gettext("Say which field and what the navigation should achieve."))
            if len(values["field"]) > 100 or len(values["goal"]) > 200 or len(values["description"]) > 5000:
                errors.append(gettext("A field is too long."))
            wanted_by = None
            try:
                wanted_by = parse_date(values["wanted_by"])
                if wanted_by and wanted_by < dt.date.today():
                    errors.append(gettext("The date wanted cannot be in the past."))
            except ValueError as exc:
                errors.append(str(exc))
            if not errors:
                try:
                    need = file_navigation_need(
                        db.session, db.session.get(Organisation, organisation_id), field=values["field"],
                        goal=values["goal"], description=values["description"], wanted_by=wanted_by, token=token,
                        actor=user.username)
                    db.session.commit()
                    flash(gettext("Your request %(number)s was filed. Platform staff respond within 1 working day "
                                  "and pass it to an IP agency.", number=need.number), "success")
                    return redirect(need_url(need))
                except FlowError as exc:
                    db.session.rollback()
                    errors.append(str(exc))
        return self.render_template("ip/navigation_new.html", form=form, values=values, token=token, errors=errors)


LABELS = {"application_number": _l("Application number"), "title": _l("Name"), "applicant": _l("Applicant"),
          "patent_type": _l("Type"), "ipc": _l("IPC classes"), "status": _l("Status"), "filed_on": _l("Filed on"),
          "granted_on": _l("Granted on"), "abstract": _l("Abstract"), "registration_number": _l("Trademark number"),
          "name": _l("Trademark"), "nice_classes": _l("Nice classes"), "registered_on": _l("Registered on"),
          "expires_on": _l("Protected until"), "organisation": _l("Publisher"), "agency_code": _l("Agency code"),
          "services": _l("Services"), "agents": _l("Patent attorneys"), "description": _l("Description"),
          "kind": _l("Kind"), "ip_numbers": _l("Patents or trademarks"), "field": _l("Field"),
          "terms": _l("Terms (price, royalty, exclusivity)"), "contact_name": _l("Contact person"),
          "contact_phone": _l("Contact phone"), "review_note": _l("Review note"), "created_on": _l("Created on")}


def _application_number(form, field) -> None:
    try:
        parse(field.data)
    except BadApplicationNumber:
        raise ValidationError(gettext("%(value)s is not a patent application number, or its check digit is wrong",
                                      value=field.data)) from None


class PatentView(QiModelView):
    datamodel = SQLAInterface(Patent)
    list_title = _l("Patents")
    list_columns = ["application_number", "title", "applicant", "patent_type", "status", "filed_on"]
    add_columns = edit_columns = show_columns = ["application_number", "title", "applicant", "patent_type", "ipc",
                                                 "status", "filed_on", "granted_on", "abstract"]
    search_columns = ["application_number", "title", "applicant", "patent_type", "status", "ipc"]
    label_columns = LABELS
    validators_columns = {"application_number": [_application_number]}
    formatters_columns = {"patent_type": lambda t: str(PATENT_TYPES.get(t, t)),
                          "status": lambda s: str(PATENT_STATUSES.get(s, s))}

    def _init_forms(self):
        self.add_form_extra_fields = self.edit_form_extra_fields = {
            "patent_type": PATENT_TYPES.select(_l("Type")),
            "status": PATENT_STATUSES.select(_l("Status"))}
        super()._init_forms()

    def pre_add(self, item):
        number = parse(item.application_number)  # the form's validator has checked it
        item.application_number, item.number_key = number.display, number.digits + number.check

    pre_update = pre_add


class TrademarkView(QiModelView):
    datamodel = SQLAInterface(Trademark)
    list_title = _l("Trademarks")
    list_columns = ["registration_number", "name", "applicant", "nice_classes", "status", "expires_on"]
    add_columns = edit_columns = show_columns = ["registration_number", "name", "applicant", "nice_classes", "status",
                                                 "filed_on", "registered_on", "expires_on"]
    search_columns = ["registration_number", "name", "applicant", "nice_classes", "status"]
    label_columns = LABELS
    formatters_columns = {"status": lambda s: str(TRADEMARK_STATUSES.get(s, s))}
    validators_columns = {"nice_classes": [Regexp(r"^\s*([1-9]|[1-3]\d|4[0-5])(\s*,\s*([1-9]|[1-3]\d|4[0-5]))*\s*$",
                                                  message=_l("Nice classes are numbers from 1 to 45, separated by "
                                                             "commas."))]}

    def _init_forms(self):
        self.add_form_extra_fields = self.edit_form_extra_fields = {
            "status": TRADEMARK_STATUSES.select(_l("Status"))}
        super()._init_forms()


class IpAgencyView(ScopedModelView):
    """Each IP agency keeps its own record; staff keep all."""

    datamodel = SQLAInterface(IpAgency)
    list_title = _l("IP service agencies")
    list_columns = ["organisation", "agency_code", "services", "agents"]
    show_columns = add_columns = ["organisation", "agency_code", "services", "agents", "description"]
    edit_columns = add_columns[1:]
    label_columns = {**LABELS, "organisation": _l("Agency")}
    add_form_extra_fields = edit_form_extra_fields = {
        "services": codes_field(AGENCY_SERVICES, _l("Services"), validators=[InputRequired()])}
    formatters_columns = {"services": AGENCY_SERVICES.formatter}
    validators_columns = {"organisation": [HasInstitutionType("ip_agency")]}
    add_form_query_rel_fields = {"organisation": [["kind", FilterEqual, KIND_INSTITUTION]]}


class IpOfferView(ScopedModelView):
    """The publisher's listings (staff: all, with publish and reject). An edited listing goes back
    to review before it is public again."""

    datamodel = SQLAInterface(IpOffer)
    list_title = _l("Licensing and transfer listings")
    list_columns = ["title", "kind", "status", "created_on"]
    show_columns = ["organisation", "kind", "title", "ip_numbers", "field", "terms", "contact_name", "contact_phone",
                    "status", "review_note", "created_on"]
    add_columns = ["organisation", "kind", "title", "ip_numbers", "field", "terms", "contact_name", "contact_phone"]
    edit_columns = add_columns[1:]
    search_columns = ["title", "kind", "status", "field"]
    base_order = ("created_on", "desc")
    label_columns = LABELS
    formatters_columns = {"kind": lambda k: str(OFFER_KINDS.get(k, k)), "status": lambda s: str(OFFER_STATUSES.get(s, s))}

    def _init_forms(self):
        self.add_form_extra_fields = self.edit_form_extra_fields = {
            "kind": OFFER_KINDS.select(_l("Kind"))}
        super()._init_forms()

    def post_add(self, item):
        notify(db.session, staff(db.session), _l("A licensing listing awaits review: %(listing)s"),
               url=f"/ip/ipofferview/show/{item.id}", listing=item.title)
        db.session.commit()

    def pre_update(self, item):
        super().pre_update(item)
        if not is_staff(acting_user()) and item.status == PUBLISHED:
            item.status = PENDING

    def _review(self, items, status: str):
        if not is_staff(acting_user()):
            flash(gettext("Only platform staff review listings."), "danger")
            return redirect(self.get_redirect())
        for item in items if isinstance(items, list) else [items]:
            item.status = status
            item.published_on = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) if status == PUBLISHED else None
            notify(db.session, members(db.session, item.organisation),
                   _l("Your listing was published: %(listing)s") if status == PUBLISHED else
                   _l("Your listing was not published: %(listing)s"), url=f"/ip/ipofferview/show/{item.id}",
                   listing=item.title)
        db.session.commit()
        return redirect(self.get_redirect())

    @action("publish", _l("Publish"), _l("Publish the selected listings?"), "fa-check")
    def publish(self, items):
        return self._review(items, PUBLISHED)

    @action("reject", _l("Reject"), _l("Reject the selected listings?"), "fa-ban")
    def reject(self, items):
        return self._review(items, REJECTED)

    @action("close", _l("Close"), _l("Close the selected listings?"), "fa-archive")
    def close(self, items):
        for item in items if isinstance(items, list) else [items]:
            item.status = CLOSED
        db.session.commit()
        return redirect(self.get_redirect())


class PatentImportView(ImportView):
    route_base = "/ip/patents-import"
    row_format = PATENT_FILE
    title = _l("Import patents")
    columns_help = _l("xlsx or UTF-8 CSV with a header row and the columns: application number, title, applicant, "
                      "type (发明/实用新型/外观设计; empty: read from the number), IPC classes, status "
                      "(审中/授权/失效/无效), filed on, granted on, abstract. Numbers are checked by their check digit; "
                      "importing the same file again changes nothing.")


class TrademarkImportView(ImportView):
    route_base = "/ip/trademarks-import"
    row_format = TRADEMARK_FILE
    title = _l("Import trademarks")
    columns_help = _l("xlsx or UTF-8 CSV with a header row and the columns: trademark number, trademark, applicant, "
                      "Nice classes (29,30), status (申请中/已注册/已失效/无效), filed on, registered on, expires on. "
                      "Importing the same file again changes nothing.")


class PatentApi(QiModelRestApi):
    resource_name = "ip_patent"
    datamodel = SQLAInterface(Patent)
    list_columns = show_columns = ["id", "application_number", "title", "applicant", "patent_type", "ipc", "status",
                                   "filed_on", "granted_on"]
    search_columns = ["application_number", "title", "applicant", "patent_type", "status"]
    include_route_methods = {"get", "get_list", "info"}


class TrademarkApi(QiModelRestApi):
    resource_name = "ip_trademark"
    datamodel = SQLAInterface(Trademark)
    list_columns = show_columns = ["id", "registration_number", "name", "applicant", "nice_classes", "status",
                                   "registered_on", "expires_on"]
    search_columns = ["registration_number", "name", "applicant", "status"]
    include_route_methods = {"get", "get_list", "info"}
