"""The complaint lists read one page with a fixed number of statements, whatever the rows (no
query per row)."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db

from .conftest import filed, member, post_complaint, staff, step


def _statements(app, client, path) -> int:
    seen = []

    def count(*_args, **_kwargs):
        seen.append(1)

    client.get(path)  # one-off work of a first request does not count
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_the_lists_send_as_many_statements_with_many_complaints_as_with_few(world):
    app = world["app"]
    platform, inst = staff(world), member(world, "inst_d")
    for _ in range(2):
        number, _ = filed(post_complaint(world, institution_id=str(world["inst_d"]["org"])))
        step(platform, number, "investigate")
        step(platform, number, "forward", "请答复")
    few = {p: _statements(app, c, p) for p, c in [("/complaints/list/?show=all", platform),
                                                  ("/complaints/incoming/?show=all", inst)]}
    for _ in range(12):
        number, _ = filed(post_complaint(world, institution_id=str(world["inst_d"]["org"])))
        step(platform, number, "investigate")
        step(platform, number, "forward", "请答复")
    many = {p: _statements(app, c, p) for p, c in [("/complaints/list/?show=all", platform),
                                                   ("/complaints/incoming/?show=all", inst)]}
    assert many == few
