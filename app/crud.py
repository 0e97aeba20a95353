"""Base classes for CRUD views and REST APIs of the core and of plugins.

Permissions are per resource and per kind of access, as in Superset: a view's list, show and
download are ``can_read``; add, edit, delete and actions are ``can_write``. Roles then read as
"Enterprise can read MetrologyLedger" instead of one permission per endpoint.
"""
import copy
import csv
import io

import sqlalchemy as sa

from flask import Response, abort, flash, has_request_context, redirect, request, url_for
from markupsafe import Markup
from flask_babel import gettext
from flask_appbuilder import ModelRestApi, ModelView, expose, has_access
from flask_appbuilder.urltools import get_filter_args
from sqlalchemy.exc import IntegrityError
from werkzeug.routing import BuildError
from werkzeug.wrappers import Response as BaseResponse
from wtforms import BooleanField, HiddenField
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, InputRequired, Optional, Regexp

from . import form_tokens
from .choices import limit_relation_fields
from .extensions import db
from .list_loading import ListInterface
from .rest_safety import SafeRestApi
from .scoping import ScopeFilter, acting_user, is_staff, user_organisation_id
from .web.search_widget import KeptSearchWidget
from .spreadsheets import safe_cell

READ_WRITE_VIEW = {
    "list": "read",
    "show": "read",
    "download": "read",
    "api_read": "read",
    "api_get": "read",
    "api_column_add": "write",
    "api_column_edit": "write",
    "api_readvalues": "read",
    "add": "write",
    "edit": "write",
    "delete": "write",
    "action": "write",
    "action_post": "write",
    "api_create": "write",
    "api_update": "write",
    "api_delete": "write",
    "api": "read",
}

READ_WRITE_API = {
    "get": "read",
    "get_list": "read",
    "info": "read",
    "post": "write",
    "put": "write",
    "delete": "write",
}


def choices(labels: dict) -> list[tuple[str, str]]:
    """A select field's choices from a {code: lazy label} mapping, in the user's language."""
    return [(code, str(label)) for code, label in labels.items()]


def yes_no(value) -> str:
    """A boolean column as list and show pages print it, in the user's language."""
    return gettext("Yes") if value else gettext("No")


def page_link(endpoint: str, argument: str = "number"):
    """A list formatter showing a case number (or any key) as a link to its page, and as plain text in
    the CSV export: ``formatters_columns = {"number": page_link("NeedCaseView.case")}``."""
    from markupsafe import Markup, escape

    def link(value):
        if (request.endpoint or "").endswith(".export"):
            return value
        return Markup('<a href="{}">{}</a>').format(url_for(endpoint, **{argument: value}), escape(value))

    return link


def _optional_checkboxes(form_class) -> None:
    """FAB makes every NOT NULL column required, so an unticked box of a NOT NULL boolean would
    fail validation and a flag could never be switched off; a checkbox is always an answer."""
    for name in dir(form_class):
        field = getattr(form_class, name, None)
        if isinstance(field, UnboundField) and issubclass(field.field_class, BooleanField):
            field.kwargs["validators"] = [v for v in field.kwargs.get("validators") or []
                                          if not isinstance(v, (InputRequired, DataRequired))]


class RequestFilters:
    """A view's ``_filters`` kept per request: FAB keeps them on the view (or API) instance, which
    every request shares, so one user's list filters could reach another's list or export."""

    def __get__(self, view, owner=None):
        if view is None:
            return self
        if not has_request_context():
            return view.__dict__.get("_qi_filters")
        per_request = request.__dict__.setdefault("_qi_view_filters", {})
        if id(view) not in per_request:
            per_request[id(view)] = self._fresh(view)
        return per_request[id(view)]

    @staticmethod
    def _fresh(view):
        """A copy of the start-up filters with none active: the filters offered per column are the
        same for every request (building them converts every column, a twentieth of a list page)."""
        start = view.__dict__.get("_qi_filters")
        if start is None or start.search_columns != (view.search_columns or []):
            return view.datamodel.get_filters(
                search_columns=view.search_columns, search_filters=getattr(view, "search_filters", None))
        fresh = copy.copy(start)
        fresh.clear_filters()
        return fresh

    def __set__(self, view, value):
        view.__dict__["_qi_filters"] = value  # FAB's __init__ sets the start-up filters


class LeanLists:
    """Mixin for a FAB ModelView, the platform's (``QiModelView``) and FAB's own security lists
    (``app.auth.security_views``): relation columns of a page in one statement per relation
    (``app.list_loading``), not one per row; relation filters looked up as the user types
    (``app.choices``); filters per request; the search widget's parts kept per view and language."""

    _filters = RequestFilters()
    search_widget = KeptSearchWidget

    def __init__(self, **kwargs):
        self.datamodel = ListInterface.of(self.datamodel)
        super().__init__(**kwargs)

    def _init_forms(self):
        super()._init_forms()
        limit_relation_fields(self, self.search_form, self.search_form_query_rel_fields, "search")


class QiModelView(LeanLists, ModelView):
    """A ModelView with read/write permissions on its resource (``app.access`` names it).
    Its ``@action`` methods (publish, close …) need ``can_write`` too."""

    method_permission_name = READ_WRITE_VIEW

    def __init__(self, **kwargs):
        actions = {name: "write" for name in dir(type(self)) if hasattr(getattr(type(self), name), "_action")}
        self.method_permission_name = {**actions, **self.method_permission_name}
        super().__init__(**kwargs)
        # Date-times in China time to the minute, per language (app.i18n.moments), unless the view
        # formats a column itself.
        from .i18n.moments import moment_formatters

        found = moment_formatters(self.datamodel.obj, [*(self.list_columns or []), *(self.show_columns or [])])
        self.formatters_columns = {**found, **(self.formatters_columns or {})}
        # FAB offers a Python property of list_columns as a sortable header, and sorting by it raises.
        model = self.datamodel.obj
        self.order_columns = [c for c in self.order_columns if not isinstance(getattr(model, c, None), property)]

    def _init_titles(self):
        """Panel titles from the list's translated title (FAB builds "Add Instrument" from the class
        name, in English whatever the reader's language)."""
        from .i18n.fab import panel_title

        heading = self.list_title
        if heading:
            self.add_title = self.add_title or panel_title("add", heading)
            self.edit_title = self.edit_title or panel_title("edit", heading)
            self.show_title = self.show_title or panel_title("show", heading)
        super()._init_titles()

    def _init_forms(self):
        super()._init_forms()
        _optional_checkboxes(self.add_form)
        _optional_checkboxes(self.edit_form)
        # Every relation drop-down (search filters: LeanLists, add and edit forms) offers only rows
        # the user may see, and a bounded number of them (app.choices).
        limit_relation_fields(self, self.add_form, self.add_form_query_rel_fields, "add")
        limit_relation_fields(self, self.edit_form, self.edit_form_query_rel_fields, "edit")
        if self.add_form is not None and not hasattr(self.add_form, form_tokens.FIELD):
            setattr(self.add_form, form_tokens.FIELD, HiddenField(
                default=form_tokens.new_token, validators=[Optional(), Regexp(form_tokens.TOKEN_PATTERN)]))

    # Where saving returns when the view's own list is not where its rows are listed (an overview page
    # of a plugin): an endpoint name. None: the view's own list.
    list_endpoint: str | None = None

    def return_url(self) -> str:
        """After a save or delete: the list the user came from (``app.web.return_to``), same site only."""
        from .web.return_to import return_url

        try:
            list_url = url_for(self.list_endpoint or f"{self.endpoint}.list")
        except BuildError:  # a view without a list page
            list_url = None
        return return_url(list_url, self.appbuilder.get_url_for_index)

    def post_add_redirect(self):
        """Back to the list the user came from, not FAB's page history (which leads to the home page)."""
        return redirect(self.return_url())

    def post_edit_redirect(self):
        """Back to the list the user came from."""
        return redirect(self.return_url())

    def post_delete_redirect(self):
        """Back to the list the user came from."""
        return redirect(self.return_url())

    @expose("/add", methods=["GET", "POST"])
    @has_access
    def add(self):
        """FAB's add page; a form sent again leads to the record it already made (``_add``)."""
        widgets = self._add()
        if isinstance(widgets, BaseResponse):
            return widgets
        if not widgets:
            return self.post_add_redirect()
        return self.render_template(self.add_template, title=self.add_title, widgets=widgets)

    def _add(self):
        """FAB's ``_add`` with the add form's one-use token claimed in the same transaction as the
        new record (``app.form_tokens``): a double submit makes one row."""
        if request.method != "POST":
            return super()._add()
        get_filter_args(self._filters, disallow_if_not_in_search=False)
        exclude_cols = self._filters.get_relation_cols()
        form = self.add_form.refresh()
        self._fill_form_exclude_cols(exclude_cols, form)
        if not form.validate():
            return self._get_add_widget(form=form, exclude_cols=exclude_cols)
        token = None
        if form_tokens.FIELD in form:
            token = form[form_tokens.FIELD].data or None
            del form[form_tokens.FIELD]
        if token and form_tokens.record_of(db.session, self.endpoint, token) is not None:
            return self._already_made(token)
        self.process_form(form, True)
        item = self.datamodel.obj()
        try:
            form.populate_obj(item)
            self.pre_add(item)
        except Exception as exc:  # FAB's behaviour: pre_add refuses with a message
            flash(str(exc), "danger")
            return None
        try:
            if token:
                db.session.add(item)
                db.session.flush()
                form_tokens.claim(db.session, self.endpoint, token, self.datamodel.get_pk_value(item))
            self.datamodel.add(item)
        except IntegrityError:
            db.session.rollback()
            if token and form_tokens.record_of(db.session, self.endpoint, token) is not None:
                return self._already_made(token)
            flash(str(self.database_error_message), "danger")
            return None
        except Exception as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return None
        self.post_add(item)
        flash(self.add_row_message, "success")
        return None

    def _already_made(self, token: str):
        """The answer to a form sent again: the record its first post made."""
        flash(gettext("This form was already sent; the record it made is shown."), "info")
        record_id = form_tokens.record_of(db.session, self.endpoint, token)
        try:
            return redirect(url_for(f"{self.endpoint}.show", pk=record_id))
        except BuildError:  # a view without a show page
            return self.post_add_redirect()

    @expose("/action_post", methods=["POST"])
    def action_post(self):
        """FAB's own reads the ticked rows without the base filters (a forged row id would reach
        another organisation's row) and answers a refused action with a redirect; here a refusal is
        a 403 like every other permission check."""
        return self._run_action(request.form["action"], request.form.getlist("rowid"))

    @expose("/action/<string:name>/<pk>", methods=["POST"])
    def action(self, name, pk):
        """A show page's action button posts here with the CSRF token; never by GET."""
        return self._run_action(name, [pk], single=True)

    def _run_action(self, name: str, pks: list, single: bool = False):
        if name not in self.actions:  # app.web.view_args refuses it first, with a message
            abort(400)
        if not self.appbuilder.sm.has_access(self.get_action_permission_name(name), self.class_permission_name):
            abort(403)
        items = [self.datamodel.get(self._deserialize_pk_if_composite(pk), self._base_filters) for pk in pks]
        if any(item is None for item in items):
            abort(404)
        return self.actions[name].func(items[0] if single else items)




class QiModelRestApi(SafeRestApi, ModelRestApi):
    """A ModelRestApi with read/write permissions on its resource (``app.access`` names it). Bad
    arguments are 400s, related-field choices are scoped and the spec is corrected (``app.rest_safety``)."""

    method_permission_name = READ_WRITE_API
    _filters = RequestFilters()


class _KeepsOwner:
    """Rows added by a non-staff user belong to their organisation; no edit moves them."""

    def pre_add(self, item):
        keep_owner(item)
        super().pre_add(item)

    def pre_update(self, item):
        refuse_move(item)
        super().pre_update(item)


class CsvExport:
    """Mixin for a QiModelView: ``/export/``, the list as CSV (UTF-8 with BOM, so Excel opens Chinese
    text), with the list's columns and this request's filters and order (its base filters too: a
    scoped view exports only what it lists); cells a spreadsheet would read as a formula are
    neutralised. Each export is written to the audit trail. Put ``export`` in
    ``include_route_methods`` when the view lists its routes."""

    export_limit = 50_000

    def __init__(self, **kwargs):
        self.method_permission_name = {**self.method_permission_name, "export": "read"}  # before FAB reads it
        super().__init__(**kwargs)

    def _export_order(self) -> tuple[str, str]:
        """This request's sort (``_oc_<View>``/``_od_<View>``, as the list page sends it) or the
        view's base order; an unknown column or direction is a 400."""
        name = type(self).__name__
        column = request.args.get(f"_oc_{name}")
        if not column:
            return self.base_order or ("", "")
        direction = request.args.get(f"_od_{name}", "asc")
        if column not in (self.order_columns or []) or direction not in ("asc", "desc"):
            abort(400)
        return column, direction

    @expose("/export/")
    @has_access
    def export(self):
        filters = self._filters  # this request's own (see QiModelView._filters)
        get_filter_args(filters)
        order_column, order_direction = self._export_order()
        joined_filters = filters.get_joined_filters(self._base_filters)
        _count, rows = self.datamodel.query(joined_filters, order_column, order_direction,
                                            page=0, page_size=self.export_limit)
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow([str(self.label_columns.get(c, c)) for c in self.list_columns])
        for row in rows:
            writer.writerow([_cell(self, row, c) for c in self.list_columns])
        name = f"{self.datamodel.obj.__tablename__}.csv"
        from .audit.models import EXPORT
        from .audit.trail import record

        record(EXPORT, self.datamodel.obj.__tablename__, None, view=type(self).__name__, rows=len(rows),
               arguments=request.args.to_dict(flat=False))
        return Response(buffer.getvalue(), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f"attachment; filename={name}"})


class ScopedModelView(_KeepsOwner, CsvExport, QiModelView):
    """A QiModelView whose every list, show, edit, delete and export is limited to the rows the
    user may see (``app.scoping``): a row out of scope is a 404, whatever its id.

    The model must declare ``__scope__``. A non-staff user's new row belongs to their own
    organisation whatever the form says, its drop-downs offer only rows they may see (QiModelView),
    and no edit moves a row to another organisation. Adds ``/export`` (``CsvExport``): the scoped
    list as CSV.
    """

    def __init__(self, **kwargs):
        if not getattr(self.datamodel.obj, "__scope__", None):
            raise TypeError(f"{self.datamodel.obj.__name__} has no __scope__: it cannot be scoped")
        self.base_filters = [["id", ScopeFilter, None]] + list(self.base_filters or [])
        super().__init__(**kwargs)

    def hidden_owner_field(self) -> str | None:
        """The form field naming the owning organisation when the user never chooses it: a member of
        one organisation (every non-staff user with one) has it set on save (``keep_owner``), so the
        drop-down is left out of their add and edit forms. None for staff, who choose."""
        owner = owner_relationship(self.datamodel.obj)
        if owner is None or is_staff(acting_user()) or user_organisation_id(acting_user()) is None:
            return None
        return owner.key

    def _without_owner(self, form, exclude_cols) -> list:
        """``exclude_cols`` and the hidden owner field; what its validators said about the user's own
        organisation (not approved for this kind of listing …) is flashed, as no field shows it."""
        hidden = self.hidden_owner_field()
        if not hidden:
            return list(exclude_cols or [])
        if form is not None and hidden in form:
            for error in form[hidden].errors:
                flash(str(error), "danger")
        return [*(exclude_cols or []), hidden]

    def _get_add_widget(self, form, exclude_cols=None, widgets=None):
        return super()._get_add_widget(form, self._without_owner(form, exclude_cols), widgets)

    def _get_edit_widget(self, form, exclude_cols=None, widgets=None):
        return super()._get_edit_widget(form, self._without_owner(form, exclude_cols), widgets)

    def _fill_form_exclude_cols(self, exclude_cols, form):
        """FAB's, and a posted form's hidden owner field holds the user's own organisation whatever
        was sent for it, as FAB fills the relations it leaves out (``keep_owner`` / ``refuse_move``
        decide again on save)."""
        super()._fill_form_exclude_cols(exclude_cols, form)
        hidden = self.hidden_owner_field()
        if hidden and hidden in form:
            owner = owner_relationship(self.datamodel.obj)
            form[hidden].data = db.session.get(owner.mapper.class_, user_organisation_id(acting_user()))

def _owner_column(model) -> str | None:
    """The column naming the organisation that owns a row (not the organisation table's own id)."""
    column = model.__scope__.get("organisation")
    return None if column == "id" else column


def owner_relationship(model):
    """The many-to-one relationship to the owning organisation (the ``organisation`` scope column)."""
    column = _owner_column(model)
    for relationship in sa.inspect(model).relationships:
        if relationship.direction.name == "MANYTOONE" and column in {c.key for c in relationship.local_columns}:
            return relationship
    return None


def keep_owner(item) -> None:
    """A non-staff user's new row belongs to their own organisation, whatever was submitted."""
    model = type(item)
    column = _owner_column(model)
    user = acting_user()
    if not column or is_staff(user):
        return
    org = user_organisation_id(user)
    if org is None:
        raise ValueError(gettext("Your account does not belong to an organisation."))
    setattr(item, column, org)
    owner = owner_relationship(model)
    if owner is not None:
        setattr(item, owner.key, db.session.get(owner.mapper.class_, org))


def refuse_move(item) -> None:
    """No non-staff edit moves a row to another organisation (the change is rolled back)."""
    model = type(item)
    column, owner = _owner_column(model), owner_relationship(model)
    state = sa.inspect(item)
    moved = bool(column) and state.attrs[column].history.has_changes() or \
        owner is not None and state.attrs[owner.key].history.has_changes()
    if moved and not is_staff(acting_user()):
        db.session.rollback()
        raise ValueError(gettext("A record cannot be moved to another organisation."))


def _cell(view, row, column):
    """A CSV cell: numbers as they are, text neutralised against formula injection."""
    value = getattr(row, column, "")
    formatter = (view.formatters_columns or {}).get(column)
    if formatter:
        shown = formatter(value)
        # a formatter's markup (an identifier as <code>) is for the page: the file gets its text
        return safe_cell(shown.striptags() if isinstance(shown, Markup) else str(shown))
    return safe_cell("" if value is None else value if isinstance(value, (int, float)) else str(value))


class ScopedModelRestApi(_KeepsOwner, QiModelRestApi):
    """A QiModelRestApi limited like ScopedModelView: out-of-scope rows are 404 on get, put, delete."""

    def __init__(self):
        if not getattr(self.datamodel.obj, "__scope__", None):
            raise TypeError(f"{self.datamodel.obj.__name__} has no __scope__: it cannot be scoped")
        self.base_filters = [["id", ScopeFilter, None]] + list(self.base_filters or [])
        super().__init__()
