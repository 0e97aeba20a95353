"""The validity query: one number, a pasted list, an uploaded xlsx, and the xlsx report (5.1, 6.2-3)."""
import io

import pytest
from openpyxl import Workbook, load_workbook

from app.extensions import db
from app.search.query import search
from plugins.standardization.demo import DEMO_ROWS
from plugins.standardization.importer import import_standards as import_rows
from plugins.standardization.models import Standard
from plugins.standardization.validity import check_numbers


@pytest.fixture(scope="module", autouse=True)
def standards(app):
    with app.app_context():
        import_rows(db.session, DEMO_ROWS)
        db.session.commit()


@pytest.mark.clause("5.1")
@pytest.mark.clause("6.2-3")
def test_each_line_gets_status_and_the_end_of_the_replacement_chain(app):
    with app.app_context():
        results = check_numbers(db.session, ["gb/t 1.1-2000", "GB 2760—2014", "GB/T 19001-2016", "GB/T 99999-2099",
                                             "not a number", "", "GB/T 18672-2014"])
        by_text = {r.text: r for r in results}
        assert len(results) == 6  # the empty line is skipped, every other line answered
        assert by_text["gb/t 1.1-2000"].replacement.number == "GB/T 1.1-2020"  # 2000 → 2009 → 2020
        assert by_text["GB 2760—2014"].replacement.number == "GB 2760-2024"
        assert by_text["GB/T 19001-2016"].replacement is None and by_text["GB/T 19001-2016"].standard.status == "current"
        assert by_text["GB/T 99999-2099"].problem == "库中未收录。"
        assert by_text["not a number"].problem == "不是有效的标准号。"


def test_a_chain_ending_off_file_or_in_a_loop_is_reported_not_followed_forever(app):
    with app.app_context():
        db.session.add_all([
            Standard(number="HG/T 1-2001", number_key="HG/T1-2001", title_zh="甲", status="abolished", replaced_by_key="HG/T1-2010"),
            Standard(number="HG/T 1-2010", number_key="HG/T1-2010", title_zh="乙", status="abolished", replaced_by_key="HG/T1-2020"),
            Standard(number="HG/T 2-2001", number_key="HG/T2-2001", title_zh="丙", status="abolished", replaced_by_key="HG/T2-2002"),
            Standard(number="HG/T 2-2002", number_key="HG/T2-2002", title_zh="丁", status="abolished", replaced_by_key="HG/T2-2003"),
            Standard(number="HG/T 2-2003", number_key="HG/T2-2003", title_zh="戊", status="abolished", replaced_by_key="HG/T2-2002"),
        ])
        db.session.commit()
        off_file, loop = check_numbers(db.session, ["HG/T 1-2001", "HG/T 2-2001"])
        assert off_file.replacement.number == "HG/T 1-2010" and off_file.replacement_key == "HG/T1-2020"
        assert loop.replacement is not None  # answered, not hung


def test_pasted_list_on_the_public_page(client):
    html = client.post("/standardization/validity", data={"numbers": "GB/T 1.1-2009\nGB/T 1.1—2020\nxyz"}).get_data(as_text=True)
    assert html.count('data-status="replaced"') == 1 and html.count('data-status="current"') == 1
    assert html.count('data-status="unknown"') == 1 and "不是有效的标准号" in html
    single = client.get("/standardization/validity?number=GB 2760-2011").get_data(as_text=True)
    assert "GB 2760-2024" in single


def test_uploaded_xlsx_and_the_downloadable_report(client):
    book = Workbook()
    for number in ["标准号", "GB/T 27025-2008", "JJG 52-2013", "GB/T1.1-2009"]:
        book.active.append([number])
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    response = client.post("/standardization/validity", data={"file": (upload, "我的标准清单.xlsx"), "format": "xlsx"},
                           content_type="multipart/form-data")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert rows[0][0] == "行号"
    by_number = {row[1]: row for row in rows[1:]}
    assert by_number["GB/T 27025-2008"][5] == "GB/T 27025-2019"
    assert by_number["JJG 52-2013"][4] == "现行"
    assert by_number["标准号"][6] == "不是有效的标准号。"  # a header line is reported, not fatal


def test_a_broken_upload_keeps_the_pasted_text(client):
    response = client.post("/standardization/validity", data={"numbers": "GB 2760-2014", "file": (io.BytesIO(b"PK\x03\x04junk"), "x.xlsx")},
                           content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert "文件无法读取" in html and "GB 2760-2014</textarea>" in html


def test_standards_are_found_by_the_unified_search(app, client):
    with app.app_context():
        hits = search(db.session, "宁夏枸杞", kind="standardization_standard").hits
        assert hits and hits[0].title.startswith("GB/T 19742-2008")
        assert search(db.session, "GB/T 1.1", kind="standardization_standard").total >= 3
    assert "标准有效性查询" in client.get("/category/standardization").get_data(as_text=True)
    page = client.get(hits[0].url).get_data(as_text=True)
    assert "地理标志产品 宁夏枸杞" in page
