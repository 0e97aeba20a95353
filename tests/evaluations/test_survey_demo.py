"""The demo evaluations load once, across two quarters, some low with their cases."""
from __future__ import annotations

import sqlalchemy as sa

from app.evaluations.demo import load_evaluations_demo
from app.evaluations.models import DissatisfactionCase, Evaluation
from app.extensions import db


def test_demo_evaluations_span_two_quarters_with_cases_and_load_once(make_app):
    app = make_app()
    with app.app_context():
        from app.demo import load_demo

        load_demo()
        count = db.session.scalar(sa.select(sa.func.count()).select_from(Evaluation))
        assert count == 20
        assert load_evaluations_demo(db.session) == 0
        quarters = db.session.execute(sa.select(Evaluation.year, Evaluation.quarter).distinct()).all()
        assert len(quarters) == 2
        assert db.session.scalar(sa.select(sa.func.count()).select_from(DissatisfactionCase)) == 3
        kinds = set(db.session.scalars(sa.select(Evaluation.kind)))
        assert kinds == {"user", "self", "third_party"}
