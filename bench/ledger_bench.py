"""Benchmark of the instrument-ledger import (issue 6): 10,000 rows, target under 5 s.

    .venv/bin/python -m bench.ledger_bench [--db sqlite|postgresql|both] [--rows N] [--repeat N]

An enterprise user uploads a generated xlsx ledger through the import page (the whole request:
reading the workbook, checking every row, upserting, committing, rendering the report). Timed:
the first import into an empty ledger, a re-import of the same file (nothing changes), and an
import where a tenth of the rows changed. The baseline, in the same run, is a naive importer that
looks every row up on its own before adding or updating it. Also timed: the ledger page (counts of
the due lists and the first page) over the imported instruments, and the xlsx export.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import statistics
import time

from openpyxl import Workbook
from sqlalchemy import delete, select

from bench import run_on

NAMES = ["压力表", "电子天平", "温湿度计", "pH计", "游标卡尺", "千分尺", "电子汽车衡", "水分测定仪", "热电偶", "电能表"]


def generated_rows(n: int, seed: int = 5, changed: float = 0.0) -> list[list]:
    rng = random.Random(seed)
    today = dt.date.today()
    rows = []
    for i in range(n):
        name = NAMES[i % len(NAMES)]
        last = today - dt.timedelta(days=rng.randint(0, 500))
        workshop, moved = rng.choice(["一", "二", "三"]), rng.random() < changed  # same draws whatever ``changed``
        location = "新建车间" if moved else f"{workshop}车间"
        rows.append([name, f"M-{i % 37}", f"SN{i:06d}", "(0～100)", "1.0级", location,
                     "检定" if i % 3 else "校准", 12 if i % 4 else 6, last.isoformat(), "在用", f"JD{i:06d}", ""])
    return rows


def xlsx_of(rows: list[list]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(["器具名称", "型号规格", "出厂编号", "测量范围", "准确度等级", "使用地点", "检定/校准", "周期(月)",
                  "上次检定日期", "状态", "证书编号", "备注"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def naive_import(session, organisation_id: int, rows: list[list]) -> None:
    """The baseline: the same parse, then one lookup per row."""
    from plugins.metrology.importer import LEDGER_COLUMNS, LEDGER_FILE
    from plugins.metrology.models import Instrument

    for row in rows:
        values = LEDGER_FILE.parse(dict(zip(LEDGER_COLUMNS, [str(c) for c in row])))
        record = session.scalar(select(Instrument).where(Instrument.organisation_id == organisation_id,
                                                         Instrument.serial_number == values["serial_number"]))
        if record is None:
            session.add(Instrument(organisation_id=organisation_id, **values))
        else:
            for key, value in values.items():
                setattr(record, key, value)
    session.commit()


def run(db_kind, url, n_rows, repeat):
    from app import create_app
    from app.accounts.models import APPROVED, Organisation, UserProfile
    from app.cli import ensure_user
    from app.extensions import db
    from plugins.metrology.models import Instrument

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-only-secret-key-0123456789abcdef",
                      "QI_LOAD_ENTRY_POINTS": False, "WTF_CSRF_ENABLED": False})
    assert app.test_cli_runner().invoke(args=["qi", "init", "--no-admin"]).exit_code == 0
    with app.app_context():
        org = Organisation(kind="enterprise", uscc="91640100MA76A1B2C7", name="台账基准测试有限公司",
                           legal_representative="张三", address="银川市", region_code="640106", contact_person="李四",
                           contact_phone="13800000000", status=APPROVED)
        db.session.add(org)
        db.session.commit()
        ensure_user("bench_ent", "pw-bench-1", "Enterprise", "bench@test.local", "台账", "测试")
        user = app.appbuilder.sm.find_user(username="bench_ent")
        db.session.add(UserProfile(user_id=user.id, organisation_id=org.id, real_name="王五",
                                   id_number="11010519491231002X", display_name="台账"))
        db.session.commit()
        org_id = org.id
    client = app.test_client()
    assert client.post("/login/", data={"username": "bench_ent", "password": "pw-bench-1"}).status_code == 302
    rows = generated_rows(n_rows)
    first_file, changed_file = xlsx_of(rows), xlsx_of(generated_rows(n_rows, changed=0.1))

    def upload(data: bytes) -> float:
        t = time.perf_counter()
        page = client.post("/metrology/ledger-import/", data={"file": (io.BytesIO(data), "ledger.xlsx")},
                           content_type="multipart/form-data")
        elapsed = time.perf_counter() - t
        assert page.status_code == 200 and "qi-import-summary" in page.get_data(as_text=True)
        return elapsed

    def clear():
        with app.app_context():
            db.session.execute(delete(Instrument))
            db.session.commit()

    first, again, changed, naive_first, naive_again, page, export = [], [], [], [], [], [], []
    for _ in range(repeat):
        clear()
        first.append(upload(first_file))
        again.append(upload(first_file))
        changed.append(upload(changed_file))
        for _ in range(3):
            t = time.perf_counter()
            assert client.get("/metrology/ledger/?show=attention").status_code == 200
            page.append(time.perf_counter() - t)
        t = time.perf_counter()
        assert client.get("/metrology/ledger/export").status_code == 200
        export.append(time.perf_counter() - t)
        clear()
        with app.app_context():
            t = time.perf_counter()
            naive_import(db.session, org_id, rows)
            naive_first.append(time.perf_counter() - t)
            t = time.perf_counter()
            naive_import(db.session, org_id, rows)
            naive_again.append(time.perf_counter() - t)
    with app.app_context():
        count = db.session.query(Instrument).count()
        db.engine.dispose()
    med = statistics.median
    return [f"## {db_kind}: ledger import of {n_rows:,} rows (xlsx, through the import page; {repeat} repeats)", "",
            f"- first import: median {med(first):.2f} s, max {max(first):.2f} s (target < 5 s)",
            f"- re-import of the same file (nothing changes): median {med(again):.2f} s",
            f"- import with 10% of rows changed: median {med(changed):.2f} s",
            f"- naive per-row lookups, parse included but no workbook reading: first {med(naive_first):.2f} s, "
            f"re-import {med(naive_again):.2f} s",
            f"- ratio: first import {med(naive_first) / med(first):.1f}×, "
            f"re-import {med(naive_again) / med(again):.1f}× faster than the baseline",
            f"- ledger page (due-list counts and first page of 100) over {count:,} instruments: "
            f"median {med(page) * 1000:.0f} ms, max {max(page) * 1000:.0f} ms",
            f"- xlsx export of {count:,} instruments: median {med(export):.2f} s", ""]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    run_on(args.db, "ledger", "Instrument-ledger import benchmark",
           lambda kind, url: run(kind, url, args.rows, args.repeat))


if __name__ == "__main__":
    main()
