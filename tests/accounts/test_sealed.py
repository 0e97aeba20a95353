"""Resident ID numbers are encrypted at rest, rotate to a new key, and are shown whole only to Admin,
each time recorded (issue 17)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet

from app.accounts.models import UserProfile
from app.accounts.sealed import DataKeyError
from app.audit.models import AuditEntry
from app.extensions import db
from app.testing.fixtures import USERS, add_users, login_client
from app.testing.orgs import make_org

NUMBER = "11010519491231002X"


@pytest.fixture(scope="module")
def sealed_app(make_app):
    app = make_app(QI_DATA_KEYS=Fernet.generate_key().decode())
    add_users(app)
    with app.app_context():
        make_org("enterprise", "加密测试企业")
    return app


def _raw(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.text("SELECT id_number FROM qi_user_profile")))


@pytest.mark.clause("4.1-6")
def test_the_database_holds_no_id_number_the_application_reads_them(sealed_app):
    raw = _raw(sealed_app)
    assert raw and all(value.startswith("fernet:") and NUMBER not in value for value in raw)
    with sealed_app.app_context():
        profile = db.session.scalars(sa.select(UserProfile)).first()
        assert profile.id_number == NUMBER and profile.id_number_masked == "1101**********002X"


@pytest.mark.clause("4.1-6")
def test_keys_rotate_and_an_old_key_can_then_be_dropped(sealed_app):
    old = sealed_app.config["QI_DATA_KEYS"]
    new = Fernet.generate_key().decode()
    before = _raw(sealed_app)
    try:
        sealed_app.config["QI_DATA_KEYS"] = f"{new},{old}"
        result = sealed_app.test_cli_runner().invoke(args=["qi", "rotate-data-keys"])
        assert result.exit_code == 0 and f"{len(before)} values" in result.output
        after = _raw(sealed_app)
        assert all(a != b for a, b in zip(after, before))
        sealed_app.config["QI_DATA_KEYS"] = new  # the old key dropped: every number still reads
        with sealed_app.app_context():
            assert {p.id_number for p in db.session.scalars(sa.select(UserProfile))} == {NUMBER}
        sealed_app.config["QI_DATA_KEYS"] = old  # the old key alone no longer opens them
        with sealed_app.app_context(), pytest.raises(DataKeyError):
            db.session.scalars(sa.select(UserProfile)).first()
    finally:
        sealed_app.config["QI_DATA_KEYS"] = new
        with sealed_app.app_context():
            db.session.rollback()


@pytest.mark.clause("4.1-6")
def test_only_admin_sees_the_whole_number_by_a_post_that_is_recorded(sealed_app):
    with sealed_app.app_context():
        pk = db.session.scalar(sa.select(UserProfile.id))
    admin = login_client(sealed_app, "t_admin", USERS["t_admin"][1])
    page = admin.get(f"/userprofileview/show/{pk}").get_data(as_text=True)
    assert NUMBER not in page and "1101**********002X" in page and "/reveal/" in page
    assert admin.get(f"/userprofileview/reveal/{pk}").status_code == 405  # never on a GET
    revealed = admin.post(f"/userprofileview/reveal/{pk}")
    assert revealed.status_code == 200 and NUMBER in revealed.get_data(as_text=True)
    assert "no-store" in revealed.headers["Cache-Control"]
    with sealed_app.app_context():
        entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.record_id == str(pk),
                                                               AuditEntry.kind == "view_personal")
                                   .order_by(AuditEntry.id.desc())).first()
        assert entry.actor == "t_admin" and '"field": "id_number"' in entry.details
    staff = login_client(sealed_app, "t_platform", USERS["t_platform"][1])
    shown = staff.get(f"/userprofileview/show/{pk}").get_data(as_text=True)
    assert "/reveal/" not in shown and NUMBER not in shown
    refused = staff.post(f"/userprofileview/reveal/{pk}")
    assert refused.status_code in (302, 403, 404) and NUMBER not in refused.get_data(as_text=True)


def test_numbers_written_before_sealing_are_sealed_by_the_migration(make_app):
    from flask_migrate import upgrade

    app = make_app(init=False)
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision="qi_core_0036")
        db.session.execute(sa.text("INSERT INTO ab_user (first_name, last_name, username, email, active) "
                                   "VALUES ('a', 'b', 'plain', 'plain@test.local', true)"))
        user_id = db.session.scalar(sa.text("SELECT id FROM ab_user WHERE username = 'plain'"))
        db.session.execute(sa.text("INSERT INTO qi_user_profile (user_id, real_name, id_number, display_name, "
                                   "created_on) VALUES (:u, '赵六', :n, '赵六', CURRENT_TIMESTAMP)"),
                           {"u": user_id, "n": NUMBER})
        db.session.commit()
        upgrade(directory=directory, revision="heads")
        raw = db.session.scalar(sa.text("SELECT id_number FROM qi_user_profile"))
        assert raw.startswith("fernet:") and NUMBER not in raw
        assert db.session.scalar(sa.select(UserProfile.id_number)) == NUMBER
