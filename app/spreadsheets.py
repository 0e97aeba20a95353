"""Reading rows from what users upload (xlsx or UTF-8 CSV), for every plugin's importer and lists."""
from __future__ import annotations

import csv
import io

from openpyxl import load_workbook


def rows_of(data: bytes, filename: str) -> list[list[str]]:
    """The cells of the first sheet (xlsx) or of a CSV file, as text; empty rows dropped."""
    if filename.lower().endswith(".xlsx"):
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        rows = [["" if c is None else str(c).strip() for c in row] for row in sheet.iter_rows(values_only=True)]
    else:
        text = data.decode("utf-8-sig", errors="replace")
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    return [row for row in rows if any(row)]
