"""The answers of an item's needs as a spreadsheet: one row per need, one column per field of every
version of its form, for the staff who may see those needs."""
from __future__ import annotations

import datetime as dt

from flask import Response, abort, request
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext
from sqlalchemy import select

from ..catalog.models import ServiceItem
from ..extensions import db
from ..i18n.language import reader_language
from ..scoping import scoped
from ..spreadsheets import xlsx_bytes
from .definition import text_in
from .models import ItemForm, ItemFormVersion, NeedAnswers
from .rendering import plain_value

LIMIT = 50_000  # as the lists' CSV export


def columns_of(versions: list[ItemFormVersion]) -> list[dict]:
    """Every field of the versions, once, as the newest version names it, in its order (fields only
    older versions had come after)."""
    seen: dict[str, dict] = {}
    for version in sorted(versions, key=lambda v: -v.number):
        for field in version.definition["fields"]:
            seen.setdefault(field["name"], field)
    return list(seen.values())


def answer_rows(item: ServiceItem, versions: list[ItemFormVersion], fields: list[dict]):
    """The rows of the workbook, read in one statement (the needs the user may see, newest first)."""
    from ..needs.models import Need
    from ..needs.states import STATE_LABELS

    lang = reader_language()
    statement = (select(Need.number, Need.submitted_at, Need.state, Need.title, NeedAnswers.answers,
                        ItemFormVersion.number)
                 .join(NeedAnswers, NeedAnswers.need_id == Need.id)
                 .join(ItemFormVersion, ItemFormVersion.id == NeedAnswers.version_id)
                 .where(Need.item_id == item.id).order_by(Need.submitted_at.desc(), Need.id.desc()).limit(LIMIT))
    for number, submitted, state, title, answers, version in db.session.execute(scoped(statement, Need)):
        china = submitted.replace(tzinfo=dt.timezone.utc).astimezone(dt.timezone(dt.timedelta(hours=8)))
        yield ([number, china.strftime("%Y-%m-%d %H:%M"), str(STATE_LABELS.get(state, state)), title, version]
               + [plain_value(f, answers.get(f["name"]), lang) for f in fields])


class NeedAnswersView(BaseView):
    """``/needs/answers/export?item=<code>``: the answers of the item's needs as xlsx."""

    route_base = "/needs/answers"
    method_permission_name = {"export": "read"}
    default_view = "export"

    @expose("/export")
    @has_access
    def export(self):
        code = (request.args.get("item") or "")[:80]
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.code == code)) if code else None
        if item is None:
            abort(404)
        versions = list(db.session.scalars(select(ItemFormVersion).join(ItemForm, ItemForm.id == ItemFormVersion.form_id)
                                           .where(ItemForm.item_id == item.id)))
        fields = columns_of(versions)
        lang = reader_language()
        header = [gettext("Case number"), gettext("Received on"), gettext("Case state"), gettext("Need"),
                  gettext("Form version")] + [text_in(f["label"], lang) for f in fields]
        body = xlsx_bytes(gettext("Answers"), header, answer_rows(item, versions, fields))
        return Response(body, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="answers-{item.code}.xlsx"'})


def view_specs() -> list[dict]:
    from ..roles import PLATFORM_STAFF, READ, WINDOW_STAFF, grant

    return [{"view": NeedAnswersView, "roles": grant((PLATFORM_STAFF, WINDOW_STAFF), READ)}]
