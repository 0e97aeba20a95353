"""Public pages of the catalog (home, category, item guide, one-time notification sheet,
consultations, search) and the administrators' CRUD views."""
from __future__ import annotations

import datetime as dt
import secrets

from flask import abort, current_app, flash, g, has_request_context, redirect, render_template, request, url_for
from flask_appbuilder import BaseView, IndexView, expose, has_access
from flask_appbuilder.actions import action
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext, lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from wtforms.validators import InputRequired, Regexp

from ..crud import QiModelRestApi, QiModelView, yes_no
from ..i18n.enums import Choices, codes_field
from ..extensions import db
from ..regions.models import Region
from ..roles import ADMIN, PLATFORM_STAFF
from ..scoping import role_names
from ..search.query import category_sections, first_hits, search
from ..web.errors_expired_forms import refill_when_expired
from .forms import AnswerForm, ConsultationForm
from ..needs.models import Need
from ..needs.states import STATE_LABELS
from .models import (ANSWER_ONLY, DRAFT, FULL_FLOW, NO_MATCHING, PUBLISHED, AnswerTemplate, ServiceCategory,
                     ServiceGuide, ServiceGuideRevision, ServiceItem)

CHANNEL_LABELS = Choices({"online": _l("Online"), "phone": _l("By phone"), "window": _l("At a service window"),
                          "onsite": _l("On site")})
GUIDE_STATUSES = Choices({DRAFT: _l("Guide status|Draft"), PUBLISHED: _l("Guide status|Published")})
PROCESSES = Choices({FULL_FLOW: _l("Respond, plan, match an institution, serve"),
                     ANSWER_ONLY: _l("Answered in one go (a consultation)"),
                     NO_MATCHING: _l("Planned and served by the platform, no institution matched")})


def _days(form, field):
    """A local time limit: whole working days, the answer not before the response, and named."""
    from wtforms.validators import ValidationError

    if field.data is None:
        return
    if field.data < 0 or field.data > 60:
        raise ValidationError(gettext("Give 0 to 60 working days."))
    respond = form.respond_days.data
    if field.name == "answer_days" and respond is not None and field.data < respond:
        raise ValidationError(gettext("The answer cannot be due before the response."))
    if not ((form.time_rule_zh.data or "").strip() and (form.time_rule_en.data or "").strip()):
        raise ValidationError(gettext("Name the local rule that sets this time limit, in Chinese and in English."))


def visible_categories() -> list[ServiceCategory]:
    """The visible categories in their order, read once per request (the navbar and the page both
    show them); an edit shows on the next page."""
    if has_request_context() and "qi_visible_categories" in g:
        return list(g.qi_visible_categories)
    found = list(db.session.scalars(
        select(ServiceCategory).where(ServiceCategory.visible.is_(True))
        .order_by(ServiceCategory.order, ServiceCategory.id)
    ))
    if has_request_context():
        g.qi_visible_categories = found
    return list(found)


def public_item(code: str) -> ServiceItem:
    """The item with its guide, or 404 when it, its category or its guide is not public."""
    item = db.session.scalar(select(ServiceItem).where(ServiceItem.code == code)
                             .options(selectinload(ServiceItem.guide), selectinload(ServiceItem.category)))
    if item is None or not item.is_public:
        abort(404)
    return item


def public_links(code: str) -> list[dict]:
    """Links to the views plugins registered for this category that the current user may read."""
    links = []
    for spec in current_app.extensions["qi_views"]:
        view = spec.get("instance")
        if spec.get("category") != code or not spec.get("name") or view is None:
            continue
        if current_app.appbuilder.sm.has_access("can_read", view.class_permission_name):
            links.append({"name": spec["name"], "icon": spec.get("icon") or "fa-link",
                          "url": url_for(f"{view.endpoint}.{view.default_view}"), "form": spec.get("form"),
                          "owner": spec.get("owner")})
    return links


def render_link_forms(links: list[dict], **context) -> list[dict]:
    """Render each link's small form (a plugin's ``form`` template) on its own.

    A form whose template is missing or raises is left out and counted against its plugin: the
    category page, and the other plugins' forms on it, still render.
    """
    from ..plugins.failures import CATEGORY_FORM, record_failure

    for link in links:
        link["form_html"] = None
        if not link.get("form"):
            continue
        try:
            # an autoescaped template (bandit B704)
            link["form_html"] = Markup(render_template(  # nosec B704
                link["form"], link=link, appbuilder=current_app.appbuilder, **context))
        except Exception as exc:
            record_failure(link.get("owner") or "core", CATEGORY_FORM, exc)
    return links


def category_records(code: str, per_kind: int = 5) -> list[tuple]:
    """(provider, first hits, total) for each searchable kind beyond the catalog's own with public
    records in this category: the institutions that serve it, a plugin's standards …"""
    providers = [p for p in current_app.extensions["qi_search"].providers if p.kind not in ("category", "item")]
    found = category_sections(db.session, code, [p.kind for p in providers], per_kind)
    return [(provider, *found[provider.kind]) for provider in providers if provider.kind in found]


class HomeView(IndexView):
    """The public home page: the categories as a grid, search, the newest guides and counts."""

    index_template = "qi/home.html"

    @expose("/")
    def index(self):
        categories = visible_categories()
        visible_ids = [c.id for c in categories]
        latest = list(db.session.scalars(
            select(ServiceGuide).join(ServiceGuide.item)
            .where(ServiceGuide.status == PUBLISHED, ServiceItem.visible.is_(True), ServiceItem.category_id.in_(visible_ids))
            .options(selectinload(ServiceGuide.item)).order_by(ServiceGuide.published_on.desc()).limit(6)))
        items = (select(func.count()).select_from(ServiceItem)
                 .where(ServiceItem.visible.is_(True), ServiceItem.category_id.in_(visible_ids)))
        guides = (select(func.count()).select_from(ServiceGuide).join(ServiceGuide.item)
                  .where(ServiceGuide.status == PUBLISHED, ServiceItem.visible.is_(True),
                         ServiceItem.category_id.in_(visible_ids)))
        # Both counts in one statement.
        item_count, guide_count = db.session.execute(select(items.scalar_subquery(), guides.scalar_subquery())).one()
        counts = {"categories": len(categories), "items": item_count, "guides": guide_count}
        return self.render_template(self.index_template, categories=categories, latest=latest, counts=counts)


class PublicCatalogView(BaseView):
    """Category pages, item guides, the one-time notification sheet and consultations."""

    route_base = ""
    method_permission_name = {"category": "read", "item": "read", "notice": "read", "consult": "read",
                              "consultation": "read"}
    default_view = "category"

    @expose("/category/<code>")
    @has_access
    def category(self, code):
        # From the visible categories the navbar reads anyway: one statement less.
        category = next((c for c in visible_categories() if c.code == code), None)
        if category is None:
            abort(404)
        items = list(db.session.scalars(
            select(ServiceItem).where(ServiceItem.category_id == category.id, ServiceItem.visible.is_(True))
            .options(selectinload(ServiceItem.guide)).order_by(ServiceItem.order, ServiceItem.id)))
        links = render_link_forms(public_links(code), category=category)
        return self.render_template("qi/category.html", category=category, items=items, links=links,
                                    categories=visible_categories(), records=category_records(code))

    def _item_page(self, item, form, status=200):
        published = item.guide if item.guide is not None and item.guide.status == PUBLISHED else None
        return self.render_template("qi/item.html", item=item, guide=published, form=form,
                                    channel_labels=CHANNEL_LABELS), status

    @expose("/item/<code>")
    @has_access
    def item(self, code):
        item = public_item(code)
        return self._item_page(item, ConsultationForm(token=secrets.token_hex(16)))

    @expose("/item/<code>/notice")
    @has_access
    def notice(self, code):
        """一次性告知: everything a user must know and bring, on one printable sheet."""
        item = public_item(code)
        if item.guide is None or item.guide.status != PUBLISHED:
            abort(404)
        return self.render_template("qi/notice.html", item=item, guide=item.guide, channel_labels=CHANNEL_LABELS,
                                    today=dt.date.today())

    @expose("/item/<code>/consult", methods=["POST"])
    @has_access
    @refill_when_expired(lambda view, code: view._item_page(public_item(code), ConsultationForm()))
    def consult(self, code):
        """A question on an item page files a need of kind consultation, on the same clock as every
        need (respond within 1 working day, 6.3.2-1); the asker reads the answer at its link."""
        from ..needs import flow
        from ..needs.types import CONSULTATION
        from ..needs.views import actor_name, enterprise_of
        from ..scoping import acting_user

        item = public_item(code)
        form = ConsultationForm()
        if not form.validate_on_submit():
            return self._item_page(item, form, status=422)
        user = acting_user()
        question = form.question.data.strip()
        try:
            need, _code = flow.file_need(
                db.session, need_type=CONSULTATION, title=question.splitlines()[0][:60], description=question,
                contact_name=form.name.data, contact=form.contact.data, token=form.token.data, item=item,
                organisation_id=enterprise_of(user), filed_by_id=user.id if user else None,
                actor=actor_name(user, form.name.data))
            db.session.commit()
        except IntegrityError:  # the same form sent twice at once: the first one is kept
            db.session.rollback()
            need = consultation_need(form.token.data)
        flash(gettext("Your question has been received as case %(number)s. Keep this page's address to read "
                      "the answer.", number=need.number if need else ""), "success")
        return redirect(url_for("PublicCatalogView.consultation", token=form.token.data))

    @expose("/consultation/<token>")
    @has_access
    def consultation(self, token):
        """The asker's page: the question and, once given, the answer (the link's token is the key)."""
        from ..needs.views import due, when

        record = consultation_need(token)
        if record is None:
            abort(404)
        return self.render_template("qi/consultation.html", record=record, due=due, when=when)


def consultation_need(token: str):
    """The consultation whose link carries ``token`` (the token of the form that asked it), or None."""
    from ..needs.models import Need
    from ..needs.types import CONSULTATION

    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Need).where(Need.token == token, Need.need_type == CONSULTATION))


class SearchView(BaseView):
    """One box for everything: guides, items, institutions and every plugin's records."""

    route_base = "/search"
    method_permission_name = {"index": "read"}
    default_view = "index"
    page_size = 20

    @expose("/")
    @has_access
    def index(self):
        registry = current_app.extensions["qi_search"]
        q = (request.args.get("q") or "").strip()[:100]
        kind = request.args.get("kind") or None
        kind = kind if kind in registry.by_kind else None
        category = request.args.get("category") or None
        region = request.args.get("region") or None
        page = request.args.get("page", 0, type=int)
        public = [p for p in registry.providers if not p.private]
        kind = kind if kind in {p.kind for p in public} else None
        result = search(db.session, q, kind=kind, category=category, region=region, page=page,
                        page_size=self.page_size, kinds=[p.kind for p in public])
        # the platform's staff also find needs by their application forms' answers (private documents)
        staff_hits = []  # [(provider, hits, more)]
        if q and role_names(g.user) & {ADMIN, PLATFORM_STAFF}:
            staff_hits = [(p, *first_hits(db.session, q, p.kind)) for p in registry.providers if p.private]
            staff_hits = [found for found in staff_hits if found[1]]
        regions = list(db.session.scalars(select(Region).where(Region.active.is_(True)).order_by(Region.code)))
        categories = visible_categories()
        return self.render_template(
            "qi/search.html", result=result, q=q, kind=kind, category=category, region=region,
            providers=public, categories=categories, regions=regions, staff_hits=staff_hits,
            category_names={c.code: c.name for c in categories},
        )


# -- administration --------------------------------------------------------------------------

class ServiceCategoryView(QiModelView):
    """Administrators add, rename, reorder and hide categories here; the home page follows at once."""

    datamodel = SQLAInterface(ServiceCategory)
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
    formatters_columns = {"visible": yes_no}
    label_columns = {
        "code": _l("Code"), "name_zh": _l("Name (Chinese)"), "name_en": _l("Name (English)"),
        "description_zh": _l("Description (Chinese)"), "description_en": _l("Description (English)"),
        "icon": _l("Icon"), "order": _l("Order"), "visible": _l("Visible"), "plugin": _l("Plugin"),
        "owner": _l("Owner"), "created_on": _l("Created on"), "changed_on": _l("Changed on"),
    }
    validators_columns = {
        "code": [Regexp(r"^[a-z][a-z0-9-]{1,49}$",
                        message=_l("Use 2 to 50 lower-case letters, digits or dashes, starting with a letter."))],
    }
    description_columns = {
        "code": _l("Lower-case letters, digits and dashes; used in the page address and cannot change."),
        "icon": _l("A Font Awesome icon class, for example fa-balance-scale."),
        "order": _l("Smaller numbers come first on the home page."),
        "visible": _l("Hidden categories disappear from the home page and menus."),
    }


class GuideRevisionView(QiModelView):
    """The change history of guides: read only."""

    datamodel = SQLAInterface(ServiceGuideRevision)
    base_permissions = ["can_read"]
    list_title = _l("Guide history")
    list_columns = ["version", "status", "changed_by", "changed_on"]
    show_columns = ["guide", "version", "status", "changed_by", "changed_on", "content"]
    base_order = ("id", "desc")
    label_columns = {"guide": _l("Guide"), "version": _l("Version"), "status": _l("Status"),
                     "changed_by": _l("Changed by"), "changed_on": _l("Changed on"), "content": _l("Content")}
    formatters_columns = {"status": lambda s: GUIDE_STATUSES.label(s)}


GUIDE_LABELS = {
    "item": _l("Service item"), "acceptance_conditions": _l("Acceptance conditions"),
    "materials": _l("Required materials"), "steps": _l("Service flow"), "cycle_zh": _l("Service cycle (Chinese)"),
    "cycle_en": _l("Service cycle (English)"), "price_zh": _l("Price (Chinese)"), "price_en": _l("Price (English)"),
    "free": _l("Free of charge"), "channels": _l("Channels"), "responsible_zh": _l("Responsible (Chinese)"),
    "responsible_en": _l("Responsible (English)"), "faq": _l("Frequently asked questions"), "status": _l("Status"),
    "version": _l("Version"), "published_on": _l("Published on"), "changed_on": _l("Changed on"),
    "acceptance_conditions_en": _l("Acceptance conditions (English)"),
    "materials_en": _l("Required materials (English)"), "steps_en": _l("Service flow (English)"),
    "faq_en": _l("Frequently asked questions (English)"),
}


class ServiceGuideView(QiModelView):
    """Guides are written as drafts and published when ready; every save is kept as a revision."""

    datamodel = SQLAInterface(ServiceGuide)
    list_title = _l("Service guides")
    show_title = _l("Service guide")
    add_title = _l("Add service guide")
    edit_title = _l("Edit service guide")
    related_views = [GuideRevisionView]
    list_columns = ["item", "status", "version", "published_on", "changed_on"]
    edit_columns = ["acceptance_conditions", "acceptance_conditions_en", "materials", "materials_en", "steps",
                    "steps_en", "cycle_zh", "cycle_en", "price_zh", "price_en", "free", "channels",
                    "responsible_zh", "responsible_en", "faq", "faq_en", "status"]
    add_columns = ["item"] + edit_columns
    show_columns = ["item"] + edit_columns + ["version", "published_on", "changed_on"]
    search_columns = ["item", "status"]
    base_order = ("changed_on", "desc")
    label_columns = GUIDE_LABELS
    description_columns = {
        "acceptance_conditions": _l("Markdown. Who may apply and what must be true first."),
        "materials": _l("One material per line; they become the checklist of the one-time notification sheet."),
        "steps": _l("One step per line, in order."),
        "faq": _l("Markdown."),
        "acceptance_conditions_en": _l("The English text of the guide; while it is empty, English readers see "
                                       "the Chinese one with a notice."),
        "status": _l("Only published guides are public."),
    }
    add_form_extra_fields = edit_form_extra_fields = {
        "status": GUIDE_STATUSES.select(_l("Status"), validators=[InputRequired()]),
        "channels": codes_field(CHANNEL_LABELS, _l("Channels"), validators=[InputRequired()]),
    }
    formatters_columns = {"status": GUIDE_STATUSES.formatter, "channels": CHANNEL_LABELS.formatter}

    @action("publish", _l("Publish"), _l("Publish the selected guides?"), "fa-check", single=False)
    def publish(self, guides):
        return self._set_status(guides, PUBLISHED)

    @action("unpublish", _l("Back to draft"), _l("Take the selected guides off the public site?"), "fa-undo", single=False)
    def unpublish(self, guides):
        return self._set_status(guides, DRAFT)

    def _set_status(self, guides, status):
        guides = guides if isinstance(guides, list) else [guides]
        for guide in guides:
            guide.status = status
        db.session.commit()
        flash(gettext("%(count)d guides updated.", count=len(guides)), "success")
        return redirect(self.get_redirect())


class ServiceItemView(QiModelView):
    datamodel = SQLAInterface(ServiceItem)
    list_title = _l("Service items")
    show_title = _l("Service item")
    add_title = _l("Add service item")
    edit_title = _l("Edit service item")
    related_views = [ServiceGuideView]
    list_columns = ["category", "order", "code", "name_zh", "name_en", "visible"]
    _process = ["need_flow", "respond_days", "answer_days", "time_rule_zh", "time_rule_en"]
    add_columns = ["category", "code", "clause", "name_zh", "name_en", "summary_zh", "summary_en", "order", "visible",
                   *_process]
    edit_columns = ["category", "clause", "name_zh", "name_en", "summary_zh", "summary_en", "order", "visible",
                    *_process]
    show_columns = add_columns + ["created_on", "changed_on"]
    add_form_extra_fields = edit_form_extra_fields = {
        # not sent (an older client, a script): the whole flow, as before the option existed
        "need_flow": PROCESSES.select(_l("How its needs go"), default=FULL_FLOW)}
    description_columns = {
        "need_flow": _l("Which steps of the need flow apply to this item."),
        "respond_days": _l("Only where a local regulation sets another time limit than the standard's 1 working "
                           "day; empty: the standard's."),
        "answer_days": _l("Only where a local regulation sets another time limit than the standard's 3 working "
                          "days; empty: the standard's."),
        "time_rule_zh": _l("The local rule that sets these time limits, shown with the deadlines, e.g. article 12 "
                           "of the province's metrology regulations."),
    }
    search_columns = ["category", "code", "name_zh", "name_en", "visible"]
    base_order = ("order", "asc")
    label_columns = {
        "category": _l("Category"), "code": _l("Code"), "clause": _l("Clause of the standard"),
        "name_zh": _l("Name (Chinese)"), "name_en": _l("Name (English)"), "summary_zh": _l("Summary (Chinese)"),
        "summary_en": _l("Summary (English)"), "order": _l("Order"), "visible": _l("Visible"),
        "created_on": _l("Created on"), "changed_on": _l("Changed on"), "need_flow": _l("How its needs go"),
        "respond_days": _l("Local time limit to respond (working days)"),
        "answer_days": _l("Local time limit to answer with a plan (working days)"),
        "time_rule_zh": _l("Local rule (Chinese)"), "time_rule_en": _l("Local rule (English)"),
    }
    formatters_columns = {"visible": yes_no, "need_flow": PROCESSES.formatter}
    validators_columns = {**ServiceCategoryView.validators_columns, "respond_days": [_days], "answer_days": [_days]}


class AnswerTemplateView(QiModelView):
    datamodel = SQLAInterface(AnswerTemplate)
    list_title = _l("Answer templates")
    list_columns = ["title"]
    add_columns = edit_columns = show_columns = ["title", "body"]
    label_columns = {"title": _l("Title"), "body": _l("Text")}
    description_columns = {"body": _l("{guide_links} is replaced by links to the item's guide and notification sheet.")}


class ConsultationView(QiModelView):
    """Staff answer consultations in one go, pointing to the guides (一次性告知, clause 6.3.1-3).

    Consultations are needs of kind ``consultation`` (``app.needs``); answering takes the need's
    ``answer`` step, so the answer is kept in its history and stops its clock. The need page links
    here for that step: this is the one place consultations are answered."""

    datamodel = SQLAInterface(Need)
    base_permissions = ["can_read", "can_write"]
    base_filters = [["need_type", FilterEqual, "consultation"]]
    list_title = _l("Consultations")
    show_title = _l("Consultation")
    list_columns = ["submitted_at", "number", "item", "contact_name", "contact", "state"]
    show_columns = ["submitted_at", "number", "item", "contact_name", "contact", "description", "state", "plan",
                    "respond_due", "answered_at"]
    search_columns = ["state", "item", "contact_name", "contact", "number"]
    order_columns = ["submitted_at", "number", "state"]
    base_order = ("submitted_at", "desc")
    include_route_methods = {"list", "show", "answer"}
    label_columns = {"submitted_at": _l("Asked on"), "number": _l("Case number"), "item": _l("Service item"),
                     "contact_name": _l("Name"), "contact": _l("Contact"), "description": _l("Question"),
                     "state": _l("Status"), "plan": _l("Answer"), "respond_due": _l("Respond by"),
                     "answered_at": _l("Answered on")}
    formatters_columns = {"state": lambda s: str(STATE_LABELS.get(s, s))}
    method_permission_name = {**QiModelView.method_permission_name, "answer": "write"}

    @expose("/answer/<int:pk>", methods=["GET", "POST"])
    @has_access
    def answer(self, pk):
        from ..needs import flow
        from ..needs.states import STAFF

        record = self.datamodel.get(pk, self._base_filters)
        if record is None:
            abort(404)
        templates = list(db.session.scalars(select(AnswerTemplate).order_by(AnswerTemplate.title)))
        form = AnswerForm()
        if form.validate_on_submit():
            try:
                flow.take_step(db.session, record, "answer", actor=g.user.username, actor_kinds={STAFF},
                               comment=form.answer.data)
                db.session.commit()
            except flow.FlowError as refused:
                db.session.rollback()
                flash(str(refused), "danger")
                return redirect(url_for("ConsultationView.show", pk=pk))
            flash(gettext("Answer saved; the asker reads it at their consultation link."), "success")
            return redirect(url_for("ConsultationView.show", pk=pk))
        if request.method == "GET":
            form.answer.data = record.plan or ""
        return self.render_template("qi/answer.html", record=record, form=form, templates=templates,
                                    guide_links=guide_links(record.item))


def guide_links(item: ServiceItem | None) -> str:
    """The links a one-time answer points to: the item's guide and its notification sheet."""
    if item is None:
        return url_for("SearchView.index", _external=True)
    return "\n".join([
        f"{gettext('Service guide')}: {url_for('PublicCatalogView.item', code=item.code, _external=True)}",
        f"{gettext('One-time notification sheet')}: {url_for('PublicCatalogView.notice', code=item.code, _external=True)}",
    ])


# -- REST API ---------------------------------------------------------------------------------

class ServiceCategoryApi(QiModelRestApi):
    resource_name = "category"
    datamodel = SQLAInterface(ServiceCategory)
    base_filters = [["visible", FilterEqual, True]]
    list_columns = show_columns = ["id", "code", "name_zh", "name_en", "description_zh", "description_en", "icon", "order"]
    include_route_methods = {"get", "get_list", "info"}


class ServiceItemApi(QiModelRestApi):
    resource_name = "service_item"
    datamodel = SQLAInterface(ServiceItem)
    base_filters = [["visible", FilterEqual, True]]
    list_columns = show_columns = ["id", "code", "clause", "category.code", "name_zh", "name_en", "summary_zh",
                                   "summary_en", "order"]
    search_columns = ["category", "code", "name_zh", "name_en"]
    include_route_methods = {"get", "get_list", "info"}


class ServiceGuideApi(QiModelRestApi):
    """Published guides only: drafts stay with the editors."""

    resource_name = "service_guide"
    datamodel = SQLAInterface(ServiceGuide)
    base_filters = [["status", FilterEqual, PUBLISHED]]
    list_columns = show_columns = ["id", "item.code", "item.name_zh", "item.name_en", "acceptance_conditions",
                                   "materials", "steps", "cycle_zh", "cycle_en", "price_zh", "price_en", "free",
                                   "channels", "responsible_zh", "responsible_en", "faq", "version", "published_on"]
    include_route_methods = {"get", "get_list", "info"}


def view_specs() -> list[dict]:
    """The catalog's views, their menus and who may use them (see ``app.access``)."""
    from ..roles import EVERYONE_READS, READ_WRITE, STAFF, STAFF_ONLY, WINDOW_STAFF, grant

    book = {"menu": _l("Catalog"), "menu_icon": "fa-book"}
    desk = {"menu": _l("Service desk"), "menu_icon": "fa-comments", "resource": "Consultation",
            "roles": grant((*STAFF, WINDOW_STAFF), READ_WRITE)}
    guides = {"resource": "ServiceGuide", "roles": STAFF_ONLY}
    return [
        {"view": PublicCatalogView, "resource": "PublicPages", "roles": EVERYONE_READS},
        {"view": SearchView, "resource": "PublicPages", "roles": EVERYONE_READS},
        {"view": ServiceCategoryView, "name": _l("Service categories"), "icon": "fa-th-large", "roles": STAFF_ONLY,
         **book},
        {"view": ServiceItemView, "name": _l("Service items"), "icon": "fa-list", "roles": STAFF_ONLY, **book},
        {"view": ServiceGuideView, "name": _l("Service guides"), "icon": "fa-file-text-o", **guides, **book},
        {"view": GuideRevisionView, **guides},
        {"view": ConsultationView, "name": _l("Consultations"), "icon": "fa-question-circle", **desk},
        {"view": AnswerTemplateView, "name": _l("Answer templates"), "icon": "fa-clipboard", **desk},
        {"view": ServiceCategoryApi, "resource": "CatalogApi", "roles": EVERYONE_READS},
        {"view": ServiceItemApi, "resource": "CatalogApi", "roles": EVERYONE_READS},
        {"view": ServiceGuideApi, "resource": "CatalogApi", "roles": EVERYONE_READS},
    ]
