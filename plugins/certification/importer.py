"""Loading certificates from a spreadsheet (the bodies' exports), row by row.

Columns, in this order, with a header row (xlsx or UTF-8 CSV):
``number, holder, scheme, scheme_type (product/service/management or 产品/服务/管理体系), body,
status (valid/suspended/withdrawn or 有效/暂停/撤销), issued_on, expires_on, scope``.
Rows are matched on the certificate number: importing the same file again changes nothing.
"""
from __future__ import annotations

from flask_babel import gettext

from app.kit import RowFormat, parse_date, require

from .models import SUSPENDED, VALID, WITHDRAWN, Certificate

COLUMNS = ["number", "holder", "scheme", "scheme_type", "body", "status", "issued_on", "expires_on", "scope"]
TYPES = {"product": "product", "产品": "product", "service": "service", "服务": "service",
         "management": "management", "管理体系": "management"}
STATUSES = {"valid": VALID, "有效": VALID, "suspended": SUSPENDED, "暂停": SUSPENDED,
            "withdrawn": WITHDRAWN, "撤销": WITHDRAWN}


def _values(cells: dict[str, str]) -> dict:
    require(cells, "number", "holder", "scheme", "body")
    kind = TYPES.get(cells["scheme_type"].lower())
    if kind is None:
        raise ValueError(gettext("unknown certification type %(value)s", value=cells["scheme_type"]))
    status = STATUSES.get(cells["status"].lower() or "valid")
    if status is None:
        raise ValueError(gettext("unknown status %(status)s", status=cells["status"]))
    issued, expires = parse_date(cells["issued_on"]), parse_date(cells["expires_on"])
    if issued and expires and expires < issued:
        raise ValueError(gettext("the certificate expires before it was issued"))
    return {"number": cells["number"].upper().replace(" ", ""), "holder": cells["holder"], "scheme": cells["scheme"],
            "scheme_type": kind, "body_name": cells["body"], "status": status, "issued_on": issued,
            "expires_on": expires, "scope": cells["scope"] or None}


CERTIFICATE_FILE = RowFormat(model=Certificate, columns=COLUMNS, key="number", parse=_values, header_words=("证书编号",))
