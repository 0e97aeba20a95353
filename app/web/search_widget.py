"""FAB's search widget with its column parts worked out once per view and language.

FAB's ``SearchWidget`` renders every search column's field and translates every filter's name
on each list page (about a seventh of a list page's time, issue 16), although with no filter
active they are the same for every request: the fields are empty (a search form is not bound to
a GET) and a relation filter renders no rows (``app.web.lookup``). They are kept with the app
per view, language and script root; a page with an active filter, or a view with a field whose
options come from a query, is rendered as FAB does.
"""
from __future__ import annotations

from flask import current_app, request
from flask_appbuilder._compat import as_unicode
from flask_appbuilder.widgets import SearchWidget
from flask_babel import get_locale
from wtforms import SelectFieldBase

from app.choices import is_search_lookup

KEPT = "qi_search_widgets"


def _kept_fields(form, columns) -> bool:
    """Whether the columns' fields render the same for every request: no field offers options
    read from the database, except the lookup fields, which render none on a search form."""
    for col in columns:
        field = form[col]
        if isinstance(field, SelectFieldBase) and not is_search_lookup(field):
            choices = getattr(field, "choices", None)
            if choices is None or callable(choices):
                return False
    return True


class KeptSearchWidget(SearchWidget):
    """FAB's search widget; the column parts are kept while no filter is active."""

    def _parts(self) -> tuple[dict, dict, dict]:
        form, filters = self.template_args["form"], self.filters.get_search_filters()
        labels, fields, names = {}, {}, {}
        for col in self.template_args["include_cols"]:
            labels[col] = as_unicode(form[col].label.text)
            fields[col] = form[col]()
            names[col] = [as_unicode(flt.name) for flt in filters[col]]
        return labels, fields, names

    def __call__(self, **kwargs):
        columns = self.template_args["include_cols"]
        form = self.template_args["form"]
        key = (self.template_args.get("route_base"), type(form), tuple(columns), str(get_locale()),
               request.script_root)
        kept = current_app.extensions.setdefault(KEPT, {})
        # A filter in the address (even one FAB ignores) shows its rows in the lookup field.
        active = bool(self.filters.filters) or any(arg.startswith("_flt_") for arg in request.args)
        parts = None if active else kept.get(key)
        if parts is None:
            parts = self._parts()
            if not active and _kept_fields(form, columns):
                kept[key] = parts
        kwargs["label_columns"], kwargs["form_fields"], kwargs["search_filters"] = parts
        kwargs["active_filters"] = self.filters.get_filters_values_tojson()
        # Skip SearchWidget.__call__ (it would build the parts again) for the template render.
        return super(SearchWidget, self).__call__(**kwargs)
