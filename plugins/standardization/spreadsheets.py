"""Reading lists of numbers from xlsx or CSV, and writing the check report."""
from __future__ import annotations

import io

from flask_babel import gettext
from openpyxl import Workbook

from app.spreadsheets import rows_of

from .validity import CheckedLine


def numbers_of(data: bytes, filename: str) -> list[str]:
    """The first column of an uploaded list."""
    return [row[0] for row in rows_of(data, filename)]


def report_xlsx(results: list[CheckedLine]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = gettext("Validity check")
    sheet.append([gettext("Line"), gettext("Number as given"), gettext("Standard number"), gettext("Title"),
                  gettext("Status"), gettext("Replaced by (current)"), gettext("Problem")])
    for r in results:
        replacement = r.replacement.number if r.replacement else ""
        if r.replacement_key:
            replacement = f"{replacement} → {r.replacement_key} ({gettext('not on file')})".strip(" →")
        sheet.append([r.line, r.text, r.standard.number if r.standard else "", r.standard.title_zh if r.standard else "",
                      r.standard.status_label if r.standard else "", replacement, r.problem])
    for column, width in zip("ABCDEFG", (6, 24, 22, 40, 10, 30, 20)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
