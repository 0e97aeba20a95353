"""The quarter pages: staff compute and publish a quarter's statistics (7.1-3, 7.1-1); everyone reads
the published ones.

Addresses:

- ``/evaluations/quarters/`` (``?year=&quarter=``, default the last closed quarter; staff): the
  statistics computed now, with charts, and the publish form; POST ``/evaluations/quarters/publish``
  (``year``, ``quarter``, ``confirm_open``).
- ``/satisfaction/`` (``?year=&quarter=``, default the newest published quarter; anyone): a published
  quarter only, served from ``PublishedQuarter.results`` (no statistics query), the trend over the
  published quarters, the published improvement follow-up and yearly summaries;
  ``/satisfaction/export`` the same quarter as xlsx.

Bad ``year``/``quarter`` arguments are a 400; a quarter that is not published is a 404 on the public
pages, whoever asks. GET never changes anything.
"""
from __future__ import annotations

from flask import Response, abort, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..extensions import db
from ..spreadsheets import xlsx_bytes
from ..web.errors import bad_request
from . import publication
from .models import PublishedQuarter
from .stats import QuarterError, checked_quarter, quarter_stats


def quarter_args(default):
    """(year, quarter) from ``?year=&quarter=`` (both or neither); ``default()`` when absent; 400 when bad."""
    year, quarter = request.values.get("year"), request.values.get("quarter")
    if year is None and quarter is None:
        return default()
    try:
        return checked_quarter(year, quarter)
    except QuarterError:
        raise bad_request(gettext("Give a year (2000–2100) and a quarter (1–4).")) from None


class QuarterStatsView(BaseView):
    """Staff: a quarter's statistics computed now, and publishing it."""

    route_base = "/evaluations/quarters"
    method_permission_name = {"index": "read", "publish": "write"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        year, quarter = quarter_args(publication.last_closed_quarter)
        results = quarter_stats(db.session, year, quarter)
        published = publication.published_quarter(db.session, year, quarter)
        return self.render_template(
            "qi/evaluations/quarter.html", results=results, published=published, year=year, quarter=quarter,
            closed=publication.is_closed(year, quarter), choices=publication.quarter_choices(),
            charts_spec={"dimensions": publication.dimension_bars(results), "bands": publication.band_bars(results),
                         "ranking": publication.window_ranking(results)},
            **publication.template_helpers())

    @expose("/publish", methods=["POST"])
    @has_access
    def publish(self):
        year, quarter = quarter_args(lambda: (None, None))
        if year is None:
            raise bad_request(gettext("Give a year (2000–2100) and a quarter (1–4)."))
        back = redirect(url_for(".index", year=year, quarter=quarter), code=303)
        try:
            publication.publish_quarter(db.session, year, quarter, g.user.username,
                                        confirm_open=request.form.get("confirm_open") == "y")
            db.session.commit()
        except publication.PublicationError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return back
        except (IntegrityError, SQLAlchemyError):  # published at the same moment by someone else
            db.session.rollback()
            flash(gettext("The quarter could not be published. Please try again."), "danger")
            return back
        flash(gettext("Quarter %(label)s is published.", label=publication.quarter_label(year, quarter)), "success")
        return back


def _newest_published():
    row = db.session.execute(select(PublishedQuarter.year, PublishedQuarter.quarter)
                             .order_by(PublishedQuarter.year.desc(), PublishedQuarter.quarter.desc()).limit(1)).first()
    return (row.year, row.quarter) if row else (None, None)


class SatisfactionView(BaseView):
    """Public: the published quarters' results with charts, the export and the improvement follow-up."""

    route_base = "/satisfaction"
    method_permission_name = {"index": "read", "export": "read"}
    default_view = "index"

    def _published(self, year, quarter) -> PublishedQuarter:
        row = publication.published_quarter(db.session, year, quarter) if year is not None else None
        if row is None:
            abort(404)
        return row

    @expose("/")
    @has_access
    def index(self):
        from ..improvement.public import published_followup

        year, quarter = quarter_args(lambda: (None, None))
        if year is None:
            year, quarter = _newest_published()
        shown = self._published(year, quarter) if year is not None else None
        # the trend needs only each quarter's platform figures: read that part of the stored JSON
        recent = [publication.TrendPoint(row.year, row.quarter, row.platform) for row in db.session.execute(
            select(PublishedQuarter.year, PublishedQuarter.quarter,
                   PublishedQuarter.results["platform"].label("platform"))
            .order_by(PublishedQuarter.year.desc(), PublishedQuarter.quarter.desc())
            .limit(publication.TREND_QUARTERS))]
        quarters = db.session.execute(select(PublishedQuarter.year, PublishedQuarter.quarter)
                                      .order_by(PublishedQuarter.year.desc(), PublishedQuarter.quarter.desc())).all()
        followup = published_followup(db.session)
        charts_spec = None
        if shown is not None:
            charts_spec = {"dimensions": publication.dimension_bars(shown.results),
                           "trend": publication.trend_lines(recent),
                           "ranking": publication.window_ranking(shown.results)}
        return self.render_template("qi/evaluations/public.html", shown=shown,
                                    results=shown.results if shown else None, quarters=quarters,
                                    charts_spec=charts_spec, followup=followup, **publication.template_helpers())

    @expose("/export")
    @has_access
    def export(self):
        year, quarter = quarter_args(_newest_published)
        shown = self._published(year, quarter)
        header, rows = publication.export_table(shown.results)
        name = f"satisfaction-{year}-Q{quarter}.xlsx"
        return Response(xlsx_bytes(gettext("Satisfaction %(label)s", label=publication.quarter_label(year, quarter)),
                                   header, rows, [16, 32, 12] + [12] * 9 + [14, 14, 12, 14, 14]),
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f"attachment; filename={name}"})


def view_specs() -> list[dict]:
    """The quarter pages (``app.access``): statistics and publishing for platform staff, the published
    results for everyone."""
    from ..roles import EVERYONE_READS, STAFF_ONLY

    return [
        {"view": QuarterStatsView, "name": _l("Quarterly satisfaction statistics"), "icon": "fa-bar-chart",
         "roles": STAFF_ONLY, "menu": _l("Evaluation and improvement"), "menu_icon": "fa-star-half-o"},
        {"view": SatisfactionView, "name": _l("Published satisfaction results"), "icon": "fa-star",
         "roles": EVERYONE_READS, "menu": _l("Evaluation and improvement"), "menu_icon": "fa-star-half-o"},
    ]
