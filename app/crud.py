"""Base classes for CRUD views and REST APIs of the core and of plugins.

Permissions are per resource and per kind of access, as in Superset: a view's list, show and
download are ``can_read``; add, edit, delete and actions are ``can_write``. Roles then read as
"Enterprise can read MetrologyLedger" instead of one permission per endpoint.
"""
from flask_appbuilder import ModelRestApi, ModelView
from wtforms import BooleanField
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, InputRequired

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


def _optional_checkboxes(form_class) -> None:
    """FAB makes every NOT NULL column required, so an unticked box of a NOT NULL boolean would
    fail validation and a flag could never be switched off; a checkbox is always an answer."""
    for name in dir(form_class):
        field = getattr(form_class, name, None)
        if isinstance(field, UnboundField) and issubclass(field.field_class, BooleanField):
            field.kwargs["validators"] = [v for v in field.kwargs.get("validators") or []
                                          if not isinstance(v, (InputRequired, DataRequired))]


class QiModelView(ModelView):
    """A ModelView with read/write permissions; set ``class_permission_name`` to the resource."""

    method_permission_name = READ_WRITE_VIEW

    def _init_forms(self):
        super()._init_forms()
        _optional_checkboxes(self.add_form)
        _optional_checkboxes(self.edit_form)


class QiModelRestApi(ModelRestApi):
    """A ModelRestApi with read/write permissions; set ``class_permission_name`` to the resource."""

    method_permission_name = READ_WRITE_API
