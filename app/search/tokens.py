"""Turning Chinese and mixed text into index tokens, and a query into terms that must all match.

Neither SQLite's unicode61 tokenizer nor PostgreSQL's parsers split Chinese into words, so the
platform does it: a document is indexed as space-separated tokens, and the database only matches
whole tokens. For a Chinese run of text the tokens are

- every character bigram (计量器具 → 计量 量器 器具), so any substring of two or more characters
  is found: a query's bigrams must all be present;
- every single character, for one-character queries;
- jieba's search-mode words (计量器具 → 计量 器具 计量器具), which rank whole-word hits higher;

and for Latin text and numbers, lower-cased words (GB/T 1.1-2020 → gb t 1 1 2020) matched by prefix.
Titles also get their pinyin initials (计量器具检定 → jljjjd) so that ``jljj`` finds them.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import jieba
from pypinyin import Style, lazy_pinyin

jieba.setLogLevel(logging.WARNING)

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_LATIN = re.compile(r"[a-z0-9]+")
_WORD_SPLIT = re.compile(f"([{_CJK}]+)")


def _bigrams(run: str) -> list[str]:
    return [run[i:i + 2] for i in range(len(run) - 1)]


def index_tokens(text: str | None, initials: bool = False) -> str:
    """Space-separated tokens of ``text`` for the index (duplicates removed, order kept)."""
    if not text:
        return ""
    text = text.lower()
    tokens: list[str] = []
    for run in _CJK_RUN.findall(text):
        tokens.extend(run)
        tokens.extend(_bigrams(run))
        tokens.extend(word for word in jieba.cut_for_search(run) if len(word) > 2)
    tokens.extend(_LATIN.findall(text))
    if initials:
        letters = "".join(lazy_pinyin("".join(_CJK_RUN.findall(text)), style=Style.FIRST_LETTER))
        if len(letters) > 1:
            tokens.append(letters)
    return " ".join(dict.fromkeys(tokens))


@dataclass(frozen=True)
class Term:
    """One token the document must contain; ``prefix`` for Latin words (``gb`` finds ``gbt``)."""

    text: str
    prefix: bool = False


def query_terms(query: str | None) -> list[Term]:
    """The terms a document must all contain to match ``query``; [] when nothing is searchable."""
    if not query:
        return []
    query = query.lower()[:100]
    terms: list[Term] = []
    for run in _CJK_RUN.findall(query):
        terms.extend(Term(t) for t in (_bigrams(run) if len(run) > 1 else [run]))
    terms.extend(Term(word, prefix=True) for word in _LATIN.findall(query))
    return list(dict.fromkeys(terms))


def division_prefix(code: str) -> str:
    """The prefix shared by a division and everything in it: 640000 → 64, 640100 → 6401."""
    if len(code) == 6 and code.endswith("0000"):
        return code[:2]
    if len(code) == 6 and code.endswith("00"):
        return code[:4]
    return code


def tag(name: str, value: str) -> str:
    """A filter token (``kindinstitution``, ``catmetrology``, ``reg6401``), kept in its own column."""
    return name + re.sub(r"[^a-z0-9]", "", value.lower())


def entry_tags(kind: str, category: str | list[str] | None, region: str | None, public: bool) -> str:
    """The filter tokens of an entry: filters become index lookups instead of row reads.

    A region is tagged with each of its levels, so a filter on a province or a city finds its
    districts (640104 → reg64 reg6401 reg640104).
    """
    tags = [tag("kind", kind)]
    for code in ([category] if isinstance(category, str) else category or []):
        tags.append(tag("cat", code))
    if region:
        tags += dict.fromkeys(tag("reg", p) for p in (region[:2], region[:4], region) if p)
    if public:
        tags.append("pub")
    return " ".join(tags)
