"""Spreadsheet layouts of the testing plugin (xlsx or UTF-8 CSV, a header row first).

Capabilities: ``uscc, product, parameter, method_standard, limits``; matched on institution,
product, parameter and method, so importing the same file again changes nothing.

Reports: ``number, uscc, product, client, issued_on, conclusion (合格/不合格/仅出数据 or
pass/fail/info), verification_code, summary``; matched on the report number. A row without a
code gets a generated one (kept on re-import).
"""
from __future__ import annotations

from flask_babel import gettext

from app.kit import RowFormat, institution_by_code, parse_date, require

from .models import FAIL, INFO, PASS, TestingCapability, TestReport, match_key

CONCLUSION_WORDS = {"pass": PASS, "合格": PASS, "符合": PASS, "fail": FAIL, "不合格": FAIL, "不符合": FAIL,
                    "info": INFO, "仅出数据": INFO, "": PASS}
def _capability_values(cells: dict[str, str]) -> dict:
    require(cells, "uscc", "product", "parameter")
    return {"organisation_id": institution_by_code(cells["uscc"]), "product": cells["product"][:100],
            "parameter": cells["parameter"][:100], "method_standard": cells["method_standard"][:100],
            "limits": cells["limits"][:200] or None, "product_key": match_key(cells["product"]),
            "parameter_key": match_key(cells["parameter"])}


CAPABILITY_FILE = RowFormat(model=TestingCapability, columns=["uscc", "product", "parameter", "method_standard", "limits"],
                            key=("organisation_id", "product", "parameter", "method_standard"),
                            parse=_capability_values, header_words=("统一社会信用代码",))


def _report_values(cells: dict[str, str]) -> dict:
    require(cells, "number", "uscc", "product", "issued_on")
    conclusion = CONCLUSION_WORDS.get(cells["conclusion"].lower())
    if conclusion is None:
        raise ValueError(gettext("unknown conclusion %(value)s: use 合格, 不合格 or 仅出数据", value=cells["conclusion"]))
    values = {"number": cells["number"].upper().replace(" ", "")[:60], "organisation_id": institution_by_code(cells["uscc"]),
              "product": cells["product"][:200], "client": cells["client"][:200] or None,
              "issued_on": parse_date(cells["issued_on"]), "conclusion": conclusion, "summary": cells["summary"] or None}
    if cells["verification_code"]:  # without one, a new report gets a code and a known one keeps its own
        values["verification_code"] = cells["verification_code"].upper()[:12]
    return values


REPORT_FILE = RowFormat(model=TestReport, key="number", parse=_report_values, header_words=("报告编号",),
                        columns=["number", "uscc", "product", "client", "issued_on", "conclusion", "verification_code",
                                 "summary"])
