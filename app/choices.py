"""Relation drop-downs (search filters, add and edit forms) that offer only what the user may see.

FAB fills the ``<select>`` of a relation with every row of the related table: an enterprise user's
search form of its own change requests carried the name of every organisation on the platform.
``limit_relation_fields`` replaces those fields of a view's forms with ``LimitedQuerySelectField``:

- the options go through ``app.scoping.choices_condition`` (the same scoping as lists; an
  unscoped table is offered to non-staff only when it says it is public reference data);
- an add or edit form renders at most ``QI_RELATED_CHOICES_LIMIT`` options (default 20) plus the
  current value, a search form only the rows the list is filtered by, so no page embeds a whole
  table whatever its size (a search form listing every organisation was 1.1 MB of HTML at 10,000
  organisations);
- the rest are found as the user types: the field carries the address of its lookup
  (``app.web.lookup``: the same limited query, matched on the row's name, 20 a page), which
  ``qi-lookup.js`` gives to select2; without JavaScript the first options still work;
- a submitted id is looked up in the same limited query (not only among the rendered options), so
  staff can still pick any row they may see by its id.
"""
from __future__ import annotations

import re

from flask import current_app, has_app_context, has_request_context, request, url_for
from flask_appbuilder.fields import QuerySelectField, QuerySelectMultipleField
from flask_appbuilder.models.sqla.filters import FilterContains, FilterEqual
from flask_babel import lazy_gettext as _l
from wtforms import widgets
from wtforms.fields.core import UnboundField
from wtforms.validators import ValidationError

from .scoping import ChoicesFilter

DEFAULT_LIMIT = 20
LOOKUP_PAGE = 20
_MAX_ID = 2**63 - 1
_FILTERED_SHOWN = 5  # rows a list is filtered by that its search form names, at most
# The column a typed text is matched on: the first of these the related model has.
TEXT_COLUMNS = ("name", "number", "title", "username", "code", "product", "label")


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

    def _rows(self, filters, order: str, offset: int, limit: int) -> list:
        # One statement: FAB's ``query`` counts every matching row first, which a drop-down never shows.
        query = self.datamodel.apply_all(self.datamodel.session.query(self.datamodel.obj), filters, order, "asc")
        return query.offset(offset).limit(limit).all()

    def __call__(self) -> list:
        return self._rows(self._filters(), self.datamodel.get_pk_name(), 0, choices_limit())

    def find(self, pk):
        """The row with this id if the drop-down may offer it, else None."""
        text = str(pk)
        if not text.isdigit() or int(text) > _MAX_ID:
            return None
        return self.datamodel.get(int(text), self._filters())

    def text_column(self) -> str | None:
        """The column typed text is matched on (None: only an id can be typed)."""
        columns = self.datamodel.get_columns_list()
        return next((c for c in TEXT_COLUMNS if c in columns and not self.datamodel.is_relation(c)), None)

    def search(self, text: str, page: int) -> tuple[list, bool]:
        """One page (1-based) of the rows matching ``text``, and whether more follow; an id typed
        as digits finds that row too."""
        filters = self._filters()
        column = self.text_column()
        text = text.strip()
        if text and column:
            filters.add_filter(column, FilterContains, text)
        elif text:
            if not text.isdigit() or int(text) > _MAX_ID:
                return [], False
            filters.add_filter(self.datamodel.get_pk_name(), FilterEqual, int(text))
        order = column or self.datamodel.get_pk_name()
        rows = self._rows(filters, order, (page - 1) * LOOKUP_PAGE, LOOKUP_PAGE + 1)
        return rows[:LOOKUP_PAGE], len(rows) > LOOKUP_PAGE


class LookupSelect(widgets.Select):
    """A select of the bounded options that ``qi-lookup.js`` turns into a search-as-you-type box."""

    def __init__(self, multiple: bool = False):
        super().__init__(multiple=multiple)

    def __call__(self, field, **kwargs):
        kwargs["class"] = "qi-lookup form-control"
        kwargs["data-placeholder"] = str(_l("Type to search"))
        address = getattr(field, "lookup_url", None)
        if address:
            kwargs["data-lookup"] = address
        if "name_" in kwargs:
            field.name = kwargs["name_"]
        return super().__call__(field, **kwargs)


class _Lookup:
    """What a limited field shares: its lookup address and the rows a list is filtered by."""

    lookup: tuple | None = None  # (view, form kind, field name); the view's endpoint is known once registered

    @property
    def lookup_url(self) -> str | None:
        if not self.lookup or not has_request_context():
            return None
        view, kind, name = self.lookup
        return url_for("RelationLookupView.lookup", view=view.endpoint, kind=kind, field=name)

    def _first_rows(self) -> list:
        """The options rendered before anything is typed. A search form renders none (only the rows
        the list is filtered by): FAB's filters need JavaScript, which looks the rows up, so a list
        page pays no query per relation filter."""
        if self.lookup and self.lookup[1] == "search":
            return []
        return list(self.query_func())

    def _filtered_rows(self) -> list:
        """The rows the current list is filtered by on this field (``_flt_<n>_<field>`` arguments), so
        the search form can show them although they are not among the first options."""
        if not self.lookup or self.lookup[1] != "search" or not has_request_context():
            return []
        pattern = re.compile(rf"_flt_\d+_{re.escape(self.lookup[2])}$")
        ids = [v for k, v in request.args.items(multi=True) if pattern.match(k)][:_FILTERED_SHOWN]
        return [row for row in map(self.query_func.find, ids) if row is not None]


def is_search_lookup(field) -> bool:
    """Whether a bound field is a search form's lookup field: it renders no option but the rows the
    list is filtered on (``_filtered_rows``)."""
    return isinstance(field, _Lookup) and bool(field.lookup) and field.lookup[1] == "search"


class LimitedQuerySelectField(_Lookup, QuerySelectField):
    """FAB's QuerySelectField over a ``RelatedChoices``: bounded options, ids checked in the database."""

    def __init__(self, *args, lookup=None, **kwargs):
        kwargs["widget"] = LookupSelect()
        super().__init__(*args, **kwargs)
        self.lookup = lookup

    def _get_object_list(self):
        if self._object_list is None:
            objects = self._first_rows()
            current = self._data
            if current is not None and current not in objects:
                objects.append(current)
            objects += [row for row in self._filtered_rows() if row not in objects]
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


class LimitedQuerySelectMultipleField(_Lookup, QuerySelectMultipleField):
    """FAB's QuerySelectMultipleField over a ``RelatedChoices``."""

    def __init__(self, *args, lookup=None, **kwargs):
        kwargs["widget"] = LookupSelect(multiple=True)
        super().__init__(*args, **kwargs)
        self.lookup = lookup

    def _get_object_list(self):
        if self._object_list is None:
            objects = self._first_rows()
            objects += [obj for obj in (self._data or []) if obj not in objects]
            objects += [row for row in self._filtered_rows() if row not in objects]
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


def limit_relation_fields(view, form_class, filter_rel_fields: dict | None, kind: str) -> None:
    """Swap every relation field of ``form_class`` (built by FAB for ``view``) for a limited one that
    looks up the rest as the user types; ``filter_rel_fields`` are the view's own filters of that
    form (they still apply); ``kind`` names the form (search, add or edit) for its lookup."""
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
        field.kwargs["lookup"] = (view, kind, name)
        field.kwargs.pop("widget", None)


def related_choices(form_class, name: str) -> "RelatedChoices | None":
    """The ``RelatedChoices`` of a limited relation field of a form class, if it is one."""
    field = getattr(form_class, name, None) if form_class is not None else None
    if isinstance(field, UnboundField) and field.field_class in _LIMITED.values():
        return field.kwargs.get("query_func")
    return None
