"""The settings page (Admin): ``/admin/settings/`` lists every setting with the value in force and
where it comes from; POST ``/admin/settings/<key>`` saves one (``reset`` goes back to the default).
A value out of range is refused, translated, and changes nothing; a setting the environment sets
cannot be changed here, and the page says so.
"""
from __future__ import annotations

import json

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext, lazy_gettext as _l

from ..extensions import db
from ..web.saving import committed
from . import read
from .models import SettingValue
from .registry import BOOL, SETTINGS


class SettingsView(BaseView):
    route_base = "/admin/settings"
    method_permission_name = {"index": "read", "save": "write"}
    default_view = "index"

    def _page(self, errors: dict | None = None, typed: dict | None = None, status: int = 200):
        rows = [{"spec": spec, "value": read.setting(key), "source": read.source(key),
                 "default": self.appbuilder.app.config.get(key)} for key, spec in SETTINGS.items()]
        return self.render_template("qi/settings/index.html", rows=rows, errors=errors or {}, typed=typed or {},
                                    BOOL=BOOL), status

    @expose("/")
    @has_access
    def index(self):
        return self._page()

    @expose("/<key>", methods=["POST"])
    @has_access
    def save(self, key):
        spec = SETTINGS.get(key) or abort(404)
        if read.is_fixed(key):
            flash(gettext("%(name)s is set on the server (environment variable %(key)s): change it there.",
                          name=spec.label, key=key), "danger")
            return redirect(url_for("SettingsView.index"), code=303)
        row = db.session.get(SettingValue, key)
        if request.form.get("reset"):
            if row is not None:
                db.session.delete(row)
        else:
            raw = request.form.get("value", "n") if spec.kind == BOOL else request.form.get("value", "")
            try:
                value = spec.parse(raw)
            except ValueError:
                message = gettext("Give a number from %(low)s to %(high)s.", low=_number(spec.low),
                                  high=_number(spec.high))
                return self._page({key: message}, {key: raw[:40]}, 422)
            if row is None:
                row = SettingValue(key=key, value="", changed_by="")
                db.session.add(row)
            row.value, row.changed_by = json.dumps(value), g.user.username
        if not committed(None, gettext("The setting could not be saved. Please try again.")):
            return redirect(url_for("SettingsView.index"), code=303)
        read.forget()
        flash(gettext("%(name)s is saved: every server uses it from the next page on.", name=spec.label), "success")
        return redirect(url_for("SettingsView.index", _anchor=key), code=303)


def _number(value) -> str:
    return str(int(value)) if value is not None and float(value).is_integer() else str(value)


def view_specs() -> list[dict]:
    # no grant: Admin only (Admin holds every permission)
    return [{"view": SettingsView, "name": _l("Parameters"), "icon": "fa-sliders", "menu": _l("Platform"),
             "menu_icon": "fa-cogs", "roles": {}}]
