"""The search finds what people type (issue 15): width and case, several words, pinyin, problem
words, undated standard numbers, operators typed as text. On the engine under test (--db)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings, strategies as st

from app.catalog.models import ServiceItem
from app.extensions import db
from app.search.models import SearchSynonym
from app.search.query import search
from app.search.synonyms import synonyms_in

CALIBRATION = "计量器具检定校准"


@pytest.fixture(scope="module", autouse=True)
def standards(app):
    """The demo standards (three editions of GB 2760, two of GB/T 19001 …); imported again, they stay as they are."""
    from plugins.standardization.demo import DEMO_ROWS
    from plugins.standardization.importer import import_standards

    with app.app_context():
        import_standards(db.session, DEMO_ROWS)
        db.session.commit()


CALIBRATION_URL = "/item/metrology-verification-calibration"


def _urls(result):
    return [h.url for h in result.hits]


def _titles(result):
    return [h.title for h in result.hits]


# -- width and case ----------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["ＧＢ／Ｔ １９００１", "gb/t 19001", "ＧＢ/T19001", "GB/T19001"])
def test_full_width_and_case_find_what_the_plain_number_finds(app, typed):
    with app.app_context():
        plain = search(db.session, "GB/T 19001", page_size=50)
        assert plain.total >= 2
        assert sorted(_urls(search(db.session, typed, page_size=50))) == sorted(_urls(plain))


def test_full_width_text_in_a_document_is_found_by_plain_text(app):
    with app.app_context():
        item = db.session.scalar(sa.select(ServiceItem).where(ServiceItem.code == "other-carbon-services"))
        item.name_zh = "ＣＣＥＲ　１２３碳核查服务"
        db.session.flush()
        try:
            assert "ＣＣＥＲ　１２３碳核查服务" in _titles(search(db.session, "ccer 123"))
            assert "ＣＣＥＲ　１２３碳核查服务" in _titles(search(db.session, "CCER123"))
        finally:
            db.session.rollback()


# -- several words -----------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["检定校准计量", "校准 计量器具", "calibration measuring instruments",
                                   "Measuring  CALIBRATION"])
def test_every_word_must_match_in_any_order(app, query):
    with app.app_context():
        result = search(db.session, query, kind="item", page_size=50)
        assert not result.fallback
        assert CALIBRATION in _titles(result)


def test_without_a_record_holding_every_word_records_holding_some_come_first(app):
    with app.app_context():
        for query in ("计量器具 区块链", "measuring instruments blockchain"):
            result = search(db.session, query, kind="item", page_size=50)
            assert result.fallback and CALIBRATION in _titles(result), query
        assert search(db.session, "区块链 元宇宙").total == 0


# -- pinyin ------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["jiliang", "JILIANG", "ｊｉｌｉａｎｇ", "jl", "jiliangqiju", "qijujianding", "jlqj"])
def test_pinyin_and_initials_find_chinese_titles(app, typed):
    with app.app_context():
        assert CALIBRATION in _titles(search(db.session, typed, kind="item", page_size=50)), typed


def test_queries_never_load_pypinyin():
    import subprocess
    import sys

    code = ("import sys; from app.search.tokens import parse_query; parse_query('jiliang 计量 GB/T19001'); "
            "print('pypinyin' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- synonyms ----------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["压力表", "压力表校准", "ＰＲＥＳＳＵＲＥ gauge", "pressure gauge calibration",
                                   "pressure \t  gauge"])
def test_problem_words_lead_to_the_service(app, query):
    with app.app_context():
        result = search(db.session, query, kind="item", page_size=50)
        assert CALIBRATION in _titles(result), query
        assert not result.fallback
        assert any(g.synonyms for g in result.groups)


def test_a_synonym_staff_add_applies_at_once_and_removed_no_more(app):
    with app.app_context():
        assert search(db.session, "游标卡尺", kind="item").total == 0
        db.session.add(SearchSynonym(word="游标卡尺", terms="计量器具检定校准", language="zh"))
        db.session.flush()
        try:
            assert CALIBRATION in _titles(search(db.session, "游标卡尺", kind="item"))
            assert synonyms_in(db.session, "我的游标卡尺坏了") == {"游标卡尺": ["计量器具检定校准"]}
        finally:
            db.session.rollback()
        assert search(db.session, "游标卡尺", kind="item").total == 0


# -- undated standard numbers --------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["GB/T19001", "GB/T 19001", "ＧＢ／Ｔ １９００１", "gb/t19001"])
def test_an_undated_standard_number_resolves_to_its_current_edition(app, typed):
    with app.app_context():
        result = search(db.session, typed)
        assert [h.title.split(" ")[0:2] for h in result.resolved] == [["GB/T", "19001-2016"]]


def test_a_dated_number_or_plain_words_resolve_to_nothing(app):
    with app.app_context():
        assert search(db.session, "GB/T 19001-2008").resolved == []
        assert search(db.session, "计量").resolved == []
        assert search(db.session, "GB 99999").resolved == []
        assert [h.title.split(" ")[1] for h in search(db.session, "GB2760").resolved] == ["2760-2024"]


# -- operators are text ------------------------------------------------------------------------

@pytest.mark.parametrize("query", ['计量 OR 校准', '"计量"', '(计量)', '计量*', 'NOT 计量', '计量 AND', 'title_tokens:计量',
                                   '{body_tokens}:计量', '计量 NEAR(校准)', '^计量', '计量 -校准'])
def test_operators_are_matched_as_text_never_as_syntax(app, query):
    with app.app_context():
        result = search(db.session, query, page_size=50)
        assert result.total > 0, query
        if query in ('"计量"', '(计量)', '计量*', 'NOT 计量', '^计量'):  # punctuation and stop words, not a negation
            assert sorted(_urls(result)) == sorted(_urls(search(db.session, "计量", page_size=50)))
        assert "计量" in [g.word for g in result.groups]


def test_an_operator_alone_is_a_word(app):
    with app.app_context():
        for query in ("OR", "AND", "NOT", "*", '"', "()", "NEAR"):
            search(db.session, query)  # no error: searched as a word, or nothing to search
        assert [g.word for g in search(db.session, "OR").groups] == ["or"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_no_query_makes_the_search_fail(app, query):
    with app.app_context():
        result = search(db.session, query, page_size=5)
        assert result.total >= len(result.hits)
        db.session.rollback()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('计量校准ab1 "()*:^-{}ORANDNOTNEAR+\'\\，。ＧＢ／')), max_size=30))
def test_no_query_of_syntax_characters_makes_the_page_fail(client, query):
    assert client.get("/search/", query_string={"q": query}).status_code == 200


def test_a_chinese_run_is_looked_for_whole_before_it_is_cut_into_words(app):
    with app.app_context():
        whole = search(db.session, "器具检定校准", kind="item", page_size=50)
        assert [g.word for g in whole.groups] == ["器具检定校准"] and CALIBRATION in _titles(whole)
        # a substring: not every record holding 器具, 检定 and 校准 somewhere
        assert whole.total < search(db.session, "器具 检定 校准", kind="item").total
        cut = search(db.session, "检定校准计量器具", kind="item", page_size=50)
        assert [g.word for g in cut.groups] == ["检定", "校准", "计量", "器具"] and not cut.fallback
