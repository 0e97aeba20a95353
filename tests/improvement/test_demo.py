"""The demo publishes a past quarter when there are evaluations, adds improvement work, and both are
idempotent; with no evaluations it publishes nothing."""
from sqlalchemy import func, select

from app.evaluations.models import PublishedQuarter
from app.evaluations.publication import last_closed_quarter
from app.evaluations.publication_demo import load_publication_demo
from app.extensions import db
from app.improvement.models import ImprovementAction
from tests.evaluations.test_stats import add_evaluation


def test_the_demo_adds_improvement_work_once_and_publishes_a_past_quarter_only_with_evaluations(make_app):
    app = make_app()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["qi", "demo"]).exit_code == 0
    with app.app_context():
        actions = db.session.scalar(select(func.count()).select_from(ImprovementAction))
        assert actions == 2
        published = db.session.scalar(select(func.count()).select_from(PublishedQuarter))
        if published == 0:  # no demo evaluations (yet): nothing to publish, nothing fails
            year, quarter = last_closed_quarter()
            add_evaluation(db.session, 8, year=year, quarter=quarter)
            db.session.commit()
            assert load_publication_demo(db.session) == 1
            db.session.commit()
    assert runner.invoke(args=["qi", "demo"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ImprovementAction)) == 2
        assert db.session.scalar(select(func.count()).select_from(PublishedQuarter)) == 1
    html = app.test_client().get("/satisfaction/").get_data(as_text=True)
    assert "已组织两期培训" in html and "缩短检测报告出具周期" not in html  # only the published follow-up
