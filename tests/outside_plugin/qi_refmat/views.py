"""The producers' own list of materials (scoped) and the public certificate lookup."""
from flask import request
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.kit import ScopedModelView
from app.kit import db

from .models import RefmatMaterial


class RefmatMaterialView(ScopedModelView):
    """Each producer keeps its own materials; staff see all."""

    datamodel = SQLAInterface(RefmatMaterial)
    list_title = _l("Reference materials")
    list_columns = ["organisation", "name", "certificate_number"]
    show_columns = add_columns = ["organisation", "name", "certificate_number"]
    edit_columns = ["name", "certificate_number"]
    label_columns = {"organisation": _l("Producer"), "name": _l("Material name"),
                     "certificate_number": _l("Reference material certificate number")}


class RefmatLookupView(BaseView):
    """Anyone looks a certificate number up."""

    route_base = "/refmat"
    method_permission_name = {"lookup": "read"}
    default_view = "lookup"

    @expose("/lookup")
    @has_access
    def lookup(self):
        number = request.args.get("number", "").strip()[:40]
        material = db.session.scalar(select(RefmatMaterial).where(RefmatMaterial.certificate_number == number)) \
            if number else None
        return self.render_template("refmat/lookup.html", number=number, material=material)
