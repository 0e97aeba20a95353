"""The demo data of equipment, packages and teams loads once and again without doubling."""
from __future__ import annotations

import sqlalchemy as sa

from app.equipment.demo import DEMO_INSTRUMENTS, load_equipment_demo
from app.equipment.models import SharedInstrument
from app.extensions import db
from app.needs.demo import ENTERPRISE_NAME, INSTITUTION_NAME
from app.packages.demo import load_packages_demo
from app.packages.models import NeedPackage
from app.teams.demo import load_teams_demo
from app.teams.models import ExpertTeam
from app.testing.windows import make_window


def test_demo_instruments_packages_and_teams_load_once(make_app):
    app = make_app()
    with app.app_context():
        from app.demo import load_demo

        load_demo()
        institution = db.session.scalar(sa.select(sa.text("id")).select_from(sa.text("qi_organisation"))
                                        .where(sa.text("name = :n")).params(n=INSTITUTION_NAME))
        enterprise = db.session.scalar(sa.select(sa.text("id")).select_from(sa.text("qi_organisation"))
                                       .where(sa.text("name = :n")).params(n=ENTERPRISE_NAME))
        make_window("institution", "研究院服务窗口", organisation_id=institution, industry="食品制造")
        make_window("enterprise", "红宝企业窗口", organisation_id=enterprise)
        for _ in range(2):
            load_equipment_demo(db.session)
            load_packages_demo(db.session)
            load_teams_demo(db.session)
            db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SharedInstrument)) >= len(DEMO_INSTRUMENTS)
        package = db.session.scalar(sa.select(NeedPackage))
        assert package is not None and len(package.members) >= 1  # the demo enterprise's open needs
        team = db.session.scalar(sa.select(ExpertTeam))
        assert team is not None and len(team.members) == 3
        assert db.session.scalar(sa.select(sa.func.count()).select_from(NeedPackage)) == 1
