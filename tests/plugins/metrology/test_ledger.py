"""The enterprise's instrument ledger (5.2 (3)): due dates, lists, import/export, certificates, reminders."""
import datetime as dt
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.extensions import db
from app.notify.models import Message
from plugins.metrology.ledger import remind_due_instruments
from plugins.metrology.models import IN_USE, OVERDUE, RETIRED, Instrument, add_months
from tests.accounts.helpers import PDF, make_org
from tests.conftest import login

PASSWORD = "pw-member-123"
TODAY = dt.date.today()


@pytest.fixture(scope="module")
def firms(app):
    """Two enterprises with a member each: {"a": (org_id, username), "b": ...}."""
    with app.app_context():
        return {"a": make_org("enterprise", "甲台账测试有限公司"), "b": make_org("enterprise", "乙台账测试有限公司")}


def signed_in(app, username):
    client = app.test_client()
    assert login(client, username, PASSWORD).status_code == 302
    return client


def add(org_id, serial, name="压力表", last=None, cycle=12, state=IN_USE, method="verification"):
    instrument = Instrument(organisation_id=org_id, name=name, serial_number=serial, method=method, cycle_months=cycle,
                            last_date=last, state=state)
    db.session.add(instrument)
    db.session.commit()
    return instrument


def test_months_are_added_as_on_a_calendar():
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2025, 11, 15), 6) == dt.date(2026, 5, 15)
    assert add_months(dt.date(2025, 3, 10), -3) == dt.date(2024, 12, 10)


@pytest.mark.clause("5.2")
def test_next_due_is_computed_on_every_save_and_drives_the_status(app, firms):
    with app.app_context():
        instrument = add(firms["a"][0], "ND-1", last=dt.date(2025, 3, 10), cycle=6)
        assert instrument.next_due == dt.date(2025, 9, 10) and instrument.status_on(dt.date(2025, 9, 11)) == OVERDUE
        instrument.last_date = TODAY
        db.session.commit()
        assert instrument.next_due == add_months(TODAY, 6) and instrument.status == IN_USE
        instrument.state = RETIRED
        instrument.last_date = dt.date(2020, 1, 1)
        db.session.commit()
        assert instrument.status == RETIRED  # a retired instrument is never overdue
        never = add(firms["a"][0], "ND-2", last=None)
        assert never.next_due is None and never.status == OVERDUE


@pytest.mark.clause("5.2")
def test_ledger_lists_due_soon_and_overdue_and_only_the_enterprises_own(app, firms):
    a, b = firms["a"][0], firms["b"][0]
    with app.app_context():
        add(a, "L-SOON", name="电子天平", last=add_months(TODAY, -12) + dt.timedelta(days=10))  # due in ~10 days
        add(a, "L-LATE", name="pH计", last=add_months(TODAY, -13))
        add(a, "L-FINE", name="游标卡尺", last=TODAY, method="calibration")
        add(b, "L-OTHER", name="电子汽车衡", last=add_months(TODAY, -13))
    client = signed_in(app, firms["a"][1])
    soon = client.get("/metrology/ledger/?show=due").get_data(as_text=True)
    assert 'data-serial="L-SOON"' in soon and 'data-serial="L-LATE"' not in soon and "L-FINE" not in soon
    late = client.get("/metrology/ledger/?show=overdue").get_data(as_text=True)
    assert 'data-serial="L-LATE"' in late and 'data-serial="L-SOON"' not in late and 'data-status="overdue"' in late
    everything = client.get("/metrology/ledger/").get_data(as_text=True)
    assert "L-FINE" in everything and "L-OTHER" not in everything  # another enterprise's ledger stays out
    with app.app_context():
        other = db.session.scalar(sa.select(Instrument.id).where(Instrument.serial_number == "L-OTHER"))
    assert client.get(f"/metrology/instrumentview/show/{other}").status_code == 404
    assert client.get(f"/metrology/ledger/{other}/verification").status_code == 404
    token = client.post("/api/v1/security/login", json={"username": firms["a"][1], "password": PASSWORD,
                                                          "provider": "db"}).get_json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/v1/metrology_instrument/{other}", headers=headers).status_code == 404
    serials = {r["serial_number"] for r in client.get("/api/v1/metrology_instrument/?q=(page_size:100)", headers=headers).json["result"]}
    assert "L-SOON" in serials and "L-OTHER" not in serials


def test_the_ledger_comes_fifty_rows_a_page_with_its_counts_in_one_statement(app):
    """A long ledger is paged (the page links do not grow with the ledger), each row's links go to its
    own instrument, and the tab counts are right."""
    from app.testing.sql import statements_of

    with app.app_context():
        org, username = make_org("enterprise", "丙台账分页有限公司")
        for n in range(53):
            add(org, f"PG-{n:03d}", last=add_months(TODAY, -13) if n < 3 else TODAY)
        ids = dict(db.session.execute(sa.select(Instrument.serial_number, Instrument.id)
                                      .where(Instrument.organisation_id == org)).all())
    client = signed_in(app, username)
    count, first = statements_of(app, client, "/metrology/ledger/")
    assert first.count('data-serial="PG-') == 50 and 'rel="next"' in first and 'rel="prev"' not in first
    assert count <= 4  # the user, the navbar's categories, the counts, the page
    assert all(f'<span class="badge">{n}</span>' in first for n in (53, 3))  # all, overdue (and attention)
    second = client.get("/metrology/ledger/?page=2").get_data(as_text=True)
    assert second.count('data-serial="PG-') == 3 and 'rel="prev"' in second and 'rel="next"' not in second
    shown = {s for s in ids if f'data-serial="{s}"' in first + second}
    assert shown == set(ids)
    # Each row's addresses carry its own id (they are built once per page around a placeholder).
    row = second.split('data-serial="PG-', 1)[1].split("</tr>", 1)[0]
    serial = "PG-" + row.split('"', 1)[0]
    for address in (f"/metrology/instrumentview/show/{ids[serial]}", f"/metrology/ledger/{ids[serial]}/verification",
                    f"/metrology/instrumentview/edit/{ids[serial]}?next="):
        assert address in row, (address, row)
    assert "2147480000" not in first + second
    # Counts stop at the lists' cap: 100,000 instruments were all read for the badges.
    app.config["QI_LIST_COUNT_CAP"] = 50
    try:
        capped = client.get("/metrology/ledger/").get_data(as_text=True)
    finally:
        app.config["QI_LIST_COUNT_CAP"] = 10000
    assert '<span class="badge">50+</span>' in capped and '<span class="badge">3</span>' in capped


def test_an_instrument_added_through_the_form_belongs_to_the_adders_enterprise(app, firms):
    """Even a forged organisation field cannot put a row in another enterprise's ledger."""
    client = signed_in(app, firms["a"][1])
    form = client.get("/metrology/instrumentview/add").get_data(as_text=True)
    # A member of one enterprise is offered no organisation (issue 15); a forged one is ignored.
    assert 'name="organisation"' not in form and "乙台账测试有限公司" not in form
    data = {"organisation": str(firms["b"][0]), "name": "温湿度计", "serial_number": "FORGED-1", "method": "calibration",
            "cycle_months": "12", "last_date": TODAY.isoformat(), "state": IN_USE}
    assert client.post("/metrology/instrumentview/add", data=data).status_code == 302
    with app.app_context():
        row = db.session.scalar(sa.select(Instrument).where(Instrument.serial_number == "FORGED-1"))
        assert row.organisation_id == firms["a"][0] and row.next_due == add_months(TODAY, 12)


def test_a_bad_cycle_is_refused_with_a_translated_message(app, firms):
    client = signed_in(app, firms["a"][1])
    page = client.post("/metrology/instrumentview/add", data={"name": "压力表", "serial_number": "BAD-CYCLE",
                                                    "method": "verification", "cycle_months": "0", "state": IN_USE})
    assert page.status_code == 200 and "BAD-CYCLE" in page.get_data(as_text=True)  # the form comes back filled in
    with app.app_context():
        assert db.session.scalar(sa.select(Instrument.id).where(Instrument.serial_number == "BAD-CYCLE")) is None


LEDGER_CSV = """器具名称,型号规格,出厂编号,测量范围,准确度等级,使用地点,检定/校准,周期(月),上次检定日期,状态,证书编号,备注
压力表,Y-100,IMP-001,(0～1.6) MPa,1.6级,杀菌车间,检定,6,{recent},在用,JD-2025-001,
电子天平,FA2004,IMP-002,(0～200) g,Ⅰ级,质检室,检定,12,{old},在用,,
温湿度计,TH-20R,IMP-003,(-20～60) ℃,±0.5 ℃,成品库,校准,12,,封存,,库存备用
,无编号,,,,,检定,12,,在用,,
台秤,TGT,IMP-005,,,,称重,12,,在用,,
台秤,TGT,IMP-006,,,,检定,十二,,在用,,
台秤,TGT,IMP-007,,,,检定,12,2999-01-01,在用,,
""".format(recent=add_months(TODAY, -2).isoformat(), old=add_months(TODAY, -13).isoformat())


@pytest.mark.clause("5.2")
def test_import_reports_refused_rows_and_reimport_changes_nothing(app, firms):
    client = signed_in(app, firms["b"][1])
    page = client.post("/metrology/ledger-import/", data={"file": (io.BytesIO(LEDGER_CSV.encode()), "台账.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "新增 3 条" in page, page[-3000:]
    for line in ("5", "6", "7", "8"):
        assert f"<td>{line}</td>" in page
    assert "未知的方式 称重" in page and "周期必须是月数" in page and "上次检定日期晚于今天" in page
    again = client.post("/metrology/ledger-import/", data={"file": (io.BytesIO(LEDGER_CSV.encode()), "台账.csv")},
                        content_type="multipart/form-data").get_data(as_text=True)
    assert "新增 0 条，更新 0 条，未变 3 条" in again
    with app.app_context():
        rows = {i.serial_number: i for i in db.session.scalars(
            sa.select(Instrument).where(Instrument.serial_number.like("IMP-%")))}
        assert set(rows) == {"IMP-001", "IMP-002", "IMP-003"}
        assert {i.organisation_id for i in rows.values()} == {firms["b"][0]}
        assert rows["IMP-003"].state == "sealed" and rows["IMP-003"].method == "calibration"
        assert rows["IMP-002"].status == OVERDUE


def test_the_same_serial_number_in_two_enterprises_is_two_instruments(app, firms):
    for key in ("a", "b"):
        client = signed_in(app, firms[key][1])
        client.post("/metrology/ledger-import/", data={"file": (io.BytesIO(
            "name,model,serial_number,measuring_range,accuracy,location,method,cycle_months\n压力表,Y-60,SAME-1,,,,检定,6\n"
            .encode()), "l.csv")}, content_type="multipart/form-data")
    with app.app_context():
        owners = set(db.session.scalars(sa.select(Instrument.organisation_id).where(Instrument.serial_number == "SAME-1")))
    assert owners == {firms["a"][0], firms["b"][0]}


def test_export_round_trips_through_import(app, firms):
    client = signed_in(app, firms["b"][1])
    response = client.get("/metrology/ledger/export")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "器具名称" and rows[0][-2:] == ["下次到期", "状态"]
    serials = {r[2] for r in rows[1:]}
    assert {"IMP-001", "IMP-002", "IMP-003"} <= serials and "L-SOON" not in serials  # only its own
    again = client.post("/metrology/ledger-import/", data={"file": (io.BytesIO(response.data), "导出.xlsx")},
                        content_type="multipart/form-data").get_data(as_text=True)
    assert f"新增 0 条，更新 0 条，未变 {len(rows) - 1} 条，拒收 0 条" in again


def test_recording_a_verification_moves_the_due_date_and_keeps_the_certificate_private(app, firms):
    with app.app_context():
        instrument = add(firms["a"][0], "VER-1", last=add_months(TODAY, -13))
        pk = instrument.id
    client = signed_in(app, firms["a"][1])
    refused = client.post(f"/metrology/ledger/{pk}/verification", content_type="multipart/form-data", data={
        "date": TODAY.isoformat(), "number": "JD-9", "certificate": (io.BytesIO(b"MZ\x90\x00"), "证书.exe")})
    page = refused.get_data(as_text=True)
    assert "不是 PDF、JPEG 或 PNG 格式" in page and 'value="JD-9"' in page  # what was typed stays
    future = client.post(f"/metrology/ledger/{pk}/verification", data={"date": "2999-01-01"}).get_data(as_text=True)
    assert "日期不能晚于今天" in future
    with app.app_context():
        assert db.session.get(Instrument, pk).last_date == add_months(TODAY, -13)  # nothing changed
    done = client.post(f"/metrology/ledger/{pk}/verification", content_type="multipart/form-data", data={
        "date": TODAY.isoformat(), "number": "JD-9", "certificate": (io.BytesIO(PDF), "检定证书.pdf")})
    assert done.status_code == 302
    with app.app_context():
        instrument = db.session.get(Instrument, pk)
        assert instrument.next_due == add_months(TODAY, 12) and instrument.certificate_number == "JD-9"
    assert client.get(f"/metrology/ledger/{pk}/certificate").data == PDF
    assert signed_in(app, firms["b"][1]).get(f"/metrology/ledger/{pk}/certificate").status_code == 404


def test_a_replaced_certificate_file_is_deleted_from_storage(app, firms):
    """Issue 10, finding 16: a newer certificate replaces the file, and the old one leaves storage."""
    from app.accounts.uploads import stored_path

    with app.app_context():
        pk = add(firms["a"][0], "REPL-1", last=add_months(TODAY, -13)).id
    client = signed_in(app, firms["a"][1])
    stored = []
    for number in ("JD-1", "JD-2"):
        response = client.post(f"/metrology/ledger/{pk}/verification", content_type="multipart/form-data", data={
            "date": TODAY.isoformat(), "number": number, "certificate": (io.BytesIO(PDF + number.encode()), "证书.pdf")})
        assert response.status_code == 302
        with app.app_context():
            stored.append(db.session.get(Instrument, pk).certificate_stored)
            assert stored_path(stored[-1]).exists()
    with app.app_context():
        assert stored[0] != stored[1] and not stored_path(stored[0]).exists()
    assert client.get(f"/metrology/ledger/{pk}/certificate").data == PDF + b"JD-2"


def test_an_import_past_the_row_cap_is_refused_whole(app, firms):
    """Issue 10, finding 16: imports have a row cap, with a clear refusal and nothing imported."""
    client = signed_in(app, firms["b"][1])
    rows = "".join(f"压力表,Y-60,CAP-{n},,,,检定,6\n" for n in range(4))
    app.config["QI_IMPORT_MAX_ROWS"] = 3
    try:
        page = client.post("/metrology/ledger-import/", data={"file": (io.BytesIO(
            ("name,model,serial_number,measuring_range,accuracy,location,method,cycle_months\n" + rows).encode()),
            "l.csv")}, content_type="multipart/form-data").get_data(as_text=True)
    finally:
        app.config.pop("QI_IMPORT_MAX_ROWS")
    assert "文件共有 5 行，一次最多读取 3 行" in page
    with app.app_context():
        assert not db.session.scalar(sa.select(sa.func.count()).select_from(Instrument).where(
            Instrument.serial_number.like("CAP-%")))


@pytest.mark.clause("5.2")
def test_reminders_go_once_per_due_date(app, firms):
    with app.app_context():
        org_id, username = make_org("enterprise", "丙提醒测试有限公司")
        instrument = add(org_id, "REM-1", last=add_months(TODAY, -12) + dt.timedelta(days=5))
        add(org_id, "REM-2", last=add_months(TODAY, -14))
        add(org_id, "REM-3", last=TODAY)  # not due: no reminder for it
        user = app.appbuilder.sm.find_user(username=username)

        def messages():
            return list(db.session.scalars(sa.select(Message).where(Message.user_id == user.id)))

        remind_due_instruments(db.session)
        db.session.commit()
        assert len(messages()) == 1 and "2 台计量器具" in messages()[0].title_zh
        assert "2 measuring instruments" in messages()[0].title_en
        remind_due_instruments(db.session)
        db.session.commit()
        assert len(messages()) == 1  # run again (cron, a second machine): nothing new
        instrument.last_date = add_months(TODAY, -12) + dt.timedelta(days=3)  # a new due date: a new reminder
        db.session.commit()
        remind_due_instruments(db.session)
        db.session.commit()
        assert len(messages()) == 2 and "1 台" in messages()[-1].title_zh


def test_reminders_run_as_a_periodic_task(app):
    result = app.test_cli_runner().invoke(args=["qi", "tasks", "run", "metrology-due-reminders"])
    assert result.exit_code == 0 and "metrology-due-reminders:" in result.output
