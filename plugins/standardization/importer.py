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

from flask_babel import gettext
from sqlalchemy.orm import Session

from app.kit import ImportReport, RowFormat, import_rows, parse_date

from .models import ABOLISHED, CURRENT, UPCOMING, Standard
from .numbers import MalformedNumber, parse

COLUMNS = ["number", "title_zh", "title_en", "status", "issued_on", "implemented_on", "abolished_on",
           "replaced_by", "ics", "ccs"]
STATUS_WORDS = {"现行": CURRENT, "current": CURRENT, "即将实施": UPCOMING, "upcoming": UPCOMING,
                "废止": ABOLISHED, "abolished": ABOLISHED}


def _number(text: str):
    try:
        return parse(text)
    except MalformedNumber:
        raise ValueError(gettext("not a standard number: %(text)s", text=text)) from None


def _values(cells: dict[str, str]) -> dict:
    number = _number(cells["number"])
    if not cells["title_zh"]:
        raise ValueError(gettext("the Chinese title is missing"))
    status = STATUS_WORDS.get(cells["status"].lower() or "现行")
    if status is None:
        raise ValueError(gettext("unknown status %(status)s", status=cells["status"]))
    return {
        "number": number.display, "number_key": number.key, "title_zh": cells["title_zh"],
        "title_en": cells["title_en"] or None, "status": status,
        "issued_on": parse_date(cells["issued_on"]), "implemented_on": parse_date(cells["implemented_on"]),
        "abolished_on": parse_date(cells["abolished_on"]),
        "replaced_by_key": _number(cells["replaced_by"]).key if cells["replaced_by"] else None,
        "ics": cells["ics"] or None, "ccs": cells["ccs"] or None,
    }


STANDARD_FILE = RowFormat(model=Standard, columns=COLUMNS, key="number_key", parse=_values, header_words=("标准号",))


def import_standards(session: Session, rows: list[list[str]]) -> ImportReport:
    return import_rows(session, STANDARD_FILE, rows)
