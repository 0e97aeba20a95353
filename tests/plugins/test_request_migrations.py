"""The plugins' own request tables move into needs with their migrations (metr_0002, ip_0003)."""
import datetime as dt

import sqlalchemy as sa

from app.accounts.models import APPROVED, Organisation
from app.extensions import db
from app.testing.orgs import new_uscc

CREATED = dt.datetime(2026, 11, 16, 2, 0)  # a Monday, 10:00 in China
DECIDED = dt.datetime(2026, 11, 17, 3, 0)


def make_org_row(kind, name):
    """An approved organisation without users (a database being migrated has no roles yet)."""
    org = Organisation(kind=kind, uscc=new_uscc(), name=name, legal_representative="张三", address="银川市",
                       region_code="640106", contact_person="李四", contact_phone="13800000000", status=APPROVED)
    db.session.add(org)
    return org


def _insert(table, **values):
    columns = ", ".join(values)
    db.session.execute(sa.text(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(':' + c for c in values)})"),
                       values)


def test_old_calibration_and_navigation_requests_become_needs_with_their_history(make_app):
    from flask_migrate import downgrade, upgrade

    from app.needs.models import Need

    app = make_app(init=False)
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="heads")
        for old in ("metr_0001", "ip_0002"):  # a database from before needs
            downgrade(directory=directory, revision=old)
        from app.catalog.contributed import declared_items
        from app.catalog.seed import declared_categories, seed_catalog, sync_categories

        host = app.extensions["qi_plugins"]  # the catalogue of a platform in use
        sync_categories(db.session, declared_categories(host))
        seed_catalog(db.session, declared_items(host))
        enterprise = make_org_row("enterprise", "迁移测试企业")
        institution = make_org_row("institution", "迁移测试计量所")
        agency = make_org_row("institution", "迁移测试代理所")
        db.session.flush()
        _insert("metr_instrument", id=901, organisation_id=enterprise.id, name="压力表", serial_number="MV-1",
                method="verification", cycle_months=12, state="in_use")
        rows = [(1, "submitted", None, None), (2, "accepted", "周三上门", None),
                (3, "completed", "合格", dt.date(2026, 11, 18)), (4, "declined", "排满", None),
                (5, "cancelled", None, None)]
        for pk, status, reply, done in rows:
            _insert("metr_request", id=pk, token=f"old-{pk}", organisation_id=enterprise.id,
                    institution_id=institution.id, status=status, message="请上门", reply=reply,
                    created_by="ent_user", created_on=CREATED, decided_on=None if status == "submitted" else DECIDED,
                    completed_on=done)
            _insert("metr_request_item", id=pk, request_id=pk, instrument_id=901)
        for pk, status, agency_id, answer in [(1, "new", None, None), (2, "assigned", agency.id, None),
                                              (3, "answered", agency.id, "检索报告"), (4, "closed", None, None)]:
            _insert("ip_navigation", id=pk, token=f"nav-{pk}", organisation_id=enterprise.id, agency_id=agency_id,
                    field="枸杞", goal="风险排查", status=status, answer=answer, created_by="ent_user",
                    created_on=CREATED, answered_on=DECIDED if answer else None)
        db.session.commit()
        upgrade(directory=directory, revision="heads")

        tables = sa.inspect(db.engine).get_table_names()
        assert not {"metr_request", "metr_request_item", "ip_navigation"} & set(tables)
        needs = {n.token: n for n in db.session.scalars(sa.select(Need).order_by(Need.id))}
        expected = {
            "metr_request-1": ("matched", institution.id, ["file", "plan", "match"]),
            "metr_request-2": ("in_service", institution.id, ["file", "plan", "match", "accept"]),
            "metr_request-3": ("delivered", institution.id, ["file", "plan", "match", "accept", "deliver"]),
            "metr_request-4": ("cancelled", None, ["file", "plan", "match", "decline", "cancel"]),
            "metr_request-5": ("cancelled", institution.id, ["file", "plan", "match", "cancel"]),
            "ip_navigation-1": ("submitted", None, ["file"]),
            "ip_navigation-2": ("in_service", agency.id, ["file", "plan", "match", "accept"]),
            "ip_navigation-3": ("delivered", agency.id, ["file", "plan", "match", "accept", "deliver"]),
            "ip_navigation-4": ("cancelled", None, ["file", "cancel"]),
        }
        assert {token: (n.state, n.institution_id, [e.action for e in n.events]) for token, n in needs.items()} \
            == expected
        numbers = [n.number for n in needs.values()]
        assert len(set(numbers)) == 9 and all(n.startswith("XQ-2026-") for n in numbers)
        done = needs["metr_request-3"]
        assert (done.need_type, done.category.code, done.item.code) == (
            "metrology_calibration", "metrology", "metrology-verification-calibration")
        assert done.details == {"instruments": [901], "chosen_institution": institution.id,
                                "completed_on": "2026-11-18"}
        assert (done.submitted_at, done.respond_due, done.answer_due) == (CREATED, dt.date(2026, 11, 17),
                                                                         dt.date(2026, 11, 19))
        assert done.result == "合格" and done.events[0].at == CREATED and done.events[-1].at == DECIDED
        asked = needs["ip_navigation-1"]
        assert (asked.need_type, asked.category.code, asked.responded_at) == ("ip_navigation", "ip", None)
        assert asked.details == {"field": "枸杞", "goal": "风险排查", "wanted_by": None}
        assert needs["ip_navigation-3"].result == "检索报告"
