"""Government and university resources of the regional network (4.1-2): kept by platform staff,
shown under the windows on the public network list."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import SelectField
from wtforms.validators import DataRequired, ValidationError

from ..crud import QiModelView, choices
from ..extensions import db
from ..regions.models import Region
from ..regions.names import region_names
from .models import RESOURCE_KIND_LABELS, NetworkResource

PUBLIC_LIMIT = 200


class _RegionCode:
    """The region must be an active region of the platform (``app.regions``)."""

    def __call__(self, form, field):
        if not db.session.scalar(select(Region.id).where(Region.code == (field.data or ""),
                                                        Region.active.is_(True))):
            raise ValidationError(_l("Choose a region of the platform."))


def public_resources(region: str = "") -> list[NetworkResource]:
    """The active resources (of one region when given), each with its ``region_name`` for display."""
    query = select(NetworkResource).where(NetworkResource.active.is_(True))
    if region:
        query = query.where(NetworkResource.region_code == region)
    rows = db.session.scalars(query.order_by(NetworkResource.region_code, NetworkResource.kind,
                                             NetworkResource.name).limit(PUBLIC_LIMIT)).all()
    names = region_names(row.region_code for row in rows)
    for row in rows:
        row.region_name = names[row.region_code]
    return rows


class NetworkResourceView(QiModelView):
    """Platform staff keep the network's government and university resources."""

    datamodel = SQLAInterface(NetworkResource)
    route_base = "/windows/resources"
    list_title = _l("Network resources")
    list_columns = ["name", "kind", "region_code", "contact", "active"]
    add_columns = edit_columns = show_columns = ["name", "kind", "region_code", "address", "contact", "offers",
                                                 "active"]
    search_columns = ["name", "kind", "region_code"]
    base_order = ("region_code", "asc")
    label_columns = {"name": _l("Name"), "kind": _l("Kind"), "region_code": _l("Region"), "address": _l("Address"),
                     "contact": _l("Contact"), "offers": _l("What it offers"), "active": _l("Shown in the network")}
    formatters_columns = {"kind": lambda k: str(RESOURCE_KIND_LABELS.get(k, k))}
    validators_columns = {"region_code": [_RegionCode()]}

    def __init__(self, **kwargs):
        kind = SelectField(_l("Kind"), choices=lambda: choices(RESOURCE_KIND_LABELS),
                           validators=[DataRequired(message=_l("Choose the kind of resource."))])
        self.add_form_extra_fields = {"kind": kind}
        self.edit_form_extra_fields = {"kind": kind}
        super().__init__(**kwargs)
