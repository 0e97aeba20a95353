"""The administrators' audit trail: a list newest first, filtered and exported like any list, and
nothing that adds, edits or deletes an entry."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..crud import CsvExport, QiModelView
from .models import KINDS, AuditEntry


def _code(value) -> Markup | str:
    """Identifiers (a path, a table, a request id) as code, not words of the page's language."""
    return Markup("<code>%s</code>") % value if value else ""


class AuditEntryView(CsvExport, QiModelView):
    route_base = "/admin/audit"
    datamodel = SQLAInterface(AuditEntry)
    list_title = _l("Audit trail")
    show_title = _l("Audit entry")
    include_route_methods = {"list", "show", "export"}
    base_order = ("at", "desc")
    list_columns = ["at", "actor", "kind", "table_name", "record_id", "address"]
    show_columns = ["at", "actor", "actor_id", "kind", "table_name", "record_id", "address", "request_id", "path",
                    "details_text"]
    search_columns = ["at", "actor", "kind", "table_name", "record_id", "address", "request_id"]
    order_columns = ["at"]
    formatters_columns = {"kind": KINDS.formatter, "path": lambda v: _code(v), "request_id": lambda v: _code(v),
                          "table_name": lambda v: _code(v), "record_id": lambda v: _code(v),
                          "details_text": lambda v: Markup('<pre class="qi-audit-details"><code>%s</code></pre>') % v
                          if v else ""}
    label_columns = {"at": _l("When"), "actor": _l("Performed by"), "actor_id": _l("User id"), "kind": _l("What"),
                     "table_name": _l("Table"), "record_id": _l("Record"), "address": _l("From address"),
                     "request_id": _l("Request id"), "path": _l("Page or command"), "details_text": _l("Details"),
                     "details": _l("Details")}


def view_specs() -> list[dict]:
    # no grant: Admin only (Admin holds every permission)
    return [{"view": AuditEntryView, "name": _l("Audit trail"), "icon": "fa-history", "menu": _l("Platform"),
             "menu_icon": "fa-cogs", "roles": {}}]
