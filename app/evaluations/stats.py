"""Quarterly statistics of the evaluations (7.1-3), computed in the database.

``quarter_stats(session, year, quarter)`` returns a plain dict (JSON-ready: it is what a published
quarter stores, ``PublishedQuarter.results``) with, for the platform, per window, per institution
and per service category: the number of evaluations, the mean of each of the nine dimensions, the
distribution of each dimension over the survey's five bands and the overall score
(``dimensions.OVERALL_FORMULA``: the plain mean of the nine means, the platform's own choice); and
the response rate of the survey invitations, the SLA compliance of the needs and the complaint
counts. The previous quarter's count, means and overall score sit beside each group with the
differences (``previous``, ``delta``).

Everything is grouped in SQL. The evaluations are read once per quarter for the windows, the
institutions and the platform: one grouped pass by (window, institution) kept as a materialised
CTE, whose few rows are summed per window, per institution and for the whole platform in the same
statement; the categories take one more pass through ``qi_evaluation_content``. The covering index
``ix_qi_evaluation_quarter_ratings`` (migration qi_core_0020) lets both passes read the index only.

Reproducible: an evaluation carries the quarter it was received in (``year``, ``quarter``), so a
closed quarter's evaluation figures never change. The other figures count only what happened in
the quarter: invitations created in it and used before it ended, needs and complaints submitted in
it (a need's on-time answer is decided by its due date, so once the last due date of the quarter's
needs has passed, the SLA figures are fixed too).

Only codes, ids and proper names are stored (window and institution names, the category code and
its two names), never a translated label: the pages translate at display time.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, and_, func, literal, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from .dimensions import BANDS, COLUMNS
from .models import Evaluation, EvaluationContent, SurveyInvitation

CHINA_OFFSET = dt.timedelta(hours=8)
FORMULA = "mean_of_means"  # the code of OVERALL_FORMULA, kept in the results
RESULTS_VERSION = 1
FIRST_YEAR, LAST_YEAR = 2000, 2100


class QuarterError(ValueError):
    """A year or quarter that names no quarter."""


def checked_quarter(year, quarter) -> tuple[int, int]:
    """(year, quarter) as integers; QuarterError unless 2000 ≤ year ≤ 2100 and 1 ≤ quarter ≤ 4."""
    try:
        year, quarter = int(str(year).strip()), int(str(quarter).strip().upper().removeprefix("Q"))
    except (TypeError, ValueError):
        raise QuarterError(f"{year!r}/{quarter!r}") from None
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= quarter <= 4):
        raise QuarterError(f"{year}/{quarter}")
    return year, quarter


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def next_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter + 1) if quarter < 4 else (year + 1, 1)


def quarter_of(moment: dt.datetime) -> tuple[int, int]:
    """The (year, quarter) of ``moment`` (naive UTC, as stored) in China time."""
    local = moment + CHINA_OFFSET
    return local.year, (local.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the quarter in naive UTC: the quarter is China time's."""
    start = dt.datetime(year, 3 * quarter - 2, 1) - CHINA_OFFSET
    next_year, next_q = next_quarter(year, quarter)
    return start, dt.datetime(next_year, 3 * next_q - 2, 1) - CHINA_OFFSET


class china_day(FunctionElement):
    """The China calendar day of a naive UTC timestamp column, as a DATE (compared with due dates)."""

    type = Date()
    inherit_cache = True


@compiles(china_day, "sqlite")
def _china_day_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, '+8 hours')"


@compiles(china_day)
def _china_day_default(element, compiler, **kw):
    return f"CAST(({compiler.process(element.clauses, **kw)} + INTERVAL '8 hours') AS DATE)"


# -- the evaluation figures ------------------------------------------------------------------------

def _aggregates(source, bands: bool) -> list[ColumnElement]:
    """count, the sum of each rating and (``bands``) the count at or below the top of each of the first
    four bands of each rating (one comparison a band; ``_figures`` takes the differences)."""
    columns = [func.count().label("n")] + [func.sum(source.c[c]).label(f"s_{c}") for c in COLUMNS]
    if bands:
        columns += [func.count().filter(source.c[c] <= high).label(f"b_{c}_{i}")
                    for c in COLUMNS for i, (_, high, _) in enumerate(BANDS[:-1])]
    return columns


def _rollup(source, bands: bool) -> list[ColumnElement]:
    """The sums of the pass's partial aggregates (from the materialised CTE)."""
    names = ["n"] + [f"s_{c}" for c in COLUMNS]
    if bands:
        names += [f"b_{c}_{i}" for c in COLUMNS for i in range(len(BANDS) - 1)]
    return [func.sum(source.c[name]).label(name) for name in names]


def _figures(row, bands: bool) -> dict:
    """One group's figures from its aggregate row: count, means, overall score, band counts."""
    count = int(row.n or 0)
    means = {c: (round(float(getattr(row, f"s_{c}")) / count, 4) if count else None) for c in COLUMNS}
    exact = [float(getattr(row, f"s_{c}")) / count for c in COLUMNS] if count else []
    figures = {"count": count, "means": means, "overall": round(sum(exact) / len(exact), 4) if exact else None}
    if bands:
        distribution = {}
        for c in COLUMNS:
            at_most = [int(getattr(row, f"b_{c}_{i}") or 0) for i in range(len(BANDS) - 1)] + [count]
            distribution[c] = [at_most[0]] + [at_most[i] - at_most[i - 1] for i in range(1, len(at_most))]
        figures["bands"] = distribution
    return figures


def _evaluation_groups(session: Session, year: int, quarter: int, bands: bool) -> dict:
    """{"platform": figures, "windows": {id: figures}, "institutions": {id: figures}} in one statement."""
    pairs = (select(Evaluation.window_id.label("window_id"), Evaluation.institution_id.label("institution_id"),
                    *_aggregates(Evaluation.__table__, bands))
             .where(Evaluation.year == year, Evaluation.quarter == quarter)
             .group_by(Evaluation.window_id, Evaluation.institution_id)
             .cte("quarter_pairs").prefix_with("MATERIALIZED"))
    statement = union_all(
        select(literal("platform").label("level"), literal(None).label("key"), *_rollup(pairs, bands)),
        select(literal("window"), pairs.c.window_id, *_rollup(pairs, bands))
        .where(pairs.c.window_id.is_not(None)).group_by(pairs.c.window_id),
        select(literal("institution"), pairs.c.institution_id, *_rollup(pairs, bands))
        .where(pairs.c.institution_id.is_not(None)).group_by(pairs.c.institution_id))
    out = {"platform": _figures(_EMPTY, bands), "windows": {}, "institutions": {}}
    for row in session.execute(statement):
        if row.level == "platform":
            out["platform"] = _figures(row, bands)
        elif row.n:
            out[row.level + "s"][int(row.key)] = _figures(row, bands)
    return out


class _Empty:
    def __getattr__(self, name):
        return 0


_EMPTY = _Empty()


def _category_groups(session: Session, year: int, quarter: int, bands: bool) -> dict[int, dict]:
    """{category id: figures}: an evaluation counts in every category it ticked."""
    quarter_rows = (select(Evaluation.id, *(Evaluation.__table__.c[c] for c in COLUMNS))
                    .where(Evaluation.year == year, Evaluation.quarter == quarter).subquery("quarter_rows"))
    statement = (select(EvaluationContent.category_id, *_aggregates(quarter_rows, bands))
                 .join(quarter_rows, quarter_rows.c.id == EvaluationContent.evaluation_id)
                 .group_by(EvaluationContent.category_id))
    return {int(row.category_id): _figures(row, bands) for row in session.execute(statement)}


# -- the other figures -----------------------------------------------------------------------------

def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def response_rate(session: Session, year: int, quarter: int) -> dict:
    """Invitations created in the quarter, those used before it ended, and the rate."""
    start, end = quarter_bounds(year, quarter)
    sent, used = session.execute(
        select(func.count(), func.count().filter(and_(SurveyInvitation.used_at.is_not(None),
                                                      SurveyInvitation.used_at < end)))
        .where(SurveyInvitation.created_at >= start, SurveyInvitation.created_at < end)).one()
    return {"sent": int(sent), "used": int(used or 0), "rate": _rate(int(used or 0), int(sent))}


def sla_compliance(session: Session, year: int, quarter: int) -> dict:
    """Of the needs submitted in the quarter: how many were responded to and answered on or before
    their due dates (China calendar days), for the platform, per window and per institution."""
    from ..needs.models import Need

    start, end = quarter_bounds(year, quarter)
    responded = and_(Need.responded_at.is_not(None), china_day(Need.responded_at) <= Need.respond_due)
    answered = and_(Need.answered_at.is_not(None), china_day(Need.answered_at) <= Need.answer_due)
    pairs = (select(Need.window_id.label("window_id"), Need.institution_id.label("institution_id"),
                    func.count().label("n"), func.count().filter(responded).label("responded"),
                    func.count().filter(answered).label("answered"))
             .where(Need.submitted_at >= start, Need.submitted_at < end)
             .group_by(Need.window_id, Need.institution_id).cte("sla_pairs").prefix_with("MATERIALIZED"))
    sums = [func.sum(pairs.c.n).label("n"), func.sum(pairs.c.responded).label("responded"),
            func.sum(pairs.c.answered).label("answered")]
    statement = union_all(
        select(literal("platform").label("level"), literal(None).label("key"), *sums),
        select(literal("window"), pairs.c.window_id, *sums).where(pairs.c.window_id.is_not(None))
        .group_by(pairs.c.window_id),
        select(literal("institution"), pairs.c.institution_id, *sums).where(pairs.c.institution_id.is_not(None))
        .group_by(pairs.c.institution_id))

    def figures(row):
        n, on_respond, on_answer = int(row.n or 0), int(row.responded or 0), int(row.answered or 0)
        return {"needs": n, "responded_on_time": on_respond, "answered_on_time": on_answer,
                "respond_rate": _rate(on_respond, n), "answer_rate": _rate(on_answer, n)}

    out = {"platform": figures(_EMPTY), "windows": {}, "institutions": {}}
    for row in session.execute(statement):
        if row.level == "platform":
            out["platform"] = figures(row)
        elif row.n:
            out[row.level + "s"][int(row.key)] = figures(row)
    return out


def complaint_counts(session: Session, year: int, quarter: int) -> dict:
    """Complaints submitted in the quarter: in all, per institution complained about, per window."""
    from ..complaints.models import Complaint

    start, end = quarter_bounds(year, quarter)
    in_quarter = [Complaint.submitted_at >= start, Complaint.submitted_at < end]
    statement = union_all(
        select(literal("platform").label("level"), literal(None).label("key"), func.count().label("n"))
        .where(*in_quarter),
        select(literal("window"), Complaint.window_id, func.count()).where(*in_quarter, Complaint.window_id.is_not(None))
        .group_by(Complaint.window_id),
        select(literal("institution"), Complaint.institution_id, func.count())
        .where(*in_quarter, Complaint.institution_id.is_not(None)).group_by(Complaint.institution_id))
    out = {"total": 0, "windows": {}, "institutions": {}}
    for row in session.execute(statement):
        if row.level == "platform":
            out["total"] = int(row.n)
        else:
            out[row.level + "s"][int(row.key)] = int(row.n)
    return out


# -- names -----------------------------------------------------------------------------------------

def _names(session: Session, windows, institutions, categories) -> tuple[dict, dict, dict]:
    from ..accounts.models import Organisation
    from ..catalog.models import ServiceCategory
    from ..windows.models import ServiceWindow

    window_names = {row.id: {"name": row.name, "name_en": row.name_en} for row in session.execute(
        select(ServiceWindow.id, ServiceWindow.name, ServiceWindow.name_en).where(ServiceWindow.id.in_(windows)))} \
        if windows else {}
    org_names = {row.id: {"name": row.name} for row in session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_(institutions)))} if institutions else {}
    category_names = {row.id: {"code": row.code, "name_zh": row.name_zh, "name_en": row.name_en}
                      for row in session.execute(select(ServiceCategory.id, ServiceCategory.code, ServiceCategory.name_zh,
                                                        ServiceCategory.name_en)
                                                 .where(ServiceCategory.id.in_(categories)))} if categories else {}
    return window_names, org_names, category_names


def _delta(now: dict, before: dict | None) -> dict | None:
    if not before or not before.get("count"):
        return None
    out = {"count": now["count"] - before["count"],
           "overall": (round(now["overall"] - before["overall"], 4)
                       if now["overall"] is not None and before["overall"] is not None else None)}
    out["means"] = {c: (round(now["means"][c] - before["means"][c], 4)
                        if now["means"][c] is not None and before["means"][c] is not None else None) for c in COLUMNS}
    return out


def _lite(figures: dict | None) -> dict | None:
    return None if not figures else {k: figures[k] for k in ("count", "means", "overall")}


def _rank_key(line: dict):
    return (-(line["overall"] if line["overall"] is not None else -1), -line["count"], line["id"])


def quarter_stats(session: Session, year: int, quarter: int) -> dict:
    """The statistics of one quarter (see the module's docstring), with the previous quarter's figures
    beside each group. Windows are ranked by overall score (then count)."""
    year, quarter = checked_quarter(year, quarter)
    before_year, before_quarter = previous_quarter(year, quarter)
    groups = _evaluation_groups(session, year, quarter, bands=True)
    categories = _category_groups(session, year, quarter, bands=True)
    earlier = _evaluation_groups(session, before_year, before_quarter, bands=False)
    earlier_categories = _category_groups(session, before_year, before_quarter, bands=False)
    sla, complaints = sla_compliance(session, year, quarter), complaint_counts(session, year, quarter)
    earlier_sla = sla_compliance(session, before_year, before_quarter)
    earlier_complaints = complaint_counts(session, before_year, before_quarter)

    window_ids = set(groups["windows"]) | set(sla["windows"]) | set(complaints["windows"])
    institution_ids = set(groups["institutions"]) | set(sla["institutions"]) | set(complaints["institutions"])
    window_names, org_names, category_names = _names(session, window_ids, institution_ids, set(categories))

    def line(key: int, figures: dict | None, before: dict | None, names: dict, level: str) -> dict:
        figures = figures or _figures(_EMPTY, True)
        out = {"id": key, **names, **figures, "previous": _lite(before), "delta": _delta(figures, before)}
        if level in ("windows", "institutions"):
            out["sla"] = sla[level].get(key)
            out["complaints"] = complaints[level].get(key, 0)
            out["previous_complaints"] = earlier_complaints[level].get(key, 0)
        return out

    windows = sorted((line(k, groups["windows"].get(k), earlier["windows"].get(k), window_names.get(k, {}), "windows")
                      for k in window_ids), key=_rank_key)
    institutions = sorted((line(k, groups["institutions"].get(k), earlier["institutions"].get(k),
                                org_names.get(k, {}), "institutions") for k in institution_ids), key=_rank_key)
    category_lines = sorted((line(k, categories[k], earlier_categories.get(k), category_names.get(k, {}), "categories")
                             for k in categories), key=lambda c: (c.get("code") or "", c["id"]))
    platform = groups["platform"]
    return {
        "version": RESULTS_VERSION, "year": year, "quarter": quarter, "formula": FORMULA,
        "dimensions": list(COLUMNS),
        "platform": {**platform, "previous": _lite(earlier["platform"]),
                     "delta": _delta(platform, earlier["platform"])},
        "windows": windows, "institutions": institutions, "categories": category_lines,
        "response": response_rate(session, year, quarter),
        "sla": sla["platform"],
        "complaints": complaints["total"],
        "previous": {"year": before_year, "quarter": before_quarter,
                     "response": response_rate(session, before_year, before_quarter),
                     "sla": earlier_sla["platform"], "complaints": earlier_complaints["total"]},
    }
