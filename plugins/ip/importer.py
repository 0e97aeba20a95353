"""Spreadsheet layouts of the ip plugin (xlsx or UTF-8 CSV, a header row first).

Patents: ``application_number, title, applicant, patent_type (发明/实用新型/外观设计; empty: read
from the number), ipc, status (审中/授权/失效/无效), filed_on, granted_on, abstract``; matched on the
application number, whatever way it is written.

Trademarks: ``registration_number, name, applicant, nice_classes (29,30 or 第29类、第30类),
status (申请中/已注册/已失效/无效), filed_on, registered_on, expires_on``; matched on the number.
"""
from __future__ import annotations

import re

from flask_babel import gettext

from app.kit import RowFormat, parse_date, require

from .models import Patent, Trademark
from .numbers import BadApplicationNumber, parse

PATENT_TYPE_WORDS = {"invention": "invention", "发明": "invention", "utility": "utility", "实用新型": "utility",
                     "design": "design", "外观设计": "design"}
PATENT_STATUS_WORDS = {"pending": "pending", "审中": "pending", "申请中": "pending", "granted": "granted",
                       "授权": "granted", "有效": "granted", "lapsed": "lapsed", "失效": "lapsed",
                       "invalidated": "invalidated", "无效": "invalidated", "": "pending"}
TRADEMARK_STATUS_WORDS = {"applied": "applied", "申请中": "applied", "registered": "registered",
                          "已注册": "registered", "注册": "registered", "expired": "expired", "已失效": "expired",
                          "invalidated": "invalidated", "无效": "invalidated", "": "applied"}


def _status(words: dict[str, str], value: str) -> str:
    found = words.get(value.strip().lower())
    if found is None:
        raise ValueError(gettext("unknown status %(value)s", value=value))
    return found


def nice_classes(text: str) -> str:
    """``第29类、第30类`` or ``29, 30`` as ``29,30``; a class outside 1–45 refuses the row."""
    classes = sorted({int(n) for n in re.findall(r"\d+", text or "")})
    if not classes or any(not 1 <= c <= 45 for c in classes):
        raise ValueError(gettext("Nice classes run from 1 to 45: %(value)s", value=text))
    return ",".join(str(c) for c in classes)


def _patent_values(cells: dict[str, str]) -> dict:
    require(cells, "application_number", "title", "applicant")
    try:
        number = parse(cells["application_number"])
    except BadApplicationNumber:
        raise ValueError(gettext("%(value)s is not a patent application number, or its check digit is wrong",
                                 value=cells["application_number"])) from None
    kind = PATENT_TYPE_WORDS.get(cells["patent_type"].lower()) if cells["patent_type"] else number.kind
    if kind is None:
        raise ValueError(gettext("unknown patent type %(value)s", value=cells["patent_type"] or "—"))
    return {"application_number": number.display, "number_key": number.digits + number.check,
            "title": cells["title"][:300], "applicant": cells["applicant"][:300], "patent_type": kind,
            "ipc": cells["ipc"][:200] or None,
            "status": _status(PATENT_STATUS_WORDS, cells["status"]),
            "filed_on": parse_date(cells["filed_on"]), "granted_on": parse_date(cells["granted_on"]),
            "abstract": cells["abstract"] or None}


def _trademark_values(cells: dict[str, str]) -> dict:
    require(cells, "registration_number", "name", "applicant", "nice_classes")
    number = re.sub(r"\s", "", cells["registration_number"])
    if not number.isdigit() or len(number) > 12:
        raise ValueError(gettext("%(value)s is not a trademark number", value=cells["registration_number"]))
    return {"registration_number": number, "name": cells["name"][:200], "applicant": cells["applicant"][:300],
            "nice_classes": nice_classes(cells["nice_classes"]),
            "status": _status(TRADEMARK_STATUS_WORDS, cells["status"]),
            "filed_on": parse_date(cells["filed_on"]), "registered_on": parse_date(cells["registered_on"]),
            "expires_on": parse_date(cells["expires_on"])}


PATENT_FILE = RowFormat(model=Patent, key="number_key", parse=_patent_values, header_words=("申请号",),
                        columns=["application_number", "title", "applicant", "patent_type", "ipc", "status",
                                 "filed_on", "granted_on", "abstract"])
TRADEMARK_FILE = RowFormat(model=Trademark, key="registration_number", parse=_trademark_values,
                           header_words=("注册号",),
                           columns=["registration_number", "name", "applicant", "nice_classes", "status", "filed_on",
                                    "registered_on", "expires_on"])
