"""Reading lists of numbers from xlsx or CSV, and writing the check report."""
from __future__ import annotations

from flask_babel import gettext

from app.kit import rows_of, xlsx_bytes

from .validity import CheckedLine


def numbers_of(data: bytes, filename: str) -> list[str]:
    """The first column of an uploaded list."""
    return [row[0] for row in rows_of(data, filename)]


def report_xlsx(results: list[CheckedLine]) -> bytes:
    def rows():
        for r in results:
            replacement = r.replacement.number if r.replacement else ""
            if r.replacement_key:
                replacement = f"{replacement} → {r.replacement_key} ({gettext('not on file')})".strip(" →")
            yield [r.line, r.text, r.standard.number if r.standard else "",
                   r.standard.title_zh if r.standard else "", r.standard.status_label if r.standard else "",
                   replacement, r.problem]

    return xlsx_bytes(gettext("Validity check"),
                      [gettext("Line"), gettext("Number as given"), gettext("Standard number"), gettext("Title of the standard"),
                       gettext("Status"), gettext("Replaced by (current)"), gettext("Problem")],
                      rows(), widths=[6, 24, 22, 40, 10, 30, 20])
