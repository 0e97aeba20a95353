"""A query's Chinese is cut as jieba cuts it, from the word file rather than jieba's dictionary in
memory (``app.search.wordcut``, issue 16)."""
import logging
import random
import re

import jieba
import pytest

from app.search import wordcut
from app.search.tokens import parse_query

jieba.setLogLevel(logging.WARNING)


@pytest.fixture(scope="module")
def words(tmp_path_factory):
    target = tmp_path_factory.mktemp("words") / "words.txt"
    wordcut.build(wordcut.jieba_dictionary(), target)
    return wordcut.WordFile(target)


def test_the_cut_is_jiebas_precise_cut(words):
    for query, expected in [("压力表校准", ["压力表", "校准"]), ("电子天平校准服务", ["电子天平", "校准", "服务"]),
                            ("出租车计价器检定", ["出租车", "计价器", "检定"]), ("钨铼热电偶", ["钨", "铼", "热电偶"])]:
        assert words.cut(query) == expected == jieba.lcut(query, HMM=False)


def test_the_cut_agrees_with_jieba_on_sentences_of_dictionary_words(words):
    vocabulary = [w for w in open(wordcut.jieba_dictionary(), encoding="utf-8").read().split()[0::3]
                  if re.fullmatch(r"[\u4e00-\u9fff]+", w)]
    rng = random.Random(16)
    for _ in range(500):
        sentence = "".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 5)))
        assert words.cut(sentence) == jieba.lcut(sentence, HMM=False), sentence


def test_a_word_file_that_cannot_be_built_leaves_jieba_to_cut(app, monkeypatch):
    monkeypatch.setattr(wordcut, "_words", None)
    monkeypatch.setattr(wordcut, "_location", lambda: (_ for _ in ()).throw(OSError("read-only")))
    with app.app_context():
        assert wordcut.cut("压力表校准") == ["压力表", "校准"]
    assert wordcut._words is False


def test_a_cut_query_leaves_out_lone_words_that_say_nothing():
    assert [g.word for g in parse_query("我要办理计量器具型式批准", cut=False)] == ["我要办理计量器具型式批准"]
    assert [g.word for g in parse_query("我要办理计量器具型式批准", cut=True)] == ["办理", "计量", "器具", "型式", "批准"]
