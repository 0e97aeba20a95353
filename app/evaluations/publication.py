"""Publishing a quarter's statistics (7.1-1) and showing stored results in the reader's language.

The rules (docs/evaluations-statistics.md):

- A quarter is published by staff: its statistics (``stats.quarter_stats``) are computed once and
  stored in ``PublishedQuarter.results``; the public page and its export read only stored results.
- A closed quarter may be published at any time. The current quarter only with an explicit
  confirmation: its figures are provisional and the page says so. A quarter that has not begun
  is refused.
- Republishing a quarter published while it was open replaces its results once the quarter has
  closed; the replaced results are kept in ``results["history"]`` (when, by whom, the figures).
  A quarter published closed is never republished: its figures are reproducible, so a second
  publication could only repeat them.

Results hold codes, ids and proper names only; the labels (dimensions, bands, the formula, the
category names in the reader's language) are put in here at display time.
"""
from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..i18n.language import reader_language
from .dimensions import BANDS, DIMENSIONS, OVERALL_FORMULA
from .models import PublishedQuarter
from .stats import next_quarter, quarter_bounds, quarter_of, quarter_stats

TREND_QUARTERS = 8  # the trend lines show at most this many published quarters
RANKED_WINDOWS = 20  # the ranking chart shows at most this many windows (the table shows all)


class PublicationError(ValueError):
    """A publication the rules refuse; ``str()`` is the translated reason."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def current_quarter(now: dt.datetime | None = None) -> tuple[int, int]:
    """The quarter running now (China time)."""
    return quarter_of(now or _now())


def last_closed_quarter(now: dt.datetime | None = None) -> tuple[int, int]:
    year, quarter = current_quarter(now)
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def is_closed(year: int, quarter: int, now: dt.datetime | None = None) -> bool:
    return quarter_bounds(year, quarter)[1] <= (now or _now())


def published_quarter(session: Session, year: int, quarter: int) -> PublishedQuarter | None:
    return session.scalar(select(PublishedQuarter).where(PublishedQuarter.year == year,
                                                         PublishedQuarter.quarter == quarter))


def publish_quarter(session: Session, year: int, quarter: int, actor: str, *, confirm_open: bool = False,
                    now: dt.datetime | None = None) -> PublishedQuarter:
    """Compute and store the quarter's results (flushes; the caller commits). PublicationError when
    the rules above refuse it."""
    now = now or _now()
    start, _ = quarter_bounds(year, quarter)
    if start > now:
        raise PublicationError(gettext("Quarter %(year)s Q%(quarter)s has not begun: it cannot be published.",
                                       year=year, quarter=quarter))
    closed = is_closed(year, quarter, now)
    if not closed and not confirm_open:
        raise PublicationError(gettext("Quarter %(year)s Q%(quarter)s is still running: confirm that its provisional "
                                       "figures are to be published.", year=year, quarter=quarter))
    existing = published_quarter(session, year, quarter)
    if existing is not None and existing.results.get("closed", True):
        raise PublicationError(gettext("Quarter %(year)s Q%(quarter)s was published after it closed; its figures "
                                       "cannot change, so it is not published again.", year=year, quarter=quarter))
    if existing is not None and not closed:
        raise PublicationError(gettext("Quarter %(year)s Q%(quarter)s is published already; publish it again once "
                                       "it has closed.", year=year, quarter=quarter))
    results = quarter_stats(session, year, quarter)
    results["closed"] = closed
    if existing is not None:
        earlier = dict(existing.results)
        history = earlier.pop("history", [])
        results["history"] = history + [{"published_at": existing.published_at.isoformat(timespec="seconds"),
                                         "published_by": existing.published_by, "results": earlier}]
        existing.results, existing.published_at, existing.published_by = results, now, actor
        session.flush()
        return existing
    row = PublishedQuarter(year=year, quarter=quarter, results=results, published_at=now, published_by=actor)
    session.add(row)
    session.flush()
    return row


# -- display ---------------------------------------------------------------------------------------

def _english() -> bool:
    return reader_language() == "en"


def quarter_label(year: int, quarter: int) -> str:
    return gettext("%(year)s Q%(quarter)s", year=year, quarter=quarter)


def window_name(line: dict) -> str:
    """A window's name in the reader's language (the English one when it has one)."""
    if _english() and line.get("name_en"):
        return line["name_en"]
    return line.get("name") or gettext("Window #%(id)s", id=line["id"])


def category_name(line: dict) -> str:
    name = line.get("name_en") if _english() else line.get("name_zh")
    return name or line.get("code") or str(line["id"])


def institution_name(line: dict) -> str:
    return line.get("name") or gettext("Institution #%(id)s", id=line["id"])


def dimension_labels() -> list[tuple[str, str]]:
    return [(column, str(label)) for column, label in DIMENSIONS]


def band_labels() -> list[str]:
    return [str(label) for _, _, label in BANDS]


def formula_label() -> str:
    return str(OVERALL_FORMULA)


def rounded(value, digits: int = 2):
    return None if value is None else round(value, digits)


def percent(value) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def signed(value, digits: int = 2) -> str:
    return "–" if value is None else f"{value:+.{digits}f}"


def dimension_bars(results: dict) -> dict:
    """Chart spec: the platform's mean of each dimension, this quarter and the previous one."""
    labels = [label for _, label in dimension_labels()]
    platform = results["platform"]
    series = [{"name": quarter_label(results["year"], results["quarter"]),
               "data": [rounded(platform["means"][c]) for c in results["dimensions"]]}]
    if platform.get("previous"):
        before = results["previous"]
        series.append({"name": quarter_label(before["year"], before["quarter"]),
                       "data": [rounded(platform["previous"]["means"][c]) for c in results["dimensions"]]})
    return {"type": "bar", "categories": labels, "series": series, "max": 10}


def band_bars(results: dict) -> dict:
    """Chart spec: per dimension, how many ratings fell in each of the five bands."""
    labels = [label for _, label in dimension_labels()]
    bands = results["platform"].get("bands") or {}
    return {"type": "hbar", "categories": labels, "max": None,
            "series": [{"name": band, "data": [(bands.get(c) or [0] * 5)[i] for c in results["dimensions"]]}
                       for i, band in enumerate(band_labels())]}


class TrendPoint(NamedTuple):
    """One published quarter's platform figures (``results["platform"]``), for the trend lines."""

    year: int
    quarter: int
    platform: dict


def trend_lines(quarters: list[TrendPoint]) -> dict:
    """Chart spec: the overall score and each dimension mean over the published quarters, oldest first."""
    ordered = sorted(quarters, key=lambda q: (q.year, q.quarter))[-TREND_QUARTERS:]
    series = [{"name": gettext("Overall score (platform formula)"),
               "data": [rounded(q.platform["overall"]) for q in ordered]}]
    series += [{"name": label, "data": [rounded(q.platform["means"].get(column)) for q in ordered]}
               for column, label in dimension_labels()]
    return {"type": "line", "categories": [quarter_label(q.year, q.quarter) for q in ordered], "series": series,
            "max": 10}


def window_ranking(results: dict) -> dict:
    """Chart spec: the windows with evaluations by overall score, best first."""
    ranked = [w for w in results["windows"] if w["count"]][:RANKED_WINDOWS]
    return {"type": "hbar", "categories": [window_name(w) for w in ranked],
            "series": [{"name": gettext("Overall score (platform formula)"), "data": [rounded(w["overall"]) for w in ranked]}],
            "max": 10}


def export_table(results: dict) -> tuple[list[str], list[list]]:
    """The header and rows of the xlsx export: one row for the platform, then per window,
    institution and category, with the nine means beside the overall score."""
    header = ([gettext("Level"), gettext("Name"), gettext("Evaluations")] + [label for _, label in dimension_labels()]
              + [gettext("Overall score (platform formula)"), gettext("Change of the overall score"),
                 gettext("Complaints"), gettext("Responded on time"), gettext("Answered on time")])

    def row(level: str, name: str, line: dict, sla: dict | None, complaints) -> list:
        delta = (line.get("delta") or {}).get("overall")
        return ([level, name, line["count"]] + [rounded(line["means"][c]) for c in results["dimensions"]]
                + [rounded(line["overall"]), rounded(delta), complaints,
                   percent((sla or {}).get("respond_rate")), percent((sla or {}).get("answer_rate"))])

    rows = [row(gettext("Platform"), gettext("The whole platform"), results["platform"], results["sla"],
                results["complaints"])]
    rows += [row(gettext("Window"), window_name(w), w, w.get("sla"), w.get("complaints")) for w in results["windows"]]
    rows += [row(gettext("Institution"), institution_name(i), i, i.get("sla"), i.get("complaints"))
             for i in results["institutions"]]
    rows += [row(gettext("Service category"), category_name(c), c, None, None) for c in results["categories"]]
    rows.append([gettext("Note"), formula_label()])
    rows.append([gettext("Response rate"), percent(results["response"]["rate"]),
                 results["response"]["used"], results["response"]["sent"]])
    return header, rows


def _shown(value) -> str:
    return "–" if value is None else f"{value:.2f}"


def table_rows(lines: list[dict], name_of, with_service: bool) -> list[tuple[int, list[str]]]:
    """(id, cells) of a group table, formatted once here: a page of hundreds of lines renders
    without a template call per cell."""
    out = []
    for line in lines:
        cells = [name_of(line), str(line["count"])] + [_shown(line["means"].get(c)) for c, _ in DIMENSIONS]
        cells += [_shown(line["overall"]), signed((line.get("delta") or {}).get("overall"))]
        if with_service:
            cells += [percent((line.get("sla") or {}).get("respond_rate")), str(line.get("complaints", 0))]
        out.append((line["id"], cells))
    return out


def template_helpers() -> dict:
    """What the quarter templates call to label stored results in the reader's language."""
    return {"window_name": window_name, "category_name": category_name, "institution_name": institution_name,
            "dimension_labels": dimension_labels(), "band_labels": band_labels(), "formula": formula_label(),
            "rounded": rounded, "percent": percent, "table_rows": table_rows, "signed": signed, "quarter_label": quarter_label}


def quarter_choices(now: dt.datetime | None = None, count: int = 12) -> list[tuple[int, int]]:
    """The current quarter and the ``count - 1`` before it, newest first (the staff page's picker)."""
    year, quarter = current_quarter(now)
    out = []
    for _ in range(count):
        out.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return out


__all__ = ["PublicationError", "publish_quarter", "published_quarter", "is_closed", "current_quarter",
           "last_closed_quarter", "next_quarter"]
