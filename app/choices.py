"""Relation drop-downs (search filters, add and edit forms) that offer only what the user may see.

FAB fills the ``<select>`` of a relation with every row of the related table: an enterprise user's
search form of its own change requests carried the name of every organisation on the platform.
``limit_relation_fields`` replaces those fields of a view's forms with ``LimitedQuerySelectField``:

- the options go through ``app.scoping.choices_condition`` (the same scoping as lists; an
  unscoped table is offered to non-staff only when it says it is public reference data);
- at most ``QI_RELATED_CHOICES_LIMIT`` options are rendered (default 200), plus the current value,
  so no page embeds a whole table;
- a submitted id is looked up in the same limited query (not only among the rendered options), so
  staff can still pick any row they may see by its id.
"""
from __future__ import annotations

from flask import current_app, has_app_context
from flask_appbuilder.fields import QuerySelectField, QuerySelectMultipleField
from wtforms.fields.core import UnboundField
from wtforms.validators import ValidationError

from .scoping import ChoicesFilter

DEFAULT_LIMIT = 200
_MAX_ID = 2**63 - 1


def choices_limit() -> int:
    """How many options a relation drop-down renders at most (``QI_RELATED_CHOICES_LIMIT``)."""
    if has_app_context():
        return int(current_app.config.get("QI_RELATED_CHOICES_LIMIT", DEFAULT_LIMIT))
    return DEFAULT_LIMIT


class RelatedChoices:
    """The rows of a related model one drop-down may offer: a first page, and any one by its id."""

    def __init__(self, datamodel, filter_list):
        self.datamodel = datamodel
        self.filter_list = [["id", ChoicesFilter, None], *filter_list]

    def _filters(self):
        return self.datamodel.get_filters().add_filter_list(self.filter_list)

    def __call__(self) -> list:
        order = self.datamodel.get_pk_name()
        return self.datamodel.query(self._filters(), order, "asc", page=0, page_size=choices_limit())[1]

    def find(self, pk):
        """The row with this id if the drop-down may offer it, else None."""
        text = str(pk)
        if not text.isdigit() or int(text) > _MAX_ID:
            return None
        return self.datamodel.get(int(text), self._filters())


class LimitedQuerySelectField(QuerySelectField):
    """FAB's QuerySelectField over a ``RelatedChoices``: bounded options, ids checked in the database."""

    def _get_object_list(self):
        if self._object_list is None:
            objects = list(self.query_func())
            current = self._data
            if current is not None and current not in objects:
                objects.append(current)
            self._object_list = [(str(self.get_pk_func(obj)), obj) for obj in objects]
        return self._object_list

    def _get_data(self):
        if self._formdata is not None:
            self._set_data(self.query_func.find(self._formdata))
        return self._data

    def _set_data(self, data):
        self._data = data
        self._formdata = None

    data = property(_get_data, _set_data)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self._submitted = bool(valuelist) and valuelist[0] not in ("", "__None")

    def pre_validate(self, form):
        if self.data is None and (getattr(self, "_submitted", False) or not self.allow_blank):
            raise ValidationError(self.gettext("Not a valid choice"))


class LimitedQuerySelectMultipleField(QuerySelectMultipleField):
    """FAB's QuerySelectMultipleField over a ``RelatedChoices``."""

    def _get_object_list(self):
        if self._object_list is None:
            objects = list(self.query_func())
            objects += [obj for obj in (self._data or []) if obj not in objects]
            self._object_list = [(str(self.get_pk_func(obj)), obj) for obj in objects]
        return self._object_list

    def _get_data(self):
        if self._formdata is not None:
            found = [self.query_func.find(pk) for pk in self._formdata]
            self._invalid_formdata = any(obj is None for obj in found)
            self._set_data([obj for obj in found if obj is not None])
        return self._data

    def _set_data(self, data):
        self._data = data
        self._formdata = None

    data = property(_get_data, _set_data)

    def pre_validate(self, form):
        self.data  # noqa: B018 - resolves the submitted ids
        if self._invalid_formdata:
            raise ValidationError(self.gettext("Not a valid choice"))


_LIMITED = {QuerySelectField: LimitedQuerySelectField, QuerySelectMultipleField: LimitedQuerySelectMultipleField}


def limit_relation_fields(view, form_class, filter_rel_fields: dict | None) -> None:
    """Swap every relation field of ``form_class`` (built by FAB for ``view``) for a limited one;
    ``filter_rel_fields`` are the view's own filters of that form (they still apply)."""
    if form_class is None:
        return
    for name in dir(form_class):
        field = getattr(form_class, name, None)
        if not isinstance(field, UnboundField) or field.field_class not in _LIMITED:
            continue
        if not view.datamodel.is_relation(name):
            continue
        related = view.datamodel.get_related_interface(name)
        field.field_class = _LIMITED[field.field_class]
        field.kwargs["query_func"] = RelatedChoices(related, list((filter_rel_fields or {}).get(name, [])))
