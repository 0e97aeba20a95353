"""The dictionaries' pages (Admin): ``/admin/dictionaries/`` lists them; ``…/<code>/`` lists a
dictionary's items with the form adding one; ``…/<code>/<id>/edit`` changes an item's labels, order
and whether it is offered; POST ``…/<code>/<id>/delete`` deletes an item nobody uses and no plugin
ships. Every change is a POST; a refused one says why, translated, and changes nothing.
"""
from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy import case, func, select

from ..extensions import db
from ..web.saving import committed
from . import lookup
from .forms import ItemForm
from .models import Dictionary, DictionaryItem
from .usage import in_use


def _dictionary(code: str) -> Dictionary:
    return db.session.scalar(select(Dictionary).where(Dictionary.code == code)) or abort(404)


def _item(dictionary: Dictionary, item_id: int) -> DictionaryItem:
    item = db.session.get(DictionaryItem, item_id)
    if item is None or item.dictionary_id != dictionary.id:
        abort(404)
    return item


def _saved(message: str) -> bool:
    saved = committed(message, gettext("The dictionary could not be saved. Please try again."),
                      duplicate=gettext("This dictionary already has an item with this code."))
    if saved:
        lookup.forget()
    return saved


class DictionaryView(BaseView):
    route_base = "/admin/dictionaries"
    method_permission_name = {"index": "read", "items": "read", "add": "write", "edit": "write", "delete": "write"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        counts = select(DictionaryItem.dictionary_id, func.count().label("item_count"),
                        func.sum(case((DictionaryItem.active, 1), else_=0)).label("active_count")) \
            .group_by(DictionaryItem.dictionary_id).subquery()
        rows = db.session.execute(select(Dictionary, counts.c.item_count, counts.c.active_count)
                                  .outerjoin(counts, counts.c.dictionary_id == Dictionary.id)
                                  .order_by(Dictionary.plugin.is_not(None), Dictionary.plugin, Dictionary.code)).all()
        return self.render_template("qi/dictionaries/index.html", rows=rows)

    def _items_page(self, dictionary: Dictionary, form: ItemForm | None = None, status: int = 200):
        items = db.session.scalars(select(DictionaryItem).where(DictionaryItem.dictionary_id == dictionary.id)
                                   .order_by(DictionaryItem.position, DictionaryItem.id)).all()
        if form is None:
            form = ItemForm(formdata=None, position=(max((i.position for i in items), default=0) + 10))
        return self.render_template("qi/dictionaries/items.html", dictionary=dictionary, items=items,
                                    form=form), status

    @expose("/<code>/")
    @has_access
    def items(self, code):
        return self._items_page(_dictionary(code))

    @expose("/<code>/add", methods=["POST"])
    @has_access
    def add(self, code):
        dictionary = _dictionary(code)
        form = ItemForm()
        if not form.validate():
            return self._items_page(dictionary, form, 422)
        db.session.add(DictionaryItem(
            dictionary_id=dictionary.id, code=form.code.data, label_zh=form.label_zh.data.strip(),
            label_en=form.label_en.data.strip(), position=form.position.data if form.position.data is not None else 100,
            active=form.active.data, shipped=False, customised=True, changed_by=g.user.username))
        if not _saved(gettext("“%(code)s” is added.", code=form.code.data)):
            return self._items_page(dictionary, form, 422)
        return redirect(url_for("DictionaryView.items", code=code), code=303)

    @expose("/<code>/<int:item_id>/edit", methods=["GET", "POST"])
    @has_access
    def edit(self, code, item_id):
        dictionary = _dictionary(code)
        item = _item(dictionary, item_id)
        form = ItemForm(obj=item) if request.method == "GET" else ItemForm()
        form.code.data = item.code  # the code is what records store: it never changes
        if request.method == "POST" and form.validate():
            labels = (form.label_zh.data.strip(), form.label_en.data.strip())
            if labels != (item.label_zh, item.label_en):
                item.label_zh, item.label_en, item.customised = *labels, True
            item.position = form.position.data if form.position.data is not None else item.position
            item.active, item.changed_by = form.active.data, g.user.username
            if _saved(gettext("“%(code)s” is saved.", code=item.code)):
                return redirect(url_for("DictionaryView.items", code=code), code=303)
        status = 422 if request.method == "POST" else 200
        return self.render_template("qi/dictionaries/edit.html", dictionary=dictionary, item=item, form=form), status

    @expose("/<code>/<int:item_id>/delete", methods=["POST"])
    @has_access
    def delete(self, code, item_id):
        dictionary = _dictionary(code)
        item = _item(dictionary, item_id)
        if item.shipped:
            flash(gettext("“%(code)s” comes with the platform or a plugin: deactivate it instead.", code=item.code),
                  "danger")
        elif in_use(dictionary.code, item.code):
            flash(gettext("“%(code)s” is used by records: deactivate it instead.", code=item.code), "danger")
        else:
            db.session.delete(item)
            _saved(gettext("“%(code)s” is deleted.", code=item.code))
        return redirect(url_for("DictionaryView.items", code=code), code=303)


def view_specs() -> list[dict]:
    # no grant: Admin only (Admin holds every permission)
    return [{"view": DictionaryView, "name": _l("Dictionaries"), "icon": "fa-book", "menu": _l("Platform"),
             "menu_icon": "fa-cogs", "roles": {}}]
