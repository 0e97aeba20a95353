"""Exports cannot carry live formulas (issue 10, finding 7): one function neutralises every xlsx and
CSV cell a spreadsheet would read as a formula, in the core export and every plugin exporter."""
import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from app.extensions import db
from app.spreadsheets import rows_of, safe_cell, xlsx_bytes
from plugins.metrology.models import Instrument
from tests.accounts.helpers import make_org
from tests.conftest import login

FORMULA = '=HYPERLINK("http://evil.example/x","点我")'
PASSWORD = "pw-member-123"


def _sheet(data: bytes) -> list[list]:
    return [list(row) for row in load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True)]


@pytest.mark.parametrize("text", [FORMULA, "+1+2", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1"])
def test_formula_text_is_neutralised(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["GB/T 1.1-2020", "压力表", "", -5, -3.25, 0, dt.date(2025, 1, 1), None, True])
def test_other_values_are_left_alone(value):
    assert safe_cell(value) == value


def test_xlsx_cells_come_back_as_text_and_negative_numbers_stay_numbers():
    rows = _sheet(xlsx_bytes("t", ["=header"], [[FORMULA, -7, -2.5, "-2+3", "普通"]]))
    assert rows[0][0] == "'=header"
    assert rows[1] == ["'" + FORMULA, -7, -2.5, "'-2+3", "普通"]


def test_an_exported_file_imports_back_as_it_was():
    """The quote only protects the spreadsheet: reading the file back drops it."""
    assert rows_of(xlsx_bytes("t", ["h"], [[FORMULA, "-40~150℃"]]), "x.xlsx")[1] == [FORMULA, "-40~150℃"]
    assert rows_of("h\n'=1+2,'-5,'x\n".encode(), "x.csv")[1] == ["=1+2", "-5", "'x"]


def test_core_csv_export_neutralises_tenant_text(app, login_as):
    with app.app_context():
        make_org("enterprise", FORMULA)
    staff = login_as("t_platform")
    response = staff.get("/organisationview/export/")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    names = [row[0] for row in rows[1:]]
    assert "'" + FORMULA in names and FORMULA not in names


def test_core_csv_export_keeps_numbers(app, login_as):
    staff = login_as("t_platform")
    rows = list(csv.reader(io.StringIO(staff.get("/organisationattachmentview/export/").get_data(as_text=True)
                                       .lstrip("\ufeff"))))
    sizes = [row[3] for row in rows[1:]]
    assert all(size.isdigit() for size in sizes)


def test_metrology_ledger_export_neutralises_tenant_text(app):
    with app.app_context():
        org_id, username = make_org("enterprise", "公式台账测试有限公司")
        db.session.add(Instrument(organisation_id=org_id, name=FORMULA, serial_number="@SUM(1)", cycle_months=6))
        db.session.commit()
    client = app.test_client()
    assert login(client, username, PASSWORD).status_code == 302
    rows = _sheet(client.get("/metrology/ledger/export").data)
    assert rows[1][0] == "'" + FORMULA and rows[1][2] == "'@SUM(1)"
    assert rows[1][7] == 6  # the cycle in months stays a number


def test_standardization_validity_report_neutralises_what_was_pasted(client):
    response = client.post("/standardization/validity", data={"numbers": f"{FORMULA}\nGB 2760-2014", "format": "xlsx"})
    assert response.mimetype.endswith("spreadsheetml.sheet")
    given = [row[1] for row in _sheet(response.data)[1:]]
    assert "'" + FORMULA in given and FORMULA not in given
