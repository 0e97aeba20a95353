"""``flask qi generate``: the same rows from the same seed, every table of the scale filled, the demo
users' scoped lists include their share, a second run refused, a failing plugin reported alone."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select, text

from app.generate import SCALES

# every table the scale's generators fill (core and built-in plugins)
TABLES = ["qi_organisation", "qi_org_event", "qi_org_change_request", "qi_org_attachment", "qi_need",
          "qi_need_event", "qi_search_entry", "std_standard", "metr_instrument", "metr_capability", "test_capability",
          "cert_body", "ip_agency", "qi_complaint", "qi_complaint_event", "qi_evaluation", "qi_appointment_slot",
          "qi_appointment", "qi_visit"]


def _demo_app(make_app):
    app = make_app()
    result = app.test_cli_runner().invoke(args=["qi", "demo"])
    assert result.exit_code == 0, result.output
    return app


def _generate(app, *args):
    return app.test_cli_runner().invoke(args=["qi", "generate", "--scale", "tiny", *args])


def _checksum(app, table: str, columns: str, where: str = "1 = 1") -> str:
    """A digest of the generated rows (the demo's own rows carry the time they were loaded)."""
    from app.extensions import db

    with app.app_context():
        rows = db.session.execute(text(f"SELECT {columns} FROM {table} WHERE {where} ORDER BY id")).all()
    return hashlib.sha256(repr([tuple(map(str, row)) for row in rows]).encode()).hexdigest()


@pytest.fixture(scope="module")
def generated(make_app):
    app = _demo_app(make_app)
    result = _generate(app)
    assert result.exit_code == 0, result.output
    return app, result.output


def test_same_seed_gives_the_same_rows_in_two_fresh_databases(generated, make_app):
    first, _ = generated
    second = _demo_app(make_app)
    assert _generate(second).exit_code == 0
    for table, columns, where in [
            ("qi_organisation", "id, uscc, name, status, submitted_on", "uscc LIKE 'GEN%'"),
            ("qi_need", "id, number, organisation_id, institution_id, window_id, state, title", "number LIKE 'GEN-%'"),
            ("qi_search_entry", "kind, ref_id, url, title, title_tokens", "kind = 'standardization_standard'"),
            ("std_standard", "number, title_zh, status", "number LIKE '% 1____-%'"),
            ("metr_instrument", "organisation_id, serial_number, next_due, state", "serial_number LIKE 'SN%'")]:
        assert _checksum(first, table, columns, where) == _checksum(second, table, columns, where), table


def test_another_seed_gives_other_rows(generated, make_app):
    first, _ = generated
    other = _demo_app(make_app)
    assert _generate(other, "--seed", "7").exit_code == 0
    where = "number LIKE 'GEN-%'"
    assert _checksum(first, "qi_need", "title, state", where) != _checksum(other, "qi_need", "title, state", where)


def test_every_table_of_the_scale_gets_rows_and_progress_is_printed(generated):
    from app.extensions import db

    app, output = generated
    with app.app_context():
        for table in TABLES:
            assert db.session.scalar(text(f"SELECT count(*) FROM {table}")) > 0, table
            assert table in output
        assert db.session.scalar(text("SELECT count(*) FROM qi_organisation WHERE uscc LIKE 'GEN%'")) \
            == SCALES["tiny"]["organisations"]
    assert "total:" in output


def test_generated_records_are_found_by_the_search_on_their_own_pages(generated):
    """The index is rebuilt from the providers: a generated standard is found, and its hit opens."""
    from app.extensions import db
    from app.search.query import search
    from plugins.standardization.models import Standard

    app, output = generated
    assert "search index: qi_search_entry" in output
    with app.test_request_context():
        standard = db.session.scalar(select(Standard).where(Standard.number.like("% 1____-%")).order_by(Standard.id.desc()))
        hits = search(db.session, standard.number, kind="standardization_standard").hits
        assert f"/standardization/{standard.id}" in [h.url for h in [*hits]]
    assert app.test_client().get(f"/standardization/{standard.id}").status_code == 200


def test_only_the_newest_needs_are_open(generated):
    from app.extensions import db
    from app.needs.models import Need
    from app.needs.states import CLOSED

    app, _ = generated
    with app.app_context():
        states = db.session.execute(select(Need.state).where(Need.number.like("GEN-%")).order_by(Need.id)).scalars().all()
    opened = SCALES["tiny"]["open_needs"]
    assert CLOSED not in states[-opened:] and set(states[:-opened]) == {CLOSED}


def test_pending_reviews_wait_in_the_review_queue(generated):
    from app.accounts.models import SUBMITTED, Organisation
    from app.extensions import db

    app, _ = generated
    with app.app_context():
        waiting = db.session.scalar(select(db.func.count()).select_from(Organisation).where(
            Organisation.uscc.like("GEN%"), Organisation.status == SUBMITTED))
    assert waiting == SCALES["tiny"]["pending_reviews"]


def test_the_demo_enterprise_sees_its_share_and_nothing_else(generated):
    from flask_appbuilder.security.sqla.models import User

    from app.accounts.models import UserProfile
    from app.extensions import db
    from app.needs.models import Need
    from app.scoping import scoped
    from plugins.metrology.models import Instrument

    app, _ = generated
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.username == "enterprise"))
        own = db.session.scalar(select(UserProfile.organisation_id).where(UserProfile.user_id == user.id))
        needs = db.session.execute(scoped(select(Need.number, Need.organisation_id), Need, user)).all()
        generated_needs = [n for n, _ in needs if n.startswith("GEN-")]
        assert len(generated_needs) >= SCALES["tiny"]["needs"] // 10
        assert {org for _, org in needs} == {own}
        instruments = db.session.execute(scoped(select(Instrument.organisation_id), Instrument, user)).all()
        assert len(instruments) >= SCALES["tiny"]["instruments"] // 10
        assert {org for org, in instruments} == {own}


def test_the_demo_enterprise_finds_a_generated_need_in_its_list(generated):
    from app.testing.fixtures import login_client

    app, _ = generated
    client = login_client(app, "enterprise", "enterprise-demo-2026")
    page = client.get("/needs/mine/")
    assert page.status_code == 200
    assert "GEN-" in page.get_data(as_text=True)


def test_the_service_process_pages_list_generated_rows_to_their_roles(generated):
    """Complaints, evaluations, appointments and visits are generated, so their pages are measured
    at scale: staff and the demo window see them, the demo enterprise its own."""
    from app.testing.fixtures import login_client

    app, _ = generated
    platform = login_client(app, "platform", "platform-demo-2026")
    assert "GENT" in platform.get("/complaints/list/").get_data(as_text=True)
    assert "受评企业" in platform.get("/evaluations/").get_data(as_text=True)
    window = login_client(app, "window", "window-demo-2026")
    assert "GENY" in window.get("/appointments/list/").get_data(as_text=True)
    assert "走访员" in window.get("/visits/?show=all").get_data(as_text=True)
    enterprise = login_client(app, "enterprise", "enterprise-demo-2026")
    assert "GENT" in enterprise.get("/complaints/mine/").get_data(as_text=True)


def test_a_second_run_is_refused_and_adds_nothing(generated):
    from app.extensions import db

    app, _ = generated
    with app.app_context():
        before = db.session.scalar(text("SELECT count(*) FROM qi_need"))
    result = _generate(app)
    assert result.exit_code != 0
    assert "already holds generated data" in result.output
    with app.app_context():
        assert db.session.scalar(text("SELECT count(*) FROM qi_need")) == before


def test_a_failing_plugin_generator_is_reported_and_the_others_still_run(make_app, monkeypatch):
    from app.extensions import db

    app = _demo_app(make_app)
    host = app.extensions["qi_plugins"]
    real = host.call_plugin

    def call_plugin(record, hook, **kwargs):
        if hook == "qi_generate" and record.name == "metrology":
            raise RuntimeError("broken generator")
        return real(record, hook, **kwargs)

    monkeypatch.setattr(host, "call_plugin", call_plugin)
    result = _generate(app)
    assert result.exit_code == 1
    assert "plugin metrology: generation failed: broken generator" in result.output
    with app.app_context():
        assert db.session.scalar(text("SELECT count(*) FROM metr_instrument WHERE serial_number LIKE 'SN%'")) == 0
        assert db.session.scalar(text("SELECT count(*) FROM std_standard")) >= SCALES["tiny"]["standards"]
        assert db.session.scalar(text("SELECT count(*) FROM test_capability")) >= SCALES["tiny"]["capabilities"]
        assert db.session.scalar(text("SELECT count(*) FROM qi_need WHERE number LIKE 'GEN-%'")) \
            == SCALES["tiny"]["needs"]
