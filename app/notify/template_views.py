"""The message templates' pages (Admin): ``/admin/message-templates/`` lists every message the
platform sends, with its variables and whether it was rewritten; ``…/<key>`` edits its title and
text in both languages (a field left as the default keeps following the translation); POST
``…/<key>/reset`` goes back to the defaults. A text using a variable the message does not offer,
or a lone ``%``, is refused, translated, and nothing is saved."""
from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..web.saving import committed
from .events import REGISTRY, all_events
from .models import MessageTemplate
from .templates import FIELDS, LANGUAGES, TemplateError, check, default_text

LIMITS = {"title": 200, "body": 2000}


def _event(key: str):
    all_events()
    return REGISTRY.get(key) or abort(404)


class MessageTemplateView(BaseView):
    route_base = "/admin/message-templates"
    method_permission_name = {"index": "read", "edit": "write", "reset": "write"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        customised = set(db.session.scalars(select(MessageTemplate.key)))
        return self.render_template("qi/notify/templates.html", events=all_events(), customised=customised)

    @expose("/<key>", methods=["GET", "POST"])
    @has_access
    def edit(self, key):
        event = _event(key)
        row = db.session.get(MessageTemplate, key)
        defaults = {f"{f}_{lang}": default_text(event, f, lang) for f in FIELDS for lang in LANGUAGES}
        if request.method == "GET":
            values = {name: (getattr(row, name, None) if row else None) or text for name, text in defaults.items()}
            return self.render_template("qi/notify/template_edit.html", event=event, values=values, errors={})
        editable = ["title_zh"] if event.sms else list(defaults)  # a text message: its one Chinese text
        values = {name: (request.form.get(name) or "").strip() if name in editable else defaults[name]
                  for name in defaults}
        errors = {}
        for name, text in values.items():
            field = name.split("_")[0]
            if field == "title" and not text:
                errors[name] = gettext("A text message needs its text.") if event.sms else gettext(
                    "A message needs a title.")
            elif len(text) > LIMITS[field]:
                errors[name] = gettext("%(what)s is too long (at most %(limit)d characters).", what=name,
                                       limit=LIMITS[field])
            else:
                try:
                    check(event, text)
                except TemplateError as refused:
                    errors[name] = str(refused)
        if errors:
            return self.render_template("qi/notify/template_edit.html", event=event, values=values,
                                        errors=errors), 422
        if row is None:
            row = MessageTemplate(key=key, changed_by="")
            db.session.add(row)
        for name, text in values.items():  # the default kept as such follows later translations
            setattr(row, name, None if text == defaults[name] else text)
        row.changed_by = g.user.username
        if not committed(None, gettext("The message could not be saved. Please try again.")):
            return self.render_template("qi/notify/template_edit.html", event=event, values=values,
                                        errors={}), 503
        flash(gettext("The message “%(label)s” is saved.", label=event.label), "success")
        return redirect(url_for("MessageTemplateView.index"), code=303)

    @expose("/<key>/reset", methods=["POST"])
    @has_access
    def reset(self, key):
        event = _event(key)
        row = db.session.get(MessageTemplate, key)
        if row is not None:
            db.session.delete(row)
            if committed(None, gettext("The message could not be saved. Please try again.")):
                flash(gettext("The message “%(label)s” is back to its default text.", label=event.label), "success")
        return redirect(url_for("MessageTemplateView.index"), code=303)


def view_specs() -> list[dict]:
    # no grant: Admin only (Admin holds every permission)
    return [{"view": MessageTemplateView, "name": _l("Message templates"), "icon": "fa-envelope-o",
             "menu": _l("Platform"), "menu_icon": "fa-cogs", "roles": {}}]
