"""The demo functions of visits and samples add their rows once, at the demo park station only."""
from sqlalchemy import select

from app.extensions import db
from app.needs import flow as needs_flow
from app.samples.demo import load_samples_demo
from app.samples.models import Sample
from app.visits.demo import load_visits_demo
from app.visits.models import EnterpriseVisit


def test_demo_visits_and_samples_are_added_once(make_app, org_factory):
    app = make_app()
    with app.app_context():
        assert load_visits_demo(db.session) == 0 and load_samples_demo(db.session) == 0  # no park station yet
        from app.testing.orgs import make_org
        from app.testing.windows import make_window
        from app.needs.demo import ENTERPRISE_NAME

        enterprise_id, _ = make_org("enterprise", ENTERPRISE_NAME)
        institution_id, _ = make_org("institution", "演示检测院", types="testing")
        make_window("park", "演示园区服务站")
        need, _ = needs_flow.file_need(db.session, need_type="service", title="出口枸杞检验报告", contact_name="陈",
                                       contact="13995012345", actor="demo", token="demo-need-5",
                                       organisation_id=enterprise_id)
        for step, extra in [("plan", {"comment": "送样"}), ("match", {"institution_id": institution_id})]:
            needs_flow.take_step(db.session, need, step, actor="demo", actor_kinds={"staff"}, **extra)
        assert load_visits_demo(db.session) == 3 and load_samples_demo(db.session) == 1
        db.session.commit()
        assert load_visits_demo(db.session) == 0 and load_samples_demo(db.session) == 0
        assert db.session.scalar(select(Sample.state)) == "testing"
        assert len(db.session.scalars(select(EnterpriseVisit)).all()) == 3
