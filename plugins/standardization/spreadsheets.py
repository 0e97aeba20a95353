"""Reading lists of numbers and standard records from xlsx or CSV, and writing the check report."""
from __future__ import annotations

import csv
import io

from flask_babel import gettext
from openpyxl import Workbook, load_workbook

from .validity import CheckedLine


def rows_of(data: bytes, filename: str) -> list[list[str]]:
    """The cells of the first sheet (xlsx) or of a CSV file, as text; empty rows dropped."""
    if filename.lower().endswith(".xlsx"):
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        rows = [["" if c is None else str(c).strip() for c in row] for row in sheet.iter_rows(values_only=True)]
    else:
        text = data.decode("utf-8-sig", errors="replace")
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    return [row for row in rows if any(row)]


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
