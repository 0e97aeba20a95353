"""Loading standards from a spreadsheet, row by row, with a report of the rows refused.

Columns, in this order, with a header row (xlsx or UTF-8 CSV):

| column | content | example |
|---|---|---|
| number | standard number | GB/T 1.1-2020 |
| title_zh | Chinese title | 标准化工作导则 第1部分：标准化文件的结构和起草规则 |
| title_en | English title (optional) | Directives for standardization — Part 1 |
| status | 现行 / 即将实施 / 废止 (or current / upcoming / abolished) | 现行 |
| issued_on | issue date, YYYY-MM-DD (optional) | 2020-03-31 |
| implemented_on | implementation date (optional) | 2020-10-01 |
| abolished_on | abolition date (optional) | |
| replaced_by | number of the replacing standard (optional) | |
| ics | ICS code (optional) | 01.120 |
| ccs | CCS code (optional) | A00 |

A row is refused (and reported with its line and reason) when its number is malformed, its title
is missing, its status or a date cannot be read. Rows are matched on the normalised number:
importing the same file again changes nothing; a changed row updates the standard.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import ABOLISHED, CURRENT, UPCOMING, Standard
from .numbers import MalformedNumber, parse

COLUMNS = ["number", "title_zh", "title_en", "status", "issued_on", "implemented_on", "abolished_on",
           "replaced_by", "ics", "ccs"]
STATUS_WORDS = {"现行": CURRENT, "current": CURRENT, "即将实施": UPCOMING, "upcoming": UPCOMING,
                "废止": ABOLISHED, "abolished": ABOLISHED}


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


def _date(value: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10].replace("/", "-"))
    except ValueError:
        raise ValueError(gettext("a date cannot be read: %(value)s", value=value)) from None


def import_rows(session: Session, rows: list[list[str]]) -> ImportReport:
    report = ImportReport()
    if rows and rows[0] and rows[0][0].strip().lower() in ("number", "标准号"):
        rows = rows[1:]
        first_line = 2
    else:
        first_line = 1
    parsed = []
    for line, row in enumerate(rows, start=first_line):
        cells = dict(zip(COLUMNS, row + [""] * (len(COLUMNS) - len(row))))
        try:
            number = parse(cells["number"])
            if not cells["title_zh"]:
                raise ValueError(gettext("the Chinese title is missing"))
            status = STATUS_WORDS.get(cells["status"].strip().lower() or "现行")
            if status is None:
                raise ValueError(gettext("unknown status %(status)s", status=cells["status"]))
            values = {
                "number": number.display, "number_key": number.key, "title_zh": cells["title_zh"],
                "title_en": cells["title_en"] or None, "status": status,
                "issued_on": _date(cells["issued_on"]), "implemented_on": _date(cells["implemented_on"]),
                "abolished_on": _date(cells["abolished_on"]),
                "replaced_by_key": parse(cells["replaced_by"]).key if cells["replaced_by"] else None,
                "ics": cells["ics"] or None, "ccs": cells["ccs"] or None,
            }
        except MalformedNumber as exc:
            report.rejected.append((line, gettext("not a standard number: %(text)s", text=str(exc))))
            continue
        except ValueError as exc:
            report.rejected.append((line, str(exc)))
            continue
        parsed.append(values)
    existing = {s.number_key: s for s in session.scalars(
        select(Standard).where(Standard.number_key.in_([v["number_key"] for v in parsed])))} if parsed else {}
    for values in parsed:
        standard = existing.get(values["number_key"])
        if standard is None:
            standard = Standard(**values)
            session.add(standard)
            existing[values["number_key"]] = standard
            report.added += 1
        elif any(getattr(standard, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(standard, k, v)
            report.updated += 1
        else:
            report.unchanged += 1
    return report
