"""Staff pages of the working-day calendar (PlatformStaff and Admin): the days of a year with the
years loaded, adding, changing and deleting a day, the change log, and importing a year from a file.
"""
from __future__ import annotations

import datetime as dt

from flask import Response, abort, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext, lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from wtforms import DateField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from ..extensions import db
from ..importing import UploadForm, uploaded_file
from ..spreadsheets import rows_of
from . import editing
from .calendar import today
from .coverage import calendar_coverage, uncovered_years
from .files import SAMPLE_CSV, CalendarFileError, parse_days
from .models import SOURCE_IMPORT, SOURCE_PACKAGE, SOURCE_STAFF, CalendarChange, CalendarDay
from .names import holiday_label

FIRST_YEAR, LAST_YEAR = 1990, 2200
CHANGES_PER_PAGE = 50
KIND_LABELS = {"holiday": _l("Holiday (no work)"), "working": _l("Working day (调休)")}
SOURCE_LABELS = {SOURCE_PACKAGE: _l("chinese-calendar package"), SOURCE_IMPORT: _l("Imported file"),
                 SOURCE_STAFF: _l("Edited by staff")}
ACTION_LABELS = {"added": _l("Added"), "changed": _l("Changed"), "deleted": _l("Deleted"), "imported": _l("Imported")}


class CalendarDayForm(FlaskForm):
    day = DateField(_l("Date"), validators=[InputRequired(message=_l("Please give the date."))])
    kind = SelectField(_l("The day is"), choices=[(k, v) for k, v in KIND_LABELS.items()])
    name = StringField(_l("Name (e.g. 春节)"), validators=[Optional(), Length(max=100)])


def _day_from_url(day: str) -> dt.date:
    try:
        return dt.date.fromisoformat(day)
    except ValueError:
        abort(404)


def _year_arg() -> int:
    """The ``year`` query argument, this year when absent; 400 when it is not a year."""
    value = request.args.get("year")
    if value is None or value == "":
        return today().year
    if not value.isdigit() or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        abort(400, gettext("The year must be a number from %(first)d to %(last)d.", first=FIRST_YEAR, last=LAST_YEAR))
    return int(value)


def working_label(is_working: bool | None) -> str:
    if is_working is None:
        return "—"
    return str(KIND_LABELS["working" if is_working else "holiday"])


class CalendarView(BaseView):
    """The days of one year that differ from the weekend rule, the years loaded, and the edits."""

    route_base = "/calendar"
    default_view = "index"
    method_permission_name = {"index": "read", "edit": "write", "delete": "write"}

    @expose("/")
    @has_access
    def index(self):
        year = _year_arg()
        days = db.session.scalars(select(CalendarDay).where(
            CalendarDay.day.between(dt.date(year, 1, 1), dt.date(year, 12, 31))).order_by(CalendarDay.day)).all()
        return self.render_template(
            "workdays/calendar.html", year=year, days=days, coverage=calendar_coverage(),
            uncovered=uncovered_years(), form=CalendarDayForm(formdata=None), holiday_label=holiday_label,
            working_label=working_label, source_labels=SOURCE_LABELS)

    @expose("/day/", methods=["GET", "POST"])
    @expose("/day/<day>", methods=["GET", "POST"])
    @has_access
    def edit(self, day: str | None = None):
        """Add a day (or change the row of its date), or change the day in the URL."""
        row = None
        if day is not None:
            row = db.session.scalar(select(CalendarDay).where(CalendarDay.day == _day_from_url(day))) or abort(404)
        form = CalendarDayForm()
        if row is not None:
            del form.day  # the date of an existing row is its identity: another date is another row
            if request.method == "GET":
                form.kind.data = "working" if row.is_working else "holiday"
                form.name.data = holiday_label(row.name)
        if request.method == "POST" and form.validate_on_submit():
            target = row.day if row else form.day.data
            try:
                changed = editing.set_day(db.session, target, form.kind.data == "working", form.name.data,
                                          g.user.username)
                db.session.commit()
            except IntegrityError:  # another member of staff added the same date at the same moment
                db.session.rollback()
                flash(gettext("%(day)s was changed by someone else just now. Please check it and try again.",
                              day=target.isoformat()), "warning")
                return redirect(url_for(".index", year=target.year))
            flash(gettext("%(day)s saved.", day=target.isoformat()) if changed else
                  gettext("Nothing changed."), "success" if changed else "info")
            return redirect(url_for(".index", year=target.year))
        status = 422 if request.method == "POST" else 200
        return self.render_template("workdays/day.html", form=form, row=row), status

    @expose("/day/<day>/delete", methods=["POST"])
    @has_access
    def delete(self, day: str):
        row = db.session.scalar(select(CalendarDay).where(CalendarDay.day == _day_from_url(day))) or abort(404)
        if not UploadForm().validate_on_submit():
            flash(gettext("The form has expired. Please send it again."), "danger")
            return redirect(url_for(".index", year=row.day.year))
        editing.delete_day(db.session, row, g.user.username)
        db.session.commit()
        flash(gettext("%(day)s deleted: it follows the weekend rule again.", day=row.day.isoformat()), "success")
        return redirect(url_for(".index", year=row.day.year))


class CalendarChangeView(BaseView):
    """Who changed which day from what to what, newest first."""

    route_base = "/calendar/changes"
    default_view = "changes"
    method_permission_name = {"changes": "read"}

    @expose("/")
    @has_access
    def changes(self):
        page = min(max(request.args.get("page", 1, type=int) or 1, 1), 10_000)
        total = db.session.scalar(select(func.count()).select_from(CalendarChange))
        rows = db.session.scalars(select(CalendarChange).order_by(CalendarChange.changed_on.desc(),
                                                                  CalendarChange.id.desc())
                                  .limit(CHANGES_PER_PAGE).offset((page - 1) * CHANGES_PER_PAGE)).all()
        return self.render_template("workdays/changes.html", rows=rows, page=page, total=total,
                                    per_page=CHANGES_PER_PAGE, action_labels=ACTION_LABELS,
                                    holiday_label=holiday_label, working_label=working_label)


class CalendarImportView(BaseView):
    """Import the holidays and 调休 days of a year from a small file; it replaces those years."""

    route_base = "/calendar/import"
    default_view = "import_file"
    method_permission_name = {"import_file": "write", "sample": "read"}

    @expose("/", methods=["GET", "POST"])
    @has_access
    def import_file(self):
        form, problems, error, years = UploadForm(), [], "", None
        if request.method == "POST" and not form.validate_on_submit():
            error = gettext("The form has expired. Please send it again.")
        elif request.method == "POST":
            try:
                uploaded = uploaded_file()
                if uploaded is None:
                    raise ValueError(gettext("Choose a file."))
                days = parse_days(rows_of(*uploaded))
                years = editing.replace_years(db.session, days, g.user.username, uploaded[1])
                db.session.commit()
                flash(gettext("Imported %(count)d days for %(years)s.", count=len(days),
                              years=", ".join(map(str, years))), "success")
            except CalendarFileError as exc:
                db.session.rollback()
                error, problems = gettext("The file was not imported; nothing changed."), exc.problems
            except ValueError as exc:
                db.session.rollback()
                error = str(exc)
            except Exception:  # a file the workbook reader cannot read: say so, change nothing
                db.session.rollback()
                error = gettext("The file could not be read.")
        status = 422 if error else 200
        return self.render_template("workdays/import.html", form=form, error=error, problems=problems,
                                    years=years), status

    @expose("/sample.csv")
    @has_access
    def sample(self):
        return Response(SAMPLE_CSV.encode("utf-8-sig"), mimetype="text/csv",
                        headers={"Content-Disposition": "attachment; filename=calendar-sample.csv"})


def view_specs() -> list[dict]:
    from ..roles import STAFF_ONLY

    menu = {"menu": _l("Platform"), "menu_icon": "fa-cogs", "roles": STAFF_ONLY}
    return [
        {"view": CalendarView, "name": _l("Working-day calendar"), "icon": "fa-calendar", **menu},
        {"view": CalendarChangeView, "name": _l("Calendar changes"), "icon": "fa-history", **menu},
        {"view": CalendarImportView, "name": _l("Import a calendar year"), "icon": "fa-upload", **menu},
    ]
