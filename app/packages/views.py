"""The package pages: the packages a user may see, one package with its needs, making a package,
adding and removing needs, closing it, and one step on all its needs.

Addresses: ``/packages/`` (``?state=&page=``), ``/packages/<id>`` (POST ``…/step``),
``/packages/new``, POST ``/packages/<id>/needs``, ``/packages/<id>/needs/<need_id>/remove``,
``/packages/<id>/close``.
"""
from __future__ import annotations

import re

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext, lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import DataRequired, Length, Optional

from ..extensions import db
from ..needs import flow
from ..needs.models import Need
from ..needs.states import STAFF as AS_STAFF, STEPS
from ..needs.views import actor_kinds, choice_arg, page_arg
from ..roles import INSTITUTION, PLATFORM_STAFF, WINDOW_STAFF
from ..scoping import is_staff, role_names, scoped, scoped_or_404, user_window_ids
from ..windows.models import INSTITUTION_WINDOW, ServiceWindow
from . import bundling
from .models import PACKAGE_STATE_LABELS, STAGE_LABELS, NeedPackage, PackageNeed

PAGE_SIZE = 25
NUMBERS = re.compile(r"[A-Z]{2,8}-\d{4}-\d{4,9}")


class PackageForm(FlaskForm):
    """A new package for an institution window."""

    title = StringField(_l("Package title"), validators=[DataRequired(message=_l("Give the package a title.")),
                                                         Length(max=200)])
    window = SelectField(_l("Institution window"), choices=[], coerce=str)
    industry = StringField(_l("Industry"), validators=[Optional(), Length(max=100)])
    stages = SelectMultipleField(_l("Stages it spans"), choices=[], option_widget=widgets.CheckboxInput(),
                                 widget=widgets.ListWidget(prefix_label=False))
    description = TextAreaField(_l("What the package is about"), validators=[Optional(), Length(max=4000)])


class AddNeedsForm(FlaskForm):
    numbers = TextAreaField(_l("Case numbers"), validators=[DataRequired(message=_l("Give the case numbers.")),
                                                            Length(max=4000)])


class PackageStepForm(FlaskForm):
    step = SelectField(_l("Step"), choices=[], coerce=str)
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=4000)])


def kinds_for(user, package: NeedPackage):
    """What ``user`` acts as on a need of ``package``: as on its case page, and as staff when they
    work the package's window (window staff step the needs they bundled for it)."""
    acting_for_window = WINDOW_STAFF in role_names(user) and package.window_id in user_window_ids(user)

    def kinds(need: Need) -> set[str]:
        found = actor_kinds(user, need)
        return found | {AS_STAFF} if acting_for_window else found
    return kinds


def _steps_for(user, package: NeedPackage) -> list:
    """Steps the user may take now on at least one need of the package (the form offers them; the
    step itself is refused whole when some need does not allow it)."""
    kinds = kinds_for(user, package)
    names = {step.name for member in package.members for step in flow.allowed_steps(member.need, kinds(member.need))}
    return [step for step in STEPS.values() if step.name in names]


def package_or_404(pk: int) -> NeedPackage:
    """The package the user may see, its needs and their enterprises loaded in a fixed number of
    queries (the page and the step form read every member's need: one query each otherwise)."""
    package = db.session.scalar(scoped(select(NeedPackage).where(NeedPackage.id == pk), NeedPackage).options(
        selectinload(NeedPackage.window),
        selectinload(NeedPackage.members).selectinload(PackageNeed.need).selectinload(Need.organisation)))
    if package is None:
        abort(404)
    return package


def _may_edit(user, package: NeedPackage) -> bool:
    return is_staff(user) or package.window_id in user_window_ids(user)


class NeedPackageView(BaseView):
    """Packages for staff and window staff (those of their windows) and the window's institution."""

    route_base = "/packages"
    default_view = "index"
    method_permission_name = {"index": "read", "show": "read", "step": "write"}

    @expose("/")
    @has_access
    def index(self):
        state, page = choice_arg("state", PACKAGE_STATE_LABELS), page_arg()
        query = scoped(select(NeedPackage), NeedPackage)
        if state:
            query = query.where(NeedPackage.state == state)
        total = db.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = db.session.scalars(query.options(selectinload(NeedPackage.window), selectinload(NeedPackage.members))
                                  .order_by(NeedPackage.created_at.desc(), NeedPackage.id.desc())
                                  .limit(PAGE_SIZE).offset(page * PAGE_SIZE)).all()
        return self.render_template("packages/list.html", rows=rows, total=total, page=page, page_size=PAGE_SIZE,
                                    state=state, state_labels=PACKAGE_STATE_LABELS,
                                    may_create=is_staff(g.user) or bool(user_window_ids(g.user)))

    @expose("/<int:pk>")
    @has_access
    def show(self, pk, refusals=None, status=200):
        package = package_or_404(pk)
        form = PackageStepForm(formdata=None)
        form.step.choices = [(s.name, str(s.label)) for s in _steps_for(g.user, package)]
        return self.render_template(
            "packages/show.html", package=package, step_form=form, add_form=AddNeedsForm(formdata=None),
            may_edit=_may_edit(g.user, package), refusals=refusals or [], stage_labels=STAGE_LABELS,
            can_open=lambda need: bool(actor_kinds(g.user, need))), status

    @expose("/<int:pk>/step", methods=["POST"])
    @has_access
    def step(self, pk):
        """One step on every need of the package, all or nothing (see ``bundling.step_all``)."""
        package = package_or_404(pk)
        form = PackageStepForm()
        form.step.choices = [(s.name, str(s.label)) for s in _steps_for(g.user, package)]
        if not form.validate_on_submit():
            flash(gettext("Choose a step you may take on the needs of this package."), "danger")
            return redirect(url_for(".show", pk=pk))
        try:
            moved = bundling.step_all(db.session, package, form.step.data, actor=g.user.username,
                                      kinds_of=kinds_for(g.user, package), comment=form.comment.data)
            db.session.commit()
        except bundling.StepRefused as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return self.show(pk, refusals=[(n.number, message) for n, message in refused.refusals], status=409)
        except bundling.PackageError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return redirect(url_for(".show", pk=pk))
        flash(gettext("Done on %(count)d needs: %(step)s.", count=len(moved), step=STEPS[form.step.data].label),
              "success")
        return redirect(url_for(".show", pk=pk))


class NeedPackageEditView(BaseView):
    """Platform staff and window staff make packages and fill them."""

    route_base = "/packages"
    default_view = "new"
    method_permission_name = {"new": "write", "add": "write", "remove": "write", "close": "write"}

    @staticmethod
    def _windows():
        query = select(ServiceWindow).where(ServiceWindow.kind == INSTITUTION_WINDOW, ServiceWindow.active.is_(True))
        if not is_staff(g.user):
            query = query.where(ServiceWindow.id.in_(user_window_ids(g.user) or [-1]))
        return db.session.scalars(query.order_by(ServiceWindow.name).limit(500)).all()

    @expose("/new", methods=["GET", "POST"])
    @has_access
    def new(self):
        form = PackageForm()
        windows = {str(w.id): w for w in self._windows()}
        form.window.choices = [(key, f"{w.shown_name}" + (f" · {w.industry}" if w.industry else ""))
                               for key, w in windows.items()]
        form.stages.choices = [(code, str(label)) for code, label in STAGE_LABELS.items()]
        if request.method == "POST" and form.validate_on_submit():
            try:
                package = bundling.create_package(
                    db.session, title=form.title.data, window=windows[form.window.data], industry=form.industry.data,
                    stages=form.stages.data, actor=g.user.username, description=form.description.data)
                db.session.commit()
            except bundling.PackageError as refused:
                db.session.rollback()
                form.title.errors = list(form.title.errors) + [str(refused)]
            else:
                flash(gettext("The package is made. Add the needs to it."), "success")
                return redirect(url_for("NeedPackageView.show", pk=package.id))
        return self.render_template("packages/new.html", form=form), 422 if request.method == "POST" else 200

    def _editable(self, pk: int) -> NeedPackage:
        package = scoped_or_404(NeedPackage, pk)
        if not _may_edit(g.user, package):
            abort(403)
        return package

    @expose("/<int:pk>/needs", methods=["POST"])
    @has_access
    def add(self, pk):
        """Add needs by their case numbers; only needs the user may see go in, the others are named."""
        package = self._editable(pk)
        form = AddNeedsForm()
        if not form.validate_on_submit():
            flash(gettext("Give the case numbers."), "danger")
            return redirect(url_for("NeedPackageView.show", pk=pk))
        numbers = list(dict.fromkeys(NUMBERS.findall(form.numbers.data.upper())))[:bundling.MAX_NEEDS]
        needs = db.session.scalars(scoped(select(Need).where(Need.number.in_(numbers or ["-"])), Need)).all()
        unseen = sorted(set(numbers) - {n.number for n in needs})
        try:
            left_out = bundling.add_needs(db.session, package, needs, g.user.username)
            db.session.commit()
        except bundling.PackageError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return redirect(url_for("NeedPackageView.show", pk=pk))
        for number in unseen:
            flash(gettext("%(number)s: no case you may see has this number.", number=number), "warning")
        for need, why in left_out:
            flash(f"{need.number}: {why}", "warning")
        added = len(needs) - len(left_out)
        flash(gettext("%(count)d needs added.", count=added), "success" if added else "info")
        return redirect(url_for("NeedPackageView.show", pk=pk))

    @expose("/<int:pk>/needs/<int:need_id>/remove", methods=["POST"])
    @has_access
    def remove(self, pk, need_id):
        package = self._editable(pk)
        if not FlaskForm().validate_on_submit():
            flash(gettext("The form has expired. Please try again."), "danger")
            return redirect(url_for("NeedPackageView.show", pk=pk))
        try:
            bundling.remove_need(db.session, package, need_id)
            db.session.commit()
        except bundling.PackageError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
        return redirect(url_for("NeedPackageView.show", pk=pk))

    @expose("/<int:pk>/close", methods=["POST"])
    @has_access
    def close(self, pk):
        package = self._editable(pk)
        if not FlaskForm().validate_on_submit():
            flash(gettext("The form has expired. Please try again."), "danger")
            return redirect(url_for("NeedPackageView.show", pk=pk))
        try:
            bundling.close_package(db.session, package)
            db.session.commit()
            flash(gettext("The package is closed."), "success")
        except bundling.PackageError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
        return redirect(url_for("NeedPackageView.show", pk=pk))


def view_specs() -> list[dict]:
    """The package pages and who may use them (see ``app.access``); rows by the package's scope."""
    from ..roles import READ_WRITE, grant

    menu = {"menu": _l("Needs"), "menu_icon": "fa-tasks"}
    return [
        {"view": NeedPackageView, "name": _l("Need packages"), "icon": "fa-archive",
         "roles": grant((PLATFORM_STAFF, WINDOW_STAFF, INSTITUTION), READ_WRITE), **menu},
        {"view": NeedPackageEditView, "roles": grant((PLATFORM_STAFF, WINDOW_STAFF), READ_WRITE)},
    ]
