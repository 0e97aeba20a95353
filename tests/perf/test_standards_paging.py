"""The standards list at scale (issue 16): its default order reads an index, deep pages show the rows
of the plain OFFSET query, and paging arguments stay bounded (app.web.view_args)."""
import pytest
from sqlalchemy import inspect, text

from app.extensions import db
from plugins.standardization.models import Standard

ROWS = 130


@pytest.fixture(scope="module")
def standards(app):
    with app.app_context():
        db.session.add_all(Standard(number=f"QP/T {i:04d}-2020", number_key=f"QP/T{i:04d}-2020",
                                    title_zh=f"分页{i:04d}", status="current") for i in range(ROWS))
        db.session.commit()
        yield
        db.session.query(Standard).filter(Standard.number_key.like("QP/T%")).delete(synchronize_session=False)
        db.session.commit()


def _list_url(app):
    with app.test_request_context():
        from flask import url_for

        return url_for("StandardView.list")


@pytest.mark.parametrize("argument", ["page_StandardView=abc", "page_StandardView=-1", "psize_StandardView=x",
                                      "psize_StandardView=-5", "page_StandardView=99999999999999999999",
                                      "psize_StandardView=100000"])
def test_a_bad_or_unbounded_page_argument_is_a_400_not_a_500(app, platform_staff_client, standards, argument):
    response = platform_staff_client.get(f"{_list_url(app)}?{argument}")
    assert response.status_code == 400


def test_a_deep_page_shows_the_rows_of_the_plain_offset_query(app, platform_staff_client, standards):
    html = platform_staff_client.get(f"{_list_url(app)}?page_StandardView=5&_flt_0_number=QP/T").get_data(as_text=True)
    with app.app_context():
        expected = db.session.scalars(db.select(Standard.title_zh).where(Standard.number.like("QP/T%"))
                                      .order_by(Standard.number).offset(125).limit(25)).all()
    assert len(expected) == 5
    assert all(title in html for title in expected)
    assert "分页0124" not in html


def test_the_standards_default_order_has_an_index(app):
    with app.app_context():
        indexes = inspect(db.engine).get_indexes("std_standard")
    assert any(index["column_names"][:1] == ["number"] for index in indexes)


def test_the_first_standards_page_reads_the_index_not_a_sort(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
        plan = " ".join(str(row[-1]) for row in db.session.execute(text(
            "EXPLAIN QUERY PLAN SELECT * FROM std_standard ORDER BY number LIMIT 25 OFFSET 0")))
    assert "TEMP B-TREE" not in plan


def test_the_metrology_ledger_order_reads_its_index_not_a_sort(app):
    """On both databases: PostgreSQL's B-tree sorts nulls last unless told (metr_0005), and the ledger
    puts undated instruments first; a sort there read every instrument of the enterprise."""
    from plugins.metrology.models import Instrument
    from plugins.metrology.views import LEDGER_ORDER

    with app.app_context():
        dialect = db.engine.dialect
        query = db.select(Instrument).where(Instrument.organisation_id == 1).order_by(*LEDGER_ORDER).limit(25)
        sql = str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        if dialect.name == "sqlite":
            plan = " ".join(str(row[-1]) for row in db.session.execute(text("EXPLAIN QUERY PLAN " + sql)))
            assert "ix_metr_instrument_ledger" in plan and "TEMP B-TREE" not in plan
        else:  # a sort costs the planner 10^10 here, so one is left only where no index gives the order
            db.session.execute(text("SET LOCAL enable_sort = off"))
            plan = " ".join(row[0] for row in db.session.execute(text("EXPLAIN " + sql)))
            db.session.rollback()
            assert "ix_metr_instrument_ledger" in plan and "Sort" not in plan, plan


def test_the_current_edition_of_a_number_reads_the_familys_editions_from_an_index(app):
    """The search's answer to an undated number (``number_key LIKE 'GBT19001-%'``,
    plugins.standardization.hooks.current_edition): on PostgreSQL a plain B-tree serves LIKE only
    under the C collation, so std_0006 adds a text_pattern_ops index."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            pytest.skip("SQLite's LIKE is case-insensitive: no index serves it (one read per numbered query)")
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = " ".join(row[0] for row in db.session.execute(text(
            "EXPLAIN SELECT id FROM std_standard WHERE number_key LIKE :family"), {"family": "GBT19001-%"}))
        db.session.rollback()
    assert "ix_std_standard_number_key_pattern" in plan and "Index Cond" in plan, plan
