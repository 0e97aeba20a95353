"""Importing standards: rows validated one by one, a report of refused rows, re-import is a no-op."""
import io

import sqlalchemy as sa

from app.extensions import db
from plugins.standardization.importer import import_standards as import_rows
from plugins.standardization.models import Standard

CSV = """number,title_zh,title_en,status,issued_on,implemented_on,abolished_on,replaced_by,ics,ccs
NY/T 1051-2014,绿色食品 枸杞及枸杞制品,Green food - Wolfberry,现行,2014-10-17,2015-01-01,,,67.080.10,X24
NY/T 1051-2006,绿色食品 枸杞,,废止,2006-01-26,2006-04-01,2015-01-01,NY/T 1051-2014,67.080.10,X24
not-a-number,名称,,现行,,,,,,
NY/T 2966-2016,,,现行,,,,,,
NY/T 2967-2016,枸杞干燥技术规范,,作废,,,,,,
NY/T 2968-2016,枸杞扦插育苗技术规程,,现行,2016/13/45,,,,,
"""


def test_import_reports_refused_rows_and_reimport_changes_nothing(app, login_as):
    staff = login_as("t_platform")
    response = staff.post("/standardization/import/", data={"file": (io.BytesIO(CSV.encode()), "standards.csv")},
                          content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert "新增 2 条，更新 0 条，未变 0 条，拒收 4 条" in html
    for line, reason in [(4, "不是有效的标准号"), (5, "缺少中文标准名称"), (6, "无法识别的状态"), (7, "日期无法识别")]:
        assert f"<td>{line}</td><td>{reason}" in html
    again = staff.post("/standardization/import/", data={"file": (io.BytesIO(CSV.encode()), "standards.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "新增 0 条，更新 0 条，未变 2 条" in again
    with app.app_context():
        old = db.session.scalar(sa.select(Standard).where(Standard.number_key == "NY/T1051-2006"))
        assert (old.status, old.replaced_by_key) == ("abolished", "NY/T1051-2014")


def test_a_changed_row_updates_the_standard(app):
    with app.app_context():
        rows = [line.split(",") for line in CSV.splitlines()[:2]]
        import_rows(db.session, rows)
        rows[1][1] = "绿色食品 枸杞及枸杞制品（修订）"
        report = import_rows(db.session, rows)
        db.session.commit()
        assert (report.added, report.updated) == (0, 1)
        assert db.session.scalar(sa.select(Standard.title_zh).where(Standard.number_key == "NY/T1051-2014")).endswith("（修订）")


def test_only_staff_import(login_as):
    assert login_as("t_enterprise").get("/standardization/import/").status_code == 403


def test_staff_crud_normalises_numbers(app, login_as):
    staff = login_as("t_platform")
    staff.post("/standardization/standardview/add", data={"number": "gb/t 2828.1—2012", "title_zh": "计数抽样检验程序 第1部分",
                                           "status": "current", "replaced_by_key": ""})
    with app.app_context():
        standard = db.session.scalar(sa.select(Standard).where(Standard.number_key == "GB/T2828.1-2012"))
        assert standard.number == "GB/T 2828.1-2012"
