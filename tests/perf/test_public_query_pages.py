"""The public query pages of the plugins (metrology capabilities, certification bodies, IP agencies)
name each row's organisation without a statement per organisation (issue 16: 303 statements for 300
rows of generated data)."""
from __future__ import annotations

import datetime as dt

import pytest

from app.extensions import db
from app.testing.orgs import make_org
from app.testing.samples import sample_row
from app.testing.sql import statements_of

PAGES = {"plugins.metrology.models:MetrologyCapability": "/metrology/capabilities",
         "plugins.certification.models:CertificationBody": "/certification/bodies/",
         "plugins.ip.models:IpAgency": "/ip/agencies"}


def _model(path: str):
    module, name = path.split(":")
    return getattr(__import__(module, fromlist=[name]), name)


def _add(app, model, start: int, stop: int) -> None:
    with app.app_context():
        for n in range(start, stop):
            org, _member = make_org("institution", f"公开查询机构{model.__name__}{n:03d}")
            row = sample_row(db.session, model, org, None, "公开", n)
            if hasattr(row, "valid_until"):
                row.valid_until = dt.date.today() + dt.timedelta(days=365)
            db.session.add(row)
        db.session.commit()


@pytest.mark.parametrize("model_path", sorted(PAGES))
def test_public_query_pages_do_not_load_organisations_one_by_one(make_app, model_path):
    app = make_app()
    model, url = _model(model_path), PAGES[model_path]
    client = app.test_client()
    _add(app, model, 0, 2)
    few, page = statements_of(app, client, url)
    assert "公开查询机构" in page  # the rows are listed at all
    _add(app, model, 2, 14)
    many, page = statements_of(app, client, url)
    assert page.count("公开查询机构") >= 14
    assert many == few, f"{url}: {few} statements with 2 organisations, {many} with 14"
