"""Administrators keep the list of divisions."""
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from wtforms.validators import Regexp

from ..crud import QiModelView
from .models import Region


class RegionView(QiModelView):
    datamodel = SQLAInterface(Region)
    list_title = _l("Regions")
    list_columns = ["code", "name_zh", "name_en", "active"]
    add_columns = edit_columns = show_columns = ["code", "name_zh", "name_en", "active"]
    search_columns = ["code", "name_zh", "name_en"]
    base_order = ("code", "asc")
    label_columns = {"code": _l("Division code"), "name_zh": _l("Name (Chinese)"), "name_en": _l("Name (English)"),
                     "active": _l("In use")}
    validators_columns = {"code": [Regexp(r"^\d{6}$", message=_l("A division code has six digits, e.g. 640104."))]}


def view_specs() -> list[dict]:
    from ..roles import STAFF_ONLY

    return [{"view": RegionView, "name": _l("Regions"), "icon": "fa-map-marker", "menu": _l("Platform"),
             "menu_icon": "fa-cogs", "roles": STAFF_ONLY}]
