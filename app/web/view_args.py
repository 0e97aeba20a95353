"""Arguments of FAB's CRUD views checked before FAB reads them: bad ones are a 400 with a message.

FAB parses ``page_<View>`` and ``psize_<View>`` with a bare ``int()`` (a word is a 500, a huge
number overflows the database's OFFSET/LIMIT), orders by any ``_oc_<View>`` value (an unknown
column is a 500), takes the n-th filter of ``_flt_<n>_<column>`` whatever n (a 500), looks up action names without checking them, and serves ``/download/<file>``
from ``UPLOAD_FOLDER`` even when the app has none. Checking here covers every ModelView, ours, the
plugins' and FAB's own security views alike.
"""
from __future__ import annotations

import re

from flask import Flask, abort, current_app, request
from flask_babel import gettext

from .errors import bad_request

MAX_PAGE = 1_000_000
# FAB's page-size menu offers 25 to 100, and its REST API caps pages at FAB_API_MAX_PAGE_SIZE (100).
MAX_PAGE_SIZE = 100
WHOLE_NUMBER = re.compile(r"\d{1,9}")


def crud_views(appbuilder) -> dict[str, object]:
    """Every CRUD view of the app by class name (FAB names list arguments after the class),
    with the related views shown inside them."""
    from flask_appbuilder.baseviews import BaseCRUDView

    views = {}
    for view in appbuilder.baseviews:
        if isinstance(view, BaseCRUDView):
            views[type(view).__name__] = view
            for related in view.get_init_inner_views() or []:
                views.setdefault(type(related).__name__, related)
    return views


def _crud_index(app) -> tuple[dict[str, object], dict[str, object]]:
    """The CRUD views by class name and by blueprint, built on the first request: views are all
    registered by then and never change, so no request walks the whole list again."""
    index = app.extensions.get("qi_crud_views")
    if index is None:
        by_name = crud_views(app.appbuilder)
        by_blueprint = {view.blueprint.name: view for view in by_name.values()
                        if getattr(view, "blueprint", None) is not None}
        index = app.extensions["qi_crud_views"] = (by_name, by_blueprint)
    return index


def crud_view_of(app, endpoint: str):
    """The registered CRUD view whose blueprint is ``endpoint``, or None."""
    return _crud_index(app)[1].get(endpoint)


def _whole_number(name: str, value: str, low: int, high: int) -> None:
    if not WHOLE_NUMBER.fullmatch(value or "") or not low <= int(value) <= high:
        raise bad_request(gettext("The list argument %(name)s must be a whole number from %(low)d to %(high)d.",
                                  name=name, low=low, high=high))


def check_list_arguments(views: dict) -> None:
    """Page, page size and order arguments as FAB's ``urltools`` finds them (anywhere in a name)."""
    for name in request.args:
        value = request.args.get(name, "")
        if "page_" in name:
            _whole_number(name, value, 0, MAX_PAGE)
        if "psize_" in name:
            _whole_number(name, value, 1, MAX_PAGE_SIZE)
        if "_oc_" in name:
            view = views.get(name.split("_oc_", 1)[1])
            if view is not None and value not in (view.order_columns or []):
                raise bad_request(gettext("The list cannot be sorted by %(column)s.", column=value))


FILTER_ARG = re.compile(r"_flt_(\d)_(.*)")  # FAB's own pattern (flask_appbuilder.urltools.get_filter_args)


def check_filter_arguments(view) -> None:
    """``_flt_<n>_<column>``: FAB picks the column's n-th filter without checking n (a 500)."""
    filters = getattr(view, "_filters", None)
    if filters is None:
        return
    offered = filters.get_search_filters()
    for name in request.args:
        found = FILTER_ARG.findall(name)
        if found and found[0][1] in offered and int(found[0][0]) >= len(filters._all_filters.get(found[0][1], ())):
            raise bad_request(gettext("There is no filter %(name)s here.", name=name[:60]))


def check_action(view) -> None:
    """The action named in the URL or the form must be one of the view's."""
    endpoint = request.endpoint.rsplit(".", 1)[-1]
    if endpoint == "action":
        name = (request.view_args or {}).get("name", "")
    elif endpoint == "action_post" and request.method == "POST":
        name = request.form.get("action", "")
    else:
        return
    if name not in (getattr(view, "actions", None) or {}):
        raise bad_request(gettext("There is no action named %(name)s here.", name=name))


def check_download(view) -> None:
    """FAB's download serves files of file columns from UPLOAD_FOLDER: nothing to serve without them."""
    if request.endpoint.rsplit(".", 1)[-1] != "download":
        return
    datamodel = view.datamodel
    has_files = datamodel.get_file_column_list() or datamodel.get_image_column_list()
    if not has_files or not current_app.config.get("UPLOAD_FOLDER"):
        abort(404)


def check_view_arguments(app: Flask) -> None:
    """Refuse bad CRUD-view arguments before FAB's code sees them."""

    @app.before_request
    def _check_crud_view_arguments():
        if getattr(current_app, "appbuilder", None) is None or not request.endpoint:
            return
        by_name, by_blueprint = _crud_index(current_app)
        view = by_blueprint.get(request.blueprint)
        if view is None:
            return
        check_list_arguments(by_name)
        check_filter_arguments(view)
        check_action(view)
        check_download(view)
