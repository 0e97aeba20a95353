"""Tokens of Chinese and mixed text, and the terms of a query."""
from app.search.tokens import Term, index_tokens, query_terms


def test_chinese_text_gets_bigrams_single_characters_and_words():
    tokens = index_tokens("计量器具检定").split()
    assert {"计量", "量器", "器具", "具检", "检定"} <= set(tokens)
    assert {"计", "定"} <= set(tokens)


def test_every_substring_query_is_covered_by_the_document_tokens():
    text = "法定计量技术机构检定能力查询"
    tokens = set(index_tokens(text).split())
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            assert all(t.text in tokens for t in query_terms(text[start:end])), text[start:end]


def test_latin_words_and_numbers_are_lowercased_prefix_terms():
    assert set(index_tokens("GB/T 1.1-2020").split()) == {"gb", "t", "1", "2020"}
    assert query_terms("GB/T") == [Term("gb", prefix=True), Term("t", prefix=True)]


def test_titles_get_pinyin_initials():
    assert "jlqjjd" in index_tokens("计量器具检定", initials=True).split()
    assert "jlqjjd" not in index_tokens("计量器具检定").split()


def test_one_character_query_and_empty_query():
    assert query_terms("碳") == [Term("碳")]
    assert query_terms("  ") == [] and query_terms("，。！") == []
