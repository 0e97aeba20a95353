"""Base classes for CRUD views and REST APIs of the core and of plugins.

Permissions are per resource and per kind of access, as in Superset: a view's list, show and
download are ``can_read``; add, edit, delete and actions are ``can_write``. Roles then read as
"Enterprise can read MetrologyLedger" instead of one permission per endpoint.
"""
import csv
import io

import sqlalchemy as sa

from flask import Response, abort, request
from flask_babel import gettext
from flask_appbuilder import ModelRestApi, ModelView, expose, has_access
from wtforms import BooleanField
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, InputRequired

from .extensions import db
from .rest_safety import SafeRestApi
from .scoping import ScopeFilter, acting_user, is_staff, user_organisation_id

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


def _optional_checkboxes(form_class) -> None:
    """FAB makes every NOT NULL column required, so an unticked box of a NOT NULL boolean would
    fail validation and a flag could never be switched off; a checkbox is always an answer."""
    for name in dir(form_class):
        field = getattr(form_class, name, None)
        if isinstance(field, UnboundField) and issubclass(field.field_class, BooleanField):
            field.kwargs["validators"] = [v for v in field.kwargs.get("validators") or []
                                          if not isinstance(v, (InputRequired, DataRequired))]


class QiModelView(ModelView):
    """A ModelView with read/write permissions; set ``class_permission_name`` to the resource.
    Its ``@action`` methods (publish, close …) need ``can_write`` too."""

    method_permission_name = READ_WRITE_VIEW

    def __init__(self, **kwargs):
        actions = {name: "write" for name in dir(type(self)) if hasattr(getattr(type(self), name), "_action")}
        self.method_permission_name = {**actions, **self.method_permission_name}
        super().__init__(**kwargs)

    def _init_forms(self):
        super()._init_forms()
        _optional_checkboxes(self.add_form)
        _optional_checkboxes(self.edit_form)


class QiModelRestApi(SafeRestApi, ModelRestApi):
    """A ModelRestApi with read/write permissions; set ``class_permission_name`` to the resource.
    Bad arguments are 400s, related-field choices are scoped and the spec is corrected
    (``app.rest_safety``)."""

    method_permission_name = READ_WRITE_API


class _KeepsOwner:
    """Rows added by a non-staff user belong to their organisation; no edit moves them."""

    def pre_add(self, item):
        keep_owner(item)
        super().pre_add(item)

    def pre_update(self, item):
        refuse_move(item)
        super().pre_update(item)


class ScopedModelView(_KeepsOwner, QiModelView):
    """A QiModelView whose every list, show, edit, delete and export is limited to the rows the
    user may see (``app.scoping``): a row out of scope is a 404, whatever its id.

    The model must declare ``__scope__``. A non-staff user's new row belongs to their own
    organisation whatever the form says, the organisation drop-down offers only rows they may see,
    and no edit moves a row to another organisation. Adds ``/export``: the scoped list as CSV
    (UTF-8 with BOM, so Excel opens Chinese text), with the list's columns, filters and order.
    """

    export_limit = 50_000

    def __init__(self, **kwargs):
        if not getattr(self.datamodel.obj, "__scope__", None):
            raise TypeError(f"{self.datamodel.obj.__name__} has no __scope__: it cannot be scoped")
        self.base_filters = [["id", ScopeFilter, None]] + list(self.base_filters or [])
        self.method_permission_name = {**self.method_permission_name, "export": "read"}
        owner = owner_relationship(self.datamodel.obj)
        if owner is not None:  # the view's own filters on that drop-down still apply
            for name in ("add_form_query_rel_fields", "edit_form_query_rel_fields"):
                fields = dict(getattr(self, name) or {})
                fields[owner.key] = [["id", ScopeFilter, None], *fields.get(owner.key, [])]
                setattr(self, name, fields)
        super().__init__(**kwargs)

    @expose("/action_post", methods=["POST"])
    def action_post(self):
        """FAB's own reads the ticked rows without the base filters: a forged row id would reach
        another organisation's row."""
        return self._run_action(request.form["action"], request.form.getlist("rowid"))

    @expose("/action/<string:name>/<pk>", methods=["GET"])
    def action(self, name, pk):
        if not self.is_get_mutation_allowed():
            abort(405)
        return self._run_action(name, [pk], single=True)

    def _run_action(self, name: str, pks: list, single: bool = False):
        if name not in self.actions or not self.appbuilder.sm.has_access(self.get_action_permission_name(name),
                                                                        self.class_permission_name):
            abort(403)
        items = [self.datamodel.get(self._deserialize_pk_if_composite(pk), self._base_filters) for pk in pks]
        if any(item is None for item in items):
            abort(404)
        return self.actions[name].func(items[0] if single else items)

    @expose("/export/")
    @has_access
    def export(self):
        joined_filters = self._filters.get_joined_filters(self._base_filters)
        order_column, order_direction = self.base_order or ("", "")
        _count, rows = self.datamodel.query(joined_filters, order_column, order_direction,
                                            page=0, page_size=self.export_limit)
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow([str(self.label_columns.get(c, c)) for c in self.list_columns])
        for row in rows:
            writer.writerow([_cell(self, row, c) for c in self.list_columns])
        name = f"{self.datamodel.obj.__tablename__}.csv"
        return Response(buffer.getvalue(), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f"attachment; filename={name}"})


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


def _cell(view, row, column) -> str:
    value = getattr(row, column, "")
    formatter = (view.formatters_columns or {}).get(column)
    return str(formatter(value) if formatter else ("" if value is None else value))


class ScopedModelRestApi(_KeepsOwner, QiModelRestApi):
    """A QiModelRestApi limited like ScopedModelView: out-of-scope rows are 404 on get, put, delete."""

    def __init__(self):
        if not getattr(self.datamodel.obj, "__scope__", None):
            raise TypeError(f"{self.datamodel.obj.__name__} has no __scope__: it cannot be scoped")
        self.base_filters = [["id", ScopeFilter, None]] + list(self.base_filters or [])
        super().__init__()
