"""Public pages of the catalog (home grid, category page) and the administrators' category CRUD."""
from __future__ import annotations

from flask import abort, current_app, url_for
from flask_appbuilder import BaseView, IndexView, expose, has_access
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext, lazy_gettext as _l
from wtforms import BooleanField
from wtforms.validators import Regexp
from sqlalchemy import select

from ..crud import QiModelView
from ..extensions import db
from .models import ServiceCategory


def visible_categories() -> list[ServiceCategory]:
    return list(db.session.scalars(
        select(ServiceCategory).where(ServiceCategory.visible.is_(True))
        .order_by(ServiceCategory.order, ServiceCategory.id)
    ))


class HomeView(IndexView):
    """The public home page: what an enterprise sees first, the categories as a grid."""

    index_template = "qi/home.html"

    @expose("/")
    def index(self):
        return self.render_template(self.index_template, categories=visible_categories())


class CategoryPageView(BaseView):
    """A public category page: its description and the pages its plugin offers to everyone."""

    route_base = "/category"
    class_permission_name = "PublicPages"
    method_permission_name = {"show": "read"}
    default_view = "show"

    @expose("/<code>")
    @has_access
    def show(self, code):
        category = db.session.scalar(select(ServiceCategory).where(ServiceCategory.code == code))
        if category is None or not category.visible:
            abort(404)
        return self.render_template(
            "qi/category.html", category=category, links=public_links(code),
            categories=visible_categories(),
        )


def public_links(code: str) -> list[dict]:
    """Links to the views plugins registered for this category that the current user may read."""
    links = []
    for spec in current_app.extensions["qi_views"]:
        view = spec.get("instance")
        if spec.get("category") != code or not spec.get("name") or view is None:
            continue
        if current_app.appbuilder.sm.has_access("can_read", view.class_permission_name):
            links.append({"name": spec["name"], "icon": spec.get("icon") or "fa-link",
                          "url": url_for(f"{view.endpoint}.{view.default_view}")})
    return links


class ServiceCategoryView(QiModelView):
    """Administrators add, rename, reorder and hide categories here; the home page follows at once."""

    datamodel = SQLAInterface(ServiceCategory)
    class_permission_name = "ServiceCategory"
    list_title = _l("Service categories")
    show_title = _l("Service category")
    add_title = _l("Add service category")
    edit_title = _l("Edit service category")
    list_columns = ["order", "code", "name_zh", "name_en", "visible", "owner"]
    add_columns = ["code", "name_zh", "name_en", "description_zh", "description_en", "icon", "order", "visible"]
    edit_columns = ["name_zh", "name_en", "description_zh", "description_en", "icon", "order", "visible"]
    show_columns = add_columns + ["owner", "created_on", "changed_on"]
    search_columns = ["code", "name_zh", "name_en", "visible", "plugin"]
    order_columns = ["order", "code", "name_zh", "name_en"]
    base_order = ("order", "asc")
    label_columns = {
        "code": _l("Code"),
        "name_zh": _l("Name (Chinese)"),
        "name_en": _l("Name (English)"),
        "description_zh": _l("Description (Chinese)"),
        "description_en": _l("Description (English)"),
        "icon": _l("Icon"),
        "order": _l("Order"),
        "visible": _l("Visible"),
        "plugin": _l("Plugin"),
        "owner": _l("Owner"),
        "created_on": _l("Created on"),
        "changed_on": _l("Changed on"),
    }
    # FAB marks a NOT NULL boolean as required, so an unticked box ("hide it") would fail validation.
    add_form_extra_fields = edit_form_extra_fields = {
        "visible": BooleanField(_l("Visible"), default=True,
                                description=_l("Hidden categories disappear from the home page and menus.")),
    }
    formatters_columns = {"visible": lambda visible: gettext("Yes") if visible else gettext("No")}
    validators_columns = {
        "code": [Regexp(r"^[a-z][a-z0-9-]{1,49}$",
                        message=_l("Use 2 to 50 lower-case letters, digits or dashes, starting with a letter."))],
    }
    description_columns = {
        "code": _l("Lower-case letters, digits and dashes; used in the page address and cannot change."),
        "icon": _l("A Font Awesome icon class, for example fa-balance-scale."),
        "order": _l("Smaller numbers come first on the home page."),
    }
