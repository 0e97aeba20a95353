"""The application-form builder (Admin) and the answers on a need's page.

``/admin/forms/`` lists the service items and their forms; ``…/<item>/`` is the builder: the draft's
fields, each edited on its own page, moved or removed with a POST; *publish* makes the draft the
version new needs are filed with; *preview* shows it exactly as an enterprise will, in either
language, and checks what is typed without filing anything; a form is exported and imported as a
JSON file so regions share forms.
"""
from __future__ import annotations

import json

from flask import Response, abort, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import force_locale, gettext, lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..catalog.models import ServiceCategory, ServiceItem
from ..dictionaries.declared import declared_dictionaries
from ..dictionaries.models import Dictionary
from ..extensions import db
from ..kit.pages import page_arg
from ..needs.views import when
from ..web.errors import bad_request
from ..web.saving import committed
from .definition import COLUMN_KINDS, CONDITION_KINDS, FORMAT, KINDS, TABLE, DefinitionError
from .editor import KIND_LABELS, FieldForm
from .filing import ADD_ROW, answers_of_need
from .files import reference
from .models import ItemForm, ItemFormVersion
from .publishing import EMPTY, checked, form_of, publish, save_draft, versions_of
from .rendering import answers_form_class, shown_answers
from .sources import registered_sources

PAGE_SIZE = 50
PREVIEW_TOKEN = "preview"


def _item(code: str) -> ServiceItem:
    return db.session.scalar(select(ServiceItem).where(ServiceItem.code == code)) or abort(404)


def _fields_at(definition: dict, table: str | None) -> list[dict] | None:
    """The list a field lives in: the form's fields, or a table's columns."""
    if not table:
        return definition["fields"]
    owner = next((f for f in definition["fields"] if f["name"] == table and f["kind"] == TABLE), None)
    return owner["columns"] if owner else None


def _dictionary_choices() -> list[tuple[str, str]]:
    codes = dict.fromkeys(declared_dictionaries())
    codes.update(dict.fromkeys(db.session.scalars(select(Dictionary.code))))
    return [("", "—")] + [(code, code) for code in sorted(codes)]


def need_answers(need) -> dict | None:
    """What the case page shows of a need's application form: the version and the answers, in the
    reader's language (files linked to the need's documents). None without answers."""
    kept = answers_of_need(db.session, need.id)
    if kept is None:
        return None
    rows = shown_answers(kept.version.definition, kept.answers,
                         lambda file: url_for("NeedRecordView.download", doc_id=file["document"]))
    return {"version": kept.version.number, "rows": rows}


class ItemFormView(BaseView):
    """Administrators define each service item's application form (issue 18)."""

    route_base = "/admin/forms"
    default_view = "index"
    method_permission_name = {"index": "read", "builder": "read", "preview": "read", "export": "read",
                              "field": "write", "move": "write", "remove": "write", "publish": "write",
                              "import_form": "write", "discard": "write"}

    @expose("/")
    @has_access
    def index(self):
        page = page_arg()
        rows = db.session.execute(
            select(ServiceItem, ItemForm, ItemFormVersion.number)
            .join(ServiceCategory, ServiceCategory.id == ServiceItem.category_id)
            .outerjoin(ItemForm, ItemForm.item_id == ServiceItem.id)
            .outerjoin(ItemFormVersion, ItemFormVersion.id == ItemForm.current_id)
            .order_by(ServiceCategory.order, ServiceCategory.id, ServiceItem.order, ServiceItem.id)
            .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
        return self.render_template("qi/applications/index.html", rows=rows[:PAGE_SIZE], page=page,
                                    more=len(rows) > PAGE_SIZE)

    def _builder_page(self, item: ServiceItem, form: ItemForm | None, status: int = 200, errors=()):
        definition = form.draft if form else EMPTY
        versions = versions_of(db.session, form) if form else []
        return self.render_template("qi/applications/builder.html", item=item, form_row=form, definition=definition,
                                    versions=versions, kinds=KINDS, kind_labels=KIND_LABELS, errors=errors,
                                    when=when), status

    @expose("/<code>/")
    @has_access
    def builder(self, code):
        item = _item(code)
        return self._builder_page(item, form_of(db.session, item.id))

    def _save(self, item: ItemForm, definition: dict, message: str) -> list[str]:
        """Check and keep ``definition`` as the draft; the errors when refused (nothing kept)."""
        try:
            definition = checked(db.session, definition)
        except DefinitionError as refused:
            return refused.errors
        save_draft(db.session, item, definition, g.user.username)
        try:
            db.session.commit()
        except SQLAlchemyError:  # the page comes back with what was typed
            db.session.rollback()
            return [gettext("The form could not be saved. Please try again.")]
        flash(message, "success")
        return []

    @expose("/<code>/field", methods=["GET", "POST"])
    @has_access
    def field(self, code):
        """Add a field (``?kind=``) or edit one (``?name=``), in the form or in a table (``?table=``)."""
        item = _item(code)
        table = request.args.get("table") or None
        name = request.args.get("name") or None
        row = form_of(db.session, item.id)
        definition = json.loads(json.dumps(row.draft if row else EMPTY))
        fields = _fields_at(definition, table)
        if fields is None:
            raise bad_request(gettext("This form has no table %(name)s.", name=table[:40]))
        current = next((f for f in fields if f["name"] == name), None) if name else None
        if name and current is None:
            abort(404)
        editor = FieldForm()
        position = fields.index(current) if current else len(fields)
        earlier = [f for f in fields[:position] if f["kind"] in CONDITION_KINDS] if not table else []
        editor.show_if_field.choices = [("", "—")] + [(f["name"], f"{f['label']['zh']} ({f['name']})") for f in earlier]
        editor.dictionary.choices = _dictionary_choices()
        editor.source.choices = [("", "—")] + [(code, str(source.name))
                                              for code, source in sorted(registered_sources().items())]
        if table:
            editor.kind.choices = [(k, str(KIND_LABELS[k])) for k in COLUMN_KINDS]
        errors: list[str] = []
        if request.method == "GET":
            if current:
                editor.load(current)
            else:
                kind = request.args.get("kind", "text")
                editor.kind.data = kind if kind in dict(editor.kind.choices) else "text"
            return self._field_page(item, editor, current, table)
        if current:
            editor.name.data = current["name"]  # answers are stored under it: it never changes
            editor.kind.data = current["kind"]
        if editor.validate_on_submit():
            spec = editor.spec({f["name"]: f["kind"] for f in earlier})
            if current and current["kind"] == TABLE:
                spec["columns"] = current["columns"]
            if spec["kind"] == TABLE and not current:
                spec["columns"] = [{"name": "item", "kind": "text", "label": {"zh": "名称", "en": "Name"},
                                    "required": True}]
            if current:
                fields[position] = spec
            else:
                fields.append(spec)
            row = row or form_of(db.session, item.id, create=True)
            errors = self._save(row, definition, gettext("The field %(name)s is saved in the draft.",
                                                          name=spec["name"]))
            if not errors:
                return redirect(url_for("ItemFormView.builder", code=code) + f"#field-{spec['name']}", code=303)
            db.session.rollback()
        return self._field_page(item, editor, current, table, errors, 422)

    def _field_page(self, item, editor, current, table, errors=(), status=200):
        return self.render_template("qi/applications/field.html", item=item, editor=editor, current=current,
                                    table=table, errors=errors, kind_labels=KIND_LABELS), status

    def _change(self, code: str, change) -> Response:
        item = _item(code)
        row = form_of(db.session, item.id) or abort(404)
        definition = json.loads(json.dumps(row.draft))
        table = request.form.get("table") or None
        fields = _fields_at(definition, table)
        name = request.form.get("name", "")
        current = next((f for f in fields or [] if f["name"] == name), None)
        if current is None:
            raise bad_request(gettext("This form has no field %(name)s.", name=name[:40]))
        message = change(fields, current)
        errors = self._save(row, definition, message)
        for error in errors:
            flash(error, "danger")
        return redirect(url_for("ItemFormView.builder", code=code), code=303)

    @expose("/<code>/move", methods=["POST"])
    @has_access
    def move(self, code):
        def change(fields, current):
            index = fields.index(current)
            other = index - 1 if request.form.get("direction") == "up" else index + 1
            if 0 <= other < len(fields):
                fields[index], fields[other] = fields[other], fields[index]
            return gettext("The field %(name)s is moved.", name=current["name"])
        return self._change(code, change)

    @expose("/<code>/remove", methods=["POST"])
    @has_access
    def remove(self, code):
        def change(fields, current):
            fields.remove(current)
            return gettext("The field %(name)s is removed from the draft; needs filed with it keep their answers.",
                           name=current["name"])
        return self._change(code, change)

    @expose("/<code>/publish", methods=["POST"])
    @has_access
    def publish(self, code):
        item = _item(code)
        row = form_of(db.session, item.id) or abort(404)
        version = publish(db.session, row, g.user.username)
        if version is None:
            flash(gettext("The draft is the version in use already."), "info")
            return redirect(url_for("ItemFormView.builder", code=code), code=303)
        committed(gettext("Version %(number)d is published: new needs of %(item)s are filed with it.",
                          number=version.number, item=item.name),
                  gettext("The form could not be published. Please try again."))
        return redirect(url_for("ItemFormView.builder", code=code), code=303)

    @expose("/<code>/discard", methods=["POST"])
    @has_access
    def discard(self, code):
        """Take the draft back to the version in use."""
        item = _item(code)
        row = form_of(db.session, item.id) or abort(404)
        if row.current is not None:
            row.draft = row.current.definition
            committed(gettext("The draft is back to the version in use."),
                      gettext("The form could not be saved. Please try again."))
        return redirect(url_for("ItemFormView.builder", code=code), code=303)

    @expose("/<code>/preview", methods=["GET", "POST"])
    @has_access
    def preview(self, code):
        """The draft as an enterprise sees it, in ``?lang=zh|en``; sending it checks the answers and
        files nothing."""
        from .filing import take_answers

        item = _item(code)
        row = form_of(db.session, item.id)
        lang = request.args.get("lang", "zh")
        if lang not in ("zh", "en"):
            raise bad_request(gettext("The language is zh or en."))
        definition = row.draft if row else EMPTY
        with force_locale(lang):
            from flask_wtf import FlaskForm
            from wtforms import FormField

            form = type("PreviewForm", (FlaskForm,), {"answers": FormField(answers_form_class(definition, lang))})()
            form.kept_files = {}
            checked_ok = None
            if request.method == "POST":
                if request.form.get(ADD_ROW):
                    name = request.form.get(ADD_ROW)
                    if any(f["name"] == name and f["kind"] == TABLE for f in definition["fields"]):
                        form.answers[name].append_entry()
                elif form.validate_on_submit():
                    checked_ok = take_answers(form, definition, PREVIEW_TOKEN) is not None
            return self.render_template("qi/applications/preview.html", item=item, form=form, definition=definition,
                                        lang=lang, checked_ok=checked_ok, kept=form.kept_files,
                                        kept_ref=lambda kept: reference(PREVIEW_TOKEN, kept))

    @expose("/<code>/export")
    @has_access
    def export(self, code):
        """The draft as a JSON file another platform imports."""
        item = _item(code)
        row = form_of(db.session, item.id)
        body = {"format": FORMAT, "item": item.code, **(row.draft if row else EMPTY)}
        return Response(json.dumps(body, ensure_ascii=False, indent=2), mimetype="application/json",
                        headers={"Content-Disposition": f'attachment; filename="form-{item.code}.json"'})

    @expose("/<code>/import", methods=["POST"])
    @has_access
    def import_form(self, code):
        """Replace the draft with a form file (checked first; published only when you publish)."""
        from flask_wtf import FlaskForm

        item = _item(code)
        if not FlaskForm().validate_on_submit():  # the CSRF token
            raise bad_request(gettext("The page was open too long. Please try again."))
        upload = request.files.get("file")
        errors: list[str] = []
        try:
            raw = json.loads((upload.read(1_000_001) if upload else b"").decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raw = None
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            errors = [gettext("This is not a form file of this platform (JSON with \"format\": \"%(format)s\").",
                              format=FORMAT)]
        row = form_of(db.session, item.id)
        if not errors:
            row = row or form_of(db.session, item.id, create=True)
            errors = self._save(row, {"fields": raw.get("fields")},
                                gettext("The form file is imported into the draft: check it, then publish it."))
        if errors:
            db.session.rollback()
            return self._builder_page(item, form_of(db.session, item.id), 422, errors=errors)
        return redirect(url_for("ItemFormView.builder", code=code), code=303)


class FormRecordLookupView(BaseView):
    """``/forms/records/<source>?q=&page=``: the signed-in enterprise's own records of a source, as a
    record field searches them as the user types (select2's format, 20 a page). Anyone else gets none."""

    route_base = "/forms/records"
    method_permission_name = {"lookup": "read"}

    @expose("/<source>")
    @has_access
    def lookup(self, source):
        from flask import jsonify

        from ..kit.pages import text_arg
        from ..needs.views import acting_user, enterprise_of
        from .sources import search

        if source not in registered_sources():
            abort(404)
        organisation_id = enterprise_of(acting_user())
        rows, more = search(db.session, source, organisation_id, text_arg("q"), page_arg(last=1000)) \
            if organisation_id else ([], False)
        return jsonify({"results": [{"id": i, "text": text} for i, text in rows], "pagination": {"more": more}})


def view_specs() -> list[dict]:
    from ..roles import EVERYONE_READS

    # the builder: no grant, Admin only (Admin holds every permission)
    return [{"view": ItemFormView, "name": _l("Application forms"), "icon": "fa-wpforms", "menu": _l("Platform"),
             "menu_icon": "fa-cogs", "roles": {}},
            {"view": FormRecordLookupView, "roles": EVERYONE_READS, "in_menu": False}]

