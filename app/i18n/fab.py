"""Flask-AppBuilder's own texts in the reader's language.

FAB builds some texts in code, out of reach of its catalog: panel titles ("Add Instrument" from the
class name), the permission names of the role pages ("can read on NeedView"), and Jinja prints a
missing value as ``None`` and a flag as ``True``/``False``. Here they become translated texts.
"""
from __future__ import annotations

from flask import Flask
from flask_babel import LazyString, gettext
from flask_babel import lazy_gettext as _l

# The permissions FAB and this project grant, by the name stored in ab_permission.
PERMISSION_LABELS = {
    "can_list": _l("Permission|list"), "can_show": _l("Permission|show"), "can_add": _l("Permission|add"),
    "can_edit": _l("Permission|edit"), "can_delete": _l("Permission|delete"),
    "can_download": _l("Permission|download"), "can_read": _l("Permission|read"),
    "can_write": _l("Permission|write"), "menu_access": _l("Permission|menu access"),
    "can_this_form_get": _l("Permission|open the form"), "can_this_form_post": _l("Permission|send the form"),
    "can_userinfo": _l("Permission|own profile"), "can_info": _l("Permission|information"),
    "can_get": _l("Permission|read"), "can_put": _l("Permission|change"), "can_post": _l("Permission|create"),
}


def readable(value):
    """How a template prints a bare value: nothing for None, Yes/No for a flag (Jinja's ``finalize``)."""
    if value is None:
        return ""
    if value is True:
        return gettext("Yes")
    if value is False:
        return gettext("No")
    return value


def panel_title(kind: str, heading) -> LazyString:
    """An add/edit/show panel's title from the list's (translated) title, in the reader's language."""
    texts = {"add": lambda: gettext("%(list)s: add", list=heading),
             "edit": lambda: gettext("%(list)s: edit", list=heading),
             "show": lambda: gettext("%(list)s: details", list=heading)}
    return LazyString(texts[kind])


def permission_label(permission, view_menu) -> str:
    """``can_read`` on ``NeedView`` as the role pages show it, in the reader's language."""
    name = getattr(permission, "name", None) or str(permission)
    return gettext("%(view)s: %(permission)s", view=str(view_menu), permission=_permission_name(name))


def translate_fab_texts(app: Flask) -> None:
    """Install the translated forms of FAB's built texts (call before any template is compiled)."""
    from flask_appbuilder.security.sqla.models import Permission, PermissionView

    app.jinja_env.finalize = readable
    PermissionView.__repr__ = lambda self: permission_label(self.permission, self.view_menu)
    Permission.__repr__ = lambda self: _permission_name(self.name)


def _permission_name(name: str) -> str:
    label = PERMISSION_LABELS.get(name)
    return str(label) if label is not None else name.replace("_", " ")


_FAB_DEFAULTS = {"add_title": "Add ", "edit_title": "Edit ", "show_title": "Show "}


def retitle(view, label) -> None:
    """A view that kept FAB's English default titles ("List X", "Add X" …) takes its menu label
    (translated) instead; titles a view set itself are left alone."""
    list_title = getattr(view, "list_title", None)
    if label is None or not isinstance(list_title, str) or not list_title.startswith("List "):
        return
    view.list_title = view.title = label
    for attr, prefix in _FAB_DEFAULTS.items():
        current = getattr(view, attr, None)
        if isinstance(current, str) and current.startswith(prefix):
            setattr(view, attr, panel_title(attr.split("_")[0], label))


def texts_of(labels, columns) -> dict:
    """``labels[c]`` of each of ``columns`` as plain text: a lazy label is translated once per page,
    not once per row it labels (the list widget's cells)."""
    return {column: str(labels.get(column, "")) for column in columns}
