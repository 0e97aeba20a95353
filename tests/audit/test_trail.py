"""The audit trail: every change of a core or plugin record, every sign-in, download, export and
view of personal data, with who, when, what and from where; and no way to alter it (issue 17)."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from app.testing.fixtures import USERS, add_users, login_client

ADMIN = "t_admin"


@pytest.fixture(scope="module")
def audit_app(make_app):
    app = make_app()
    add_users(app)
    return app


def _entries(app, **where) -> list[AuditEntry]:
    with app.app_context():
        rows = db.session.scalars(sa.select(AuditEntry).filter_by(**where).order_by(AuditEntry.id)).all()
        db.session.expunge_all()
        return rows


def _details(entry) -> dict:
    return json.loads(entry.details) if entry.details else {}


def _admin(app):
    return login_client(app, ADMIN, USERS[ADMIN][1])


@pytest.mark.clause("4.1-6")
def test_a_change_through_a_page_says_who_what_before_after_and_from_where(audit_app):
    client = _admin(audit_app)
    with audit_app.app_context():
        region = db.session.scalar(sa.select(sa.text("id")).select_from(sa.table("qi_region")).limit(1))
    assert client.post("/regionview/add", data={"code": "649901", "name_zh": "审计区", "name_en": "Audit district",
                                                "active": "y"}).status_code == 302
    with audit_app.app_context():
        added = db.session.scalar(sa.text("SELECT id FROM qi_region WHERE code = '649901'"))
    response = client.post(f"/regionview/edit/{added}", data={"code": "649901", "name_zh": "审计新区",
                                                               "name_en": "Audit district", "active": "y"},
                           headers={"X-Request-ID": "audit-edit-0001"}, environ_base={"REMOTE_ADDR": "192.0.2.44"})
    assert response.status_code == 302 and region
    created = _entries(audit_app, table_name="qi_region", record_id=str(added), kind="create")
    changed = _entries(audit_app, table_name="qi_region", record_id=str(added), kind="update")
    assert len(created) == 1 and _details(created[0])["name_zh"] == "审计区"
    assert len(changed) == 1
    entry = changed[0]
    assert (entry.actor, entry.address, entry.request_id) == (ADMIN, "192.0.2.44", "audit-edit-0001")
    assert entry.path == f"/regionview/edit/{added}" and entry.at is not None
    assert _details(entry) == {"name_zh": ["审计区", "审计新区"]}  # only what changed
    assert client.post(f"/regionview/delete/{added}").status_code == 302
    deleted = _entries(audit_app, table_name="qi_region", record_id=str(added), kind="delete")
    assert len(deleted) == 1 and _details(deleted[0])["code"] == "649901"


@pytest.mark.clause("4.1-6")
def test_plugin_records_bulk_changes_and_secrets_are_covered_by_the_same_mechanism(audit_app):
    from plugins.metrology.models import Instrument
    from app.regions.models import Region

    with audit_app.app_context():
        org = db.session.scalar(sa.text("SELECT id FROM qi_organisation LIMIT 1"))
        if org is None:
            from app.testing.orgs import make_org

            org, _ = make_org("enterprise", "审计测试企业")
        instrument = Instrument(organisation_id=org, name="审计压力表", serial_number="AUD-1", state="in_use")
        db.session.add(instrument)
        db.session.commit()
        instrument_id = instrument.id
        db.session.execute(sa.update(Region).where(Region.code.like("64%")).values(active=True))
        db.session.commit()
        sm = audit_app.appbuilder.sm
        user = sm.find_user(username="t_platform")
        sm.reset_password(user.id, "a-new-password-123")
        db.session.commit()
        user_id = user.id
    made = _entries(audit_app, table_name=Instrument.__tablename__, record_id=str(instrument_id), kind="create")
    assert made and made[0].actor == "system" and _details(made[0])["serial_number"] == "AUD-1"
    bulk = _entries(audit_app, table_name="qi_region", kind="bulk_update")
    assert bulk and "64%" in json.dumps(_details(bulk[-1]), ensure_ascii=False)
    password = _entries(audit_app, table_name="ab_user", record_id=str(user_id), kind="update")
    assert password and _details(password[-1])["password"] == ["(hidden)", "(hidden)"]
    assert "a-new-password" not in json.dumps([_details(e) for e in password])


def test_a_change_rolled_back_leaves_no_entry(audit_app):
    from app.regions.models import Region

    with audit_app.app_context():
        db.session.add(Region(code="649902", name_zh="回滚区", name_en="Rolled back", active=True))
        db.session.flush()
        db.session.rollback()
    assert not [e for e in _entries(audit_app, table_name="qi_region") if "回滚区" in (e.details or "")]


@pytest.mark.clause("4.1-6")
def test_sign_ins_failed_sign_ins_exports_and_personal_pages_are_recorded(audit_app):
    client = audit_app.test_client()
    client.post("/login/", data={"username": "t_window", "password": "wrong-password"},
                environ_base={"REMOTE_ADDR": "198.51.100.23"})
    failed = _entries(audit_app, kind="login_failed", actor="t_window")
    assert failed and failed[-1].address == "198.51.100.23" and failed[-1].record_id is None
    admin = _admin(audit_app)
    assert _entries(audit_app, kind="login", actor=ADMIN)
    export = admin.get("/userprofileview/export/")
    assert export.status_code == 200
    exported = _entries(audit_app, kind="export", table_name="qi_user_profile")
    assert exported and exported[-1].actor == ADMIN and _details(exported[-1])["rows"] >= 0
    assert admin.get("/userprofileview/list/").status_code == 200
    viewed = _entries(audit_app, kind="view_personal", table_name="qi_user_profile")
    assert viewed and viewed[-1].actor == ADMIN


def test_a_download_is_recorded(audit_app, tmp_path):
    from app.accounts.uploads import send_stored, upload_dir

    with audit_app.test_request_context("/files/x", environ_base={"REMOTE_ADDR": "203.0.113.5"}):
        path = upload_dir() / "abc123auditfile"
        path.write_bytes(b"licence")
        send_stored("abc123auditfile", "营业执照.pdf", "application/pdf")
    entry = _entries(audit_app, kind="download", record_id="abc123auditfile")[-1]
    assert _details(entry) == {"filename": "营业执照.pdf"} and entry.address == "203.0.113.5"


@pytest.mark.clause("4.1-6")
def test_entries_cannot_be_changed_or_deleted_by_any_path(audit_app):
    with audit_app.app_context():
        entry = db.session.scalars(sa.select(AuditEntry).limit(1)).one()
        entry.actor = "someone-else"
        with pytest.raises(PermissionError):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.get(AuditEntry, entry.id))
        with pytest.raises(PermissionError):
            db.session.commit()
        db.session.rollback()
        for statement in ("UPDATE qi_audit_entry SET actor = 'x'", "DELETE FROM qi_audit_entry"):
            with pytest.raises(sa.exc.DBAPIError, match="append-only"):
                with db.engine.begin() as connection:
                    connection.execute(sa.text(statement))
        assert db.session.get(AuditEntry, entry.id).actor != "someone-else"
    admin = _admin(audit_app)
    for path in (f"/admin/audit/edit/{entry.id}", f"/admin/audit/delete/{entry.id}", "/admin/audit/add"):
        assert admin.post(path).status_code == 404


@pytest.mark.clause("4.1-6")
def test_administrators_filter_and_export_the_trail_and_nobody_else_sees_it(audit_app):
    admin = _admin(audit_app)
    page = admin.get(f"/admin/audit/list/?_flt_0_actor={ADMIN}&_l_=en").get_data(as_text=True)
    assert "Audit trail" in page and ADMIN in page
    csv = admin.get(f"/admin/audit/export/?_flt_0_actor={ADMIN}").get_data(as_text=True)
    assert ADMIN in csv and "t_window" not in csv.split("\n", 1)[1]
    assert "qi_region" in csv and "<code>" not in csv  # the page's markup is not in the file
    staff = login_client(audit_app, "t_platform", "a-new-password-123")
    assert staff.get("/admin/audit/list/").status_code in (302, 403)
    assert staff.get("/admin/audit/export/").status_code in (302, 403, 404)


@pytest.mark.clause("4.1-6")
def test_staff_opening_a_need_or_a_complaint_with_someone_elses_contact_is_recorded(audit_app):
    import datetime as dt

    from app.complaints.models import Complaint
    from app.needs import flow

    with audit_app.app_context():
        need, _code = flow.file_need(db.session, need_type="service", title="联系人审计", contact_name="张三",
                                     contact="13800000000", actor="tester")
        complaint = Complaint(number="TS-2026-990001", code_hash="x", token="audit-complaint-1",
                              complaint_type="quality", content="c", request="r", complainant_name="李四",
                              contact="13900000000", submitted_at=dt.datetime(2026, 11, 20, 2))
        db.session.add(complaint)
        db.session.commit()
        need_id, number, complaint_id = need.id, need.number, complaint.id
    admin = _admin(audit_app)
    assert admin.get(f"/needs/case/{number}").status_code == 200
    assert admin.get("/complaints/case/TS-2026-990001").status_code == 200
    need_views = _entries(audit_app, kind="view_personal", table_name="qi_need", record_id=str(need_id))
    complaint_views = _entries(audit_app, kind="view_personal", table_name="qi_complaint", record_id=str(complaint_id))
    assert len(need_views) == 1 and need_views[0].actor == ADMIN and "contact" in _details(need_views[0])["fields"]
    assert len(complaint_views) == 1 and complaint_views[0].actor == ADMIN


@pytest.mark.clause("4.1-6")
def test_staff_reading_an_organisations_contact_or_a_bookers_phone_is_recorded(audit_app):
    from app.accounts.models import SUBMITTED
    from app.testing.orgs import make_org

    with audit_app.app_context():
        approved, _ = make_org("enterprise", "审计联系人企业")
        waiting, _ = make_org("enterprise", "审计待审企业", status=SUBMITTED)
    staff = _admin(audit_app)
    assert staff.get(f"/organisationview/show/{approved}").status_code == 200
    assert staff.get(f"/review/organisation/{waiting}").status_code == 200
    shown = _entries(audit_app, kind="view_personal", table_name="qi_organisation", record_id=str(approved))
    reviewed = _entries(audit_app, kind="view_personal", table_name="qi_organisation", record_id=str(waiting))
    assert len(shown) == 1 and _details(shown[0])["fields"] == ["contact_person", "contact_phone"]
    assert len(reviewed) == 1 and _details(reviewed[0])["page"] == "review" and reviewed[0].actor == ADMIN
