"""Announcements: staff write them (``/announcementadminview/``, FAB's CRUD); everyone reads those
published today at ``/announcements/`` (``?page=``) and ``/announcements/<id>``; the home page shows
the first three."""
from __future__ import annotations

from flask import abort
from flask_appbuilder import expose, has_access
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from ..crud import QiModelView
from ..extensions import db
from ..kit.pages import PublicPage, page_of
from .models import Announcement
from .queries import published

LABELS = {"title_zh": _l("Heading (Chinese)"), "title_en": _l("Heading (English)"), "body_zh": _l("Text (Chinese)"),
          "body_en": _l("Text (English)"), "publish_from": _l("Published from"),
          "publish_until": _l("Published until (the last day)"), "pinned": _l("Pinned at the top"),
          "created_by": _l("Written by"), "changed_at": _l("Last changed")}


def _until_not_before_from(form, field):
    if field.data and form.publish_from.data and field.data < form.publish_from.data:
        raise ValidationError(_l("The last day cannot come before the first."))


class AnnouncementAdminView(QiModelView):
    datamodel = SQLAInterface(Announcement)
    list_title = _l("Announcements")
    list_columns = ["title_zh", "publish_from", "publish_until", "pinned", "changed_at"]
    add_columns = edit_columns = ["title_zh", "title_en", "body_zh", "body_en", "publish_from", "publish_until",
                                  "pinned"]
    show_columns = add_columns + ["created_by", "changed_at"]
    search_columns = ["title_zh", "title_en", "publish_from", "pinned"]
    base_order = ("id", "desc")
    label_columns = LABELS
    description_columns = {"body_zh": _l("Markdown: paragraphs, lists, links."),
                           "title_en": _l("Optional: English readers see the Chinese text, marked, until it is written.")}
    validators_columns = {"publish_until": [_until_not_before_from]}

    def pre_add(self, item):
        from flask import g

        item.created_by = g.user.username


class AnnouncementsView(PublicPage):
    route_base = "/announcements"
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        return self.render_template("qi/announcements/list.html", page=page_of(db.session, published(), size=20))

    @expose("/<int:announcement_id>")
    @has_access
    def show(self, announcement_id):
        announcement = db.session.scalar(published().where(Announcement.id == announcement_id)) or abort(404)
        return self.render_template("qi/announcements/show.html", announcement=announcement)


def view_specs() -> list[dict]:
    from ..roles import EVERYONE_READS, STAFF_ONLY

    return [
        {"view": AnnouncementsView, "roles": EVERYONE_READS},
        {"view": AnnouncementAdminView, "name": _l("Announcements"), "icon": "fa-bullhorn", "menu": _l("Catalog"),
         "menu_icon": "fa-book", "roles": STAFF_ONLY},
    ]
