"""Turning Chinese and mixed text into index tokens, and a query into the words that must match.

Neither SQLite's unicode61 tokenizer nor PostgreSQL's parsers split Chinese into words, so the
platform does it: a document is indexed as space-separated tokens, and the database only matches
whole tokens (Latin ones also by prefix). Text is first normalised (``normalise``: NFKC, then case
folded), on both sides, so ``ＧＢ／Ｔ １９００１`` is ``gb/t 19001``. For a Chinese run of text the
tokens are

- every character bigram (计量器具 → 计量 量器 器具), so any substring of two or more characters
  is found: a query word's bigrams must all be present;
- every single character, for one-character queries;
- jieba's search-mode words (计量器具 → 计量 器具 计量器具), which rank whole-word hits higher;

and for Latin text and numbers, words of letters and runs of digits (GB/T19001-2016 → gb t 19001
2016, so ``GB/T19001`` and ``GB/T 19001`` are the same query), matched by prefix.

Titles also get their pinyin (``pinyin_tokens``): the full spelling and the initials from each word
or character on (计量器具 → jiliangqiju, qiju, jlqj, lqj, qj …), so ``jiliang``, ``qiju`` and ``jl``
find them by prefix. The pinyin is computed when a document is indexed, never for a query: pypinyin
costs ~57 MB at import (issue 16), and only a worker that writes a searchable record imports it.

A query (``parse_query``) becomes *groups*, one per word typed (each Chinese run whole, or cut into
jieba's precise words; words for Latin text), each a set of *alternatives* (the word itself and,
through the synonym table, the terms it stands for), each a list of ``Term``s that must all be
present. The search tries the runs whole, then jieba's words, all with AND, and falls back to OR
when nothing holds them all (app.search.query). A query is cut with jieba's dictionary read from a
file (``app.search.wordcut``), so a search never loads the dictionary into a worker's memory.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field

from . import wordcut

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
# Letters and digits apart: "t19001" is the "t" of GB/T typed against its number.
_LATIN = re.compile(r"[a-z]+|[0-9]+")
_WORDS = re.compile(f"[{_CJK}]+|[a-z]+|[0-9]+")

MAX_QUERY = 100  # characters of a normalised query that are searched
MAX_GROUPS = 12  # words of a query that are searched; the rest are ignored (and not shown as searched)
_PINYIN_LENGTH = 40  # a pinyin suffix token is cut here: a query longer than that is not pinyin
_INITIALS_LENGTH = 16

# Words that say nothing about what is searched for: left out of a query when other words remain
# (a query of only such words searches them as words).
STOP_WORDS = frozenset({
    "的", "了", "和", "与", "及", "或", "之", "等", "怎么", "如何", "哪里", "什么", "我要", "我想", "请问", "怎样",
    "我", "要", "想", "请", "吗", "呢", "吧",  # alone after a cut (app.search.wordcut: 我要 → 我, 要)
    "a", "an", "the", "of", "for", "and", "or", "not", "to", "in", "on", "with", "how", "what", "where",
    "do", "i", "my", "is", "are",
})


def _jieba():
    # jieba's dictionary costs ~65 MB when first used: imported on first use, not with the module.
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def normalise(text: str | None) -> str:
    """Text as it is indexed and searched: NFKC (full-width letters, digits and punctuation become
    half-width, compatibility characters their plain form), then case folded; control, format and
    unassigned characters spaces (PostgreSQL refuses NUL in a parameter), runs of spaces one."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join("".join(" " if unicodedata.category(c)[0] == "C" else c for c in text).split())


def _bigrams(run: str) -> list[str]:
    return [run[i:i + 2] for i in range(len(run) - 1)]


def pinyin_tokens(text: str) -> list[str]:
    """Pinyin of the Chinese in ``text`` for prefix matching: the full spelling from each word on,
    and the initials from each character on (both cut to a few dozen letters)."""
    runs = _CJK_RUN.findall(text)
    if not runs:
        return []
    from pypinyin import lazy_pinyin  # ~57 MB: only where documents are indexed (see module docstring)

    chars = "".join(runs)
    syllables = lazy_pinyin(chars)
    if len(syllables) != len(chars):  # never seen; a mismatch must not mis-spell the tokens
        return []
    starts, at = [], 0
    for run in runs:
        for word in _jieba().lcut(run):
            starts.append(at)
            at += len(word)
    tokens = ["".join(syllables[i:])[:_PINYIN_LENGTH] for i in starts]
    initials = "".join(s[0] for s in syllables if s)
    tokens += [initials[i:i + _INITIALS_LENGTH] for i in range(len(initials) - 1)]
    return tokens


def index_tokens(text: str | None, initials: bool = False) -> str:
    """Space-separated tokens of ``text`` for the index (duplicates removed, order kept);
    ``initials`` (for titles) adds the pinyin spellings and initials."""
    if not text:
        return ""
    text = normalise(text)
    tokens: list[str] = []
    for run in _CJK_RUN.findall(text):
        tokens.extend(run)
        tokens.extend(_bigrams(run))
        tokens.extend(word for word in _jieba().cut_for_search(run) if len(word) > 2)
    tokens.extend(_LATIN.findall(text))
    if initials:
        tokens.extend(pinyin_tokens(text))
    return " ".join(dict.fromkeys(tokens))


@dataclass(frozen=True)
class Term:
    """One token the document must contain; ``prefix`` for Latin words (``gb`` finds ``gbt``)."""

    text: str
    prefix: bool = False


@dataclass
class Group:
    """One word of a query: ``alternatives`` are lists of terms, any one list of which must be present
    in full (the word itself first, then the terms a synonym gives it)."""

    word: str
    alternatives: list[tuple[Term, ...]]
    synonyms: list[str] = field(default_factory=list)  # the synonym terms, as staff wrote them


def word_terms(word: str) -> tuple[Term, ...]:
    """The terms of one word or phrase: bigrams of its Chinese (one character alone), its Latin words
    and numbers as prefixes."""
    terms: list[Term] = []
    for part in _WORDS.findall(normalise(word)):
        if _CJK_RUN.fullmatch(part):
            terms.extend(Term(t) for t in (_bigrams(part) if len(part) > 1 else [part]))
        else:
            terms.append(Term(part, prefix=True))
    return tuple(dict.fromkeys(terms))


def _words(text: str, cut: bool = True) -> list[str]:
    """The words of query text: Chinese runs whole, or jieba's precise words of them (``cut``), Latin
    words, numbers."""
    words = []
    for part in _WORDS.findall(text):
        # two characters are one word to search for: no need to cut them
        words.extend(wordcut.cut(part) if cut and len(part) > 2 and _CJK_RUN.fullmatch(part) else [part])
    return words


def parse_query(query: str | None, synonyms: dict[str, list[str]] | None = None, cut: bool = True) -> list[Group]:
    """The groups of ``query`` (normalised, cut to ``MAX_QUERY`` characters); [] when nothing is searchable.

    ``cut=False`` keeps each run of Chinese one word (found as a substring: 检测院 is not 检测 … 院);
    ``cut=True`` cuts it into jieba's words (压力表校准 → 压力表, 校准). ``synonyms`` maps normalised
    problem words to the terms they stand for; a problem word found in the query stays one word and
    gets its terms as alternatives. Nothing here is syntax: quotes, brackets, ``*`` and ``OR`` are
    punctuation or words.
    """
    text = normalise(query)[:MAX_QUERY]
    synonyms = {w: t for w, t in (synonyms or {}).items() if w and w in text}
    words: list[tuple[str, list[str]]] = []
    if synonyms:
        pattern = re.compile("|".join(re.escape(w) for w in sorted(synonyms, key=len, reverse=True)))
        at = 0
        for match in pattern.finditer(text):
            words.extend((w, []) for w in _words(text[at:match.start()], cut))
            words.append((match.group(), synonyms[match.group()]))
            at = match.end()
        words.extend((w, []) for w in _words(text[at:], cut))
    else:
        words = [(w, []) for w in _words(text, cut)]
    meaningful = [(w, s) for w, s in words if s or w not in STOP_WORDS]
    groups: list[Group] = []
    seen = set()
    for word, terms in meaningful or words:
        own = word_terms(word)
        if not own or own in seen:
            continue
        seen.add(own)
        alternatives = [own] + [t for t in (word_terms(s) for s in terms) if t and t != own]
        groups.append(Group(word, list(dict.fromkeys(alternatives)), list(terms)))
    return groups[:MAX_GROUPS]


def query_terms(query: str | None) -> list[Term]:
    """Every term the words of ``query`` ask for (without synonyms); [] when nothing is searchable."""
    return list(dict.fromkeys(t for g in parse_query(query) for t in g.alternatives[0]))


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
