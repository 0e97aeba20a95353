"""The expert team pages: the teams a user may see, one team with its members and needs, making a
team, adding and removing members, attaching it to needs of its window; and ``need_teams``, which
the need's case page calls (Jinja global) to show the teams attached to the need.

Addresses: ``/teams/`` (``?page=``), ``/teams/<id>``, ``/teams/new``, POST ``/teams/<id>/members``,
``/teams/members/<id>/remove``, ``/teams/<id>/needs``, ``/teams/<id>/needs/<need_id>/detach``.
"""
from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext, lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..extensions import db
from ..needs.forms import NUMBER
from ..needs.models import Need
from ..needs.views import actor_kinds, page_arg
from ..roles import ENTERPRISE, PLATFORM_STAFF, WINDOW_STAFF
from ..scoping import is_staff, scoped, scoped_or_404, user_window_ids
from ..windows.models import ENTERPRISE_WINDOW, ServiceWindow
from .models import FIELD_LABELS, ExpertMember, ExpertTeam, TeamNeed

PAGE_SIZE = 25


class TeamForm(FlaskForm):
    name = StringField(_l("Team name"), validators=[DataRequired(message=_l("Give the team a name.")),
                                                    Length(max=200)])
    window = SelectField(_l("Enterprise window"), choices=[], coerce=str)
    description = TextAreaField(_l("What the team helps with"), validators=[Optional(), Length(max=4000)])


class MemberForm(FlaskForm):
    name = StringField(_l("Expert name"), validators=[DataRequired(message=_l("Give the expert's name.")),
                                                      Length(max=100)])
    field = SelectField(_l("Field"), choices=[], coerce=str)
    title = StringField(_l("Professional title"), validators=[Optional(), Length(max=100)])
    employer = StringField(_l("Employer"), validators=[Optional(), Length(max=200)])
    contact = StringField(_l("Contact"), validators=[Optional(), Length(max=200)])
    username = StringField(_l("Platform account (optional)"), validators=[Optional(), Length(max=100)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field.choices = [(code, str(label)) for code, label in FIELD_LABELS.items()]


class AttachForm(FlaskForm):
    number = StringField(_l("Case number"), validators=[DataRequired(message=_l("Give the case number.")),
                                                        Length(max=20)])


def need_teams(need: Need) -> list[ExpertTeam]:
    """The expert teams attached to ``need``, with their members (for its case page, which only those
    who may see the need open)."""
    return list(db.session.scalars(select(ExpertTeam).join(TeamNeed, TeamNeed.team_id == ExpertTeam.id)
                                   .where(TeamNeed.need_id == need.id)
                                   .options(selectinload(ExpertTeam.members)).order_by(ExpertTeam.id)))


def team_or_404(pk: int) -> ExpertTeam:
    """The team the user may see, its members and needs loaded in a fixed number of queries (the page
    lists every attached need: one query each otherwise)."""
    team = db.session.scalar(scoped(select(ExpertTeam).where(ExpertTeam.id == pk), ExpertTeam).options(
        selectinload(ExpertTeam.window), selectinload(ExpertTeam.members),
        selectinload(ExpertTeam.links).selectinload(TeamNeed.need)))
    if team is None:
        abort(404)
    return team


def _may_manage(user, team: ExpertTeam) -> bool:
    return is_staff(user) or team.window_id in user_window_ids(user)


def _errors(form) -> str:
    return " ".join(f"{getattr(form, name).label.text}: {message}" for name, messages in form.errors.items()
                    for message in messages)


class ExpertTeamView(BaseView):
    """Expert teams of enterprise windows: staff and the window's staff manage them, the window's
    enterprise reads its own."""

    route_base = "/teams"
    default_view = "index"
    method_permission_name = {"index": "read", "show": "read", "new": "write", "add_member": "write",
                              "remove_member": "write", "attach": "write", "detach": "write"}

    @expose("/")
    @has_access
    def index(self):
        page = page_arg()
        query = scoped(select(ExpertTeam), ExpertTeam)
        total = db.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = db.session.scalars(query.options(selectinload(ExpertTeam.window), selectinload(ExpertTeam.members))
                                  .order_by(ExpertTeam.name, ExpertTeam.id)
                                  .limit(PAGE_SIZE).offset(page * PAGE_SIZE)).all()
        return self.render_template("teams/list.html", rows=rows, total=total, page=page, page_size=PAGE_SIZE,
                                    may_create=is_staff(g.user) or bool(user_window_ids(g.user)))

    @expose("/<int:pk>")
    @has_access
    def show(self, pk):
        team = team_or_404(pk)
        may_manage = _may_manage(g.user, team)
        return self.render_template(
            "teams/show.html", team=team, may_manage=may_manage, member_form=MemberForm(formdata=None),
            attach_form=AttachForm(formdata=None), can_open=lambda need: bool(actor_kinds(g.user, need)))

    @expose("/new", methods=["GET", "POST"])
    @has_access
    def new(self):
        query = select(ServiceWindow).where(ServiceWindow.kind == ENTERPRISE_WINDOW, ServiceWindow.active.is_(True))
        if not is_staff(g.user):
            query = query.where(ServiceWindow.id.in_(user_window_ids(g.user) or [-1]))
        windows = {str(w.id): w for w in db.session.scalars(query.order_by(ServiceWindow.name).limit(500))}
        form = TeamForm()
        form.window.choices = [(key, w.shown_name) for key, w in windows.items()]
        if request.method == "POST" and form.validate_on_submit():
            window = windows[form.window.data]
            team = ExpertTeam(window_id=window.id, organisation_id=window.organisation_id, name=form.name.data.strip(),
                              description=(form.description.data or "").strip() or None)
            db.session.add(team)
            db.session.commit()
            flash(gettext("The team is made. Add its experts."), "success")
            return redirect(url_for(".show", pk=team.id))
        return self.render_template("teams/new.html", form=form), 422 if request.method == "POST" else 200

    def _managed(self, pk: int) -> ExpertTeam:
        team = scoped_or_404(ExpertTeam, pk)
        if not _may_manage(g.user, team):
            abort(403)
        return team

    @expose("/<int:pk>/members", methods=["POST"])
    @has_access
    def add_member(self, pk):
        team = self._managed(pk)
        form = MemberForm()
        if not form.validate_on_submit():
            flash(_errors(form) or gettext("The form has expired. Please try again."), "danger")
            return redirect(url_for(".show", pk=pk))
        user_id = None
        if form.username.data:
            user = current_app.appbuilder.sm.find_user(username=form.username.data.strip())
            if user is None:
                flash(gettext("No platform account has the name %(name)s.", name=form.username.data.strip()[:100]),
                      "danger")
                return redirect(url_for(".show", pk=pk))
            user_id = user.id
        team.members.append(ExpertMember(name=form.name.data.strip(), field=form.field.data,
                                         title=form.title.data or None, employer=form.employer.data or None,
                                         contact=form.contact.data or None, user_id=user_id))
        db.session.commit()
        flash(gettext("%(name)s joins the team.", name=form.name.data.strip()), "success")
        return redirect(url_for(".show", pk=pk))

    @expose("/members/<int:member_id>/remove", methods=["POST"])
    @has_access
    def remove_member(self, member_id):
        member = db.session.get(ExpertMember, member_id) or abort(404)
        team = self._managed(member.team_id)
        if not FlaskForm().validate_on_submit():
            flash(gettext("The form has expired. Please try again."), "danger")
            return redirect(url_for(".show", pk=team.id))
        db.session.delete(member)
        db.session.commit()
        return redirect(url_for(".show", pk=team.id))

    @expose("/<int:pk>/needs", methods=["POST"])
    @has_access
    def attach(self, pk):
        """Attach the team to a need of its window that the user may see."""
        team = self._managed(pk)
        form = AttachForm()
        if not form.validate_on_submit():
            flash(_errors(form) or gettext("The form has expired. Please try again."), "danger")
            return redirect(url_for(".show", pk=pk))
        number = form.number.data.strip().upper()
        need = db.session.scalar(scoped(select(Need).where(Need.number == number), Need)) if NUMBER.match(number) else None
        if need is None:
            flash(gettext("%(number)s: no case you may see has this number.", number=number[:20]), "danger")
            return redirect(url_for(".show", pk=pk))
        if need.window_id != team.window_id:
            flash(gettext("%(number)s is not a need of this team's window.", number=number), "danger")
            return redirect(url_for(".show", pk=pk))
        try:
            db.session.add(TeamNeed(team_id=team.id, need_id=need.id, attached_by=g.user.username))
            db.session.commit()
        except IntegrityError:  # attached already (or at the same moment)
            db.session.rollback()
            flash(gettext("The team is already attached to %(number)s.", number=number), "info")
            return redirect(url_for(".show", pk=pk))
        flash(gettext("The team is attached to %(number)s.", number=number), "success")
        return redirect(url_for(".show", pk=pk))

    @expose("/<int:pk>/needs/<int:need_id>/detach", methods=["POST"])
    @has_access
    def detach(self, pk, need_id):
        team = self._managed(pk)
        link = db.session.scalar(select(TeamNeed).where(TeamNeed.team_id == team.id, TeamNeed.need_id == need_id))
        if link is None:
            abort(404)
        if not FlaskForm().validate_on_submit():
            flash(gettext("The form has expired. Please try again."), "danger")
            return redirect(url_for(".show", pk=pk))
        db.session.delete(link)
        db.session.commit()
        return redirect(url_for(".show", pk=pk))


def view_specs() -> list[dict]:
    """The team pages and who may use them (see ``app.access``); rows by the team's window scope."""
    from ..roles import READ, READ_WRITE, grant

    return [
        {"view": ExpertTeamView, "name": _l("Expert teams"), "icon": "fa-users", "menu": _l("Needs"),
         "menu_icon": "fa-tasks",
         "roles": {**grant((PLATFORM_STAFF, WINDOW_STAFF), READ_WRITE), **grant((ENTERPRISE,), READ)}},
    ]
