"""Search as you type for relation fields (``/lookup/<view>/<form>/<field>?q=&page=``).

A relation field of a list's search form or of an add/edit form renders only its first options
(``app.choices``); the rest are fetched here as the user types. The answer is select2's format
(``results`` of ``id``/``text``, ``pagination.more``), 20 rows a page, and goes through the very
query the field validates against: scoped to what the user may see, with the view's own filters.
The page is open to everyone signed in or not, but answers only for a view the user may read (the
search form) or write (add and edit forms): it never shows more than the form itself would take.
"""
from __future__ import annotations

from flask import current_app, jsonify, request
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext
from werkzeug.exceptions import Forbidden, NotFound

from ..choices import related_choices
from .errors import bad_request
from .view_args import WHOLE_NUMBER, crud_view_of

MAX_TEXT = 100
MAX_PAGE = 1000
_FORMS = {"search": ("search_form", "can_read"), "add": ("add_form", "can_write"), "edit": ("edit_form", "can_write")}


def _arguments() -> tuple[str, int]:
    text = request.args.get("q", "")
    page = request.args.get("page", "1")
    if len(text) > MAX_TEXT:
        raise bad_request(gettext("Type at most %(count)d characters to search.", count=MAX_TEXT))
    if not WHOLE_NUMBER.fullmatch(page) or not 1 <= int(page) <= MAX_PAGE:
        raise bad_request(gettext("The list argument %(name)s must be a whole number from %(low)d to %(high)d.",
                                  name="page", low=1, high=MAX_PAGE))
    return text, int(page)


class RelationLookupView(BaseView):
    """The lookup of every limited relation field (one permission resource for the lookup itself;
    the answer depends on the permission of the view whose form asks)."""

    route_base = "/lookup"
    method_permission_name = {"lookup": "read"}

    @expose("/<view>/<kind>/<field>")
    @has_access
    def lookup(self, view: str, kind: str, field: str):
        if kind not in _FORMS:
            raise NotFound()
        owner = crud_view_of(current_app, view)
        form_attribute, permission = _FORMS[kind]
        choices = related_choices(getattr(owner, form_attribute, None), field) if owner is not None else None
        if choices is None:
            raise NotFound()
        if not self.appbuilder.sm.has_access(permission, owner.class_permission_name):
            raise Forbidden()
        text, page = _arguments()
        rows, more = choices.search(text, page)
        pk = choices.datamodel.get_pk_name()
        return jsonify({"results": [{"id": str(getattr(row, pk)), "text": str(row)} for row in rows],
                        "pagination": {"more": more}})


def view_specs() -> list[dict]:
    """The lookup: anyone may ask, the view whose form asks decides what is answered."""
    from ..roles import EVERYONE_READS

    return [{"view": RelationLookupView, "roles": EVERYONE_READS, "in_menu": False}]
