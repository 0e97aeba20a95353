"""The support pages (4.1-4c).

Addresses: ``/support/`` (``?page=``: the signed-in user's own tickets, newest first),
``/support/new`` (``?page=<path>&error=<reference>``, given by the navbar's link and the 500 page;
POST opens the ticket), ``/support/<id>`` (one ticket: the opener's, or any for staff), POST
``/support/<id>/write`` and ``…/close`` (the opener). Staff: ``/support/desk/``
(``?show=open|answered|closed|all&page=``) and POST ``/support/desk/<id>/answer`` and ``…/close``.
Every state change is a POST; a refused step is flashed, translated, and changes nothing.
"""
from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..form_tokens import new_token
from ..list_loading import capped_counts
from ..needs.views import choice_arg, page_arg
from ..roles import SIGNED_IN
from ..scoping import scoped_or_404
from ..web.errors_expired_forms import refill_when_expired
from ..web.return_to import local_url
from ..web.saving import committed
from . import attached, flow
from .forms import MessageForm, TicketForm
from .models import ANSWERED, CLOSED, OPEN, SupportMessage, SupportTicket

PAGE_SIZE = 25
DESK_TABS = {OPEN: _l("Waiting for support"), ANSWERED: _l("Answered"), CLOSED: _l("Closed"),
             "all": _l("All tickets")}


def _rows(query, page: int) -> tuple[list, bool]:
    """One page of tickets, newest first, and whether another follows (one statement, no count)."""
    rows = db.session.scalars(query.options(selectinload(SupportTicket.user)).order_by(SupportTicket.id.desc())
                              .limit(PAGE_SIZE + 1).offset(page * PAGE_SIZE)).all()
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def _commit(message: str) -> bool:
    return committed(message, gettext("The ticket could not be saved. Please try again."))


def _ticket_page(view: BaseView, ticket: SupportTicket, form: MessageForm | None = None, status: int = 200,
                 desk: bool = False):
    """The ticket with its messages; the opener's form to write back, or the desk's to answer."""
    messages = db.session.scalars(select(SupportMessage).where(SupportMessage.ticket_id == ticket.id)
                                  .options(selectinload(SupportMessage.author)).order_by(SupportMessage.id)).all()
    from ..web.link_access import may_open, may_open_url

    return view.render_template(
        "qi/support/ticket.html", ticket=ticket, messages=messages, form=form or MessageForm(formdata=None),
        page_opens=bool(ticket.page) and may_open_url(ticket.page),  # the user's page may be one staff cannot open
        mine=ticket.user_id == g.user.id,
        desk=desk or (ticket.user_id != g.user.id and may_open("SupportDeskView.answer")),
        audit_url=(url_for("AuditEntryView.list", _flt_3_request_id=ticket.error_id)
                   if ticket.error_id and may_open("AuditEntryView.list") else None)), status


def _write(view: BaseView, ticket: SupportTicket, from_support: bool):
    """A message from the form on ``ticket`` (the opener's or the desk's), then back to the ticket;
    an invalid or refused message gives the page again with what was typed (422)."""
    form = MessageForm()
    if form.validate():
        try:
            flow.write(db.session, ticket, g.user, form.body.data, from_support=from_support)
        except flow.SupportError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
        else:
            _commit(gettext("The answer is sent; the user is told.") if from_support
                    else gettext("Your message is sent to support."))
            return redirect(url_for("SupportTicketView.show", ticket_id=ticket.id), code=303)
    return _ticket_page(view, ticket, form, 422, desk=from_support)


def _close(ticket: SupportTicket, by_support: bool):
    try:
        flow.close(db.session, ticket, g.user, by_support=by_support)
    except flow.SupportError as refused:
        db.session.rollback()
        flash(str(refused), "danger")
    else:
        _commit(gettext("The ticket is closed."))
    return redirect(url_for("SupportTicketView.show", ticket_id=ticket.id), code=303)


class SupportTicketView(BaseView):
    """A signed-in user's tickets: open one from any page, follow it, write back, close it."""

    route_base = "/support"
    method_permission_name = {"index": "read", "show": "read", "new": "write", "write": "write", "close": "write"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        page = page_arg()
        rows, more = _rows(select(SupportTicket).where(SupportTicket.user_id == g.user.id), page)
        return self.render_template("qi/support/list.html", rows=rows, more=more, page=page, mine=True,
                                    endpoint="SupportTicketView.index", tabs={}, show="")

    @staticmethod
    def _attached(form: TicketForm) -> tuple[str | None, str | None]:
        """(page, error reference) the ticket carries: the form's page, else the failed request's."""
        error = attached.last_error(g.user, form.error.data)
        page = (local_url(form.page.data) if form.page.data else None) or (local_url(error[1]) if error else None)
        return (page[:attached.PAGE_MAX] if page else None), (error[0] if error else None)

    def _form_page(self, form: TicketForm, status: int = 200):
        page, error = self._attached(form)
        form.page.data, form.error.data = page or "", error or ""
        return self.render_template("qi/support/new.html", form=form, page=page, error=error,
                                    browser=attached.browser()), status

    @expose("/new", methods=["GET", "POST"])
    @has_access
    @refill_when_expired(lambda view: view._form_page(TicketForm()))
    def new(self):
        """The ticket form, with the page, the browser and the last error shown as they will be sent."""
        form = TicketForm()
        if request.method == "GET":
            form.token.data = new_token()
            form.page.data = attached.asked_from() or ""
            form.error.data = (request.args.get("error") or "")[:64]
            return self._form_page(form)
        if not form.validate():
            return self._form_page(form, 422)
        page, error = self._attached(form)
        try:
            ticket, new = flow.open_ticket(db.session, g.user, subject=form.subject.data, body=form.body.data,
                                           token=form.token.data, page=page, browser=attached.browser(), error_id=error)
            db.session.commit()
        except flow.SupportError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return self._form_page(form, 422)
        except IntegrityError:  # the same form sent twice at once: the first one is kept
            db.session.rollback()
            ticket, new = db.session.scalar(select(SupportTicket).where(SupportTicket.token == form.token.data)), False
            if ticket is None:
                raise
        if ticket.user_id != g.user.id:
            abort(404)
        if new:
            flash(gettext("Ticket %(number)s is sent. Support will answer here, and you will get a message.",
                          number=ticket.number), "success")
        return redirect(url_for("SupportTicketView.show", ticket_id=ticket.id), code=303)

    @expose("/<int:ticket_id>")
    @has_access
    def show(self, ticket_id):
        return _ticket_page(self, scoped_or_404(SupportTicket, ticket_id))

    def _own(self, ticket_id: int) -> SupportTicket:
        ticket = scoped_or_404(SupportTicket, ticket_id)
        if ticket.user_id != g.user.id:  # staff answer through the desk
            abort(404)
        return ticket

    @expose("/<int:ticket_id>/write", methods=["POST"])
    @has_access
    @refill_when_expired(lambda view, ticket_id: _ticket_page(view, view._own(ticket_id), MessageForm()))
    def write(self, ticket_id):
        return _write(self, self._own(ticket_id), from_support=False)

    @expose("/<int:ticket_id>/close", methods=["POST"])
    @has_access
    def close(self, ticket_id):
        return _close(self._own(ticket_id), by_support=False)


class SupportDeskView(BaseView):
    """Staff: every ticket by state, waiting ones first in the tabs; answer and close."""

    route_base = "/support/desk"
    method_permission_name = {"index": "read", "answer": "write", "close": "write"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        show = choice_arg("show", DESK_TABS) or OPEN
        page = page_arg()
        query = select(SupportTicket)
        if show != "all":
            query = query.where(SupportTicket.state == show)
        rows, more = _rows(query, page)
        counts = capped_counts(db.session, {state: select(SupportTicket.id).where(SupportTicket.state == state)
                                            for state in (OPEN, ANSWERED)})
        return self.render_template("qi/support/list.html", rows=rows, more=more, page=page, mine=False,
                                    endpoint="SupportDeskView.index", tabs=DESK_TABS, show=show, counts=counts)

    @expose("/<int:ticket_id>/answer", methods=["POST"])
    @has_access
    @refill_when_expired(lambda view, ticket_id: _ticket_page(view, scoped_or_404(SupportTicket, ticket_id),
                                                              MessageForm(), desk=True))
    def answer(self, ticket_id):
        return _write(self, scoped_or_404(SupportTicket, ticket_id), from_support=True)

    @expose("/<int:ticket_id>/close", methods=["POST"])
    @has_access
    def close(self, ticket_id):
        return _close(scoped_or_404(SupportTicket, ticket_id), by_support=True)


def view_specs() -> list[dict]:
    """Every signed-in user opens and follows their own tickets; staff work the desk (``app.access``)."""
    from ..roles import READ_WRITE, STAFF_ONLY, grant

    return [  # the user's tickets among their personal pages, the desk beside the system panel
        {"view": SupportTicketView, "name": _l("My support tickets"), "icon": "fa-life-ring",
         "roles": grant(SIGNED_IN, READ_WRITE), "menu": _l("Personal"), "menu_icon": "fa-user-circle"},
        {"view": SupportDeskView, "name": _l("Support desk"), "icon": "fa-headphones", "roles": STAFF_ONLY,
         "menu": _l("Platform monitoring"), "menu_icon": "fa-line-chart"},
    ]
