"""Cutting a query's Chinese into words with jieba's dictionary, without holding it in memory.

jieba's tokenizer keeps its dictionary as a Python dict of every word and prefix: ~65 MB in each web
worker that cuts one query (issue 16: a worker grew from 140 to 210 MB on the first query that
nothing matched whole). Here the same dictionary is a file of its words sorted by their UTF-8 bytes,
read through ``mmap`` (the operating system shares its pages between workers) and searched by
bisection; the cut is jieba's own: the graph of every dictionary word in the sentence and the most
probable route through it (``jieba.Tokenizer.cut`` with ``HMM=False``: a character no word holds
stays alone).

The file is built once from jieba's ``dict.txt`` (``build``), in a child process so that no worker
holds the sort, under the instance folder (or the temporary folder where that cannot be written).
Where it cannot be built, jieba itself cuts.
"""
from __future__ import annotations

import importlib.util
import logging
import math
import mmap
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

log = logging.getLogger(__name__)

_lock = threading.Lock()
_words: "WordFile | None | bool" = None  # False: could not be built, jieba cuts


def jieba_dictionary() -> Path:
    """jieba's ``dict.txt``, found without importing jieba."""
    spec = importlib.util.find_spec("jieba")
    return Path(spec.origin).parent / "dict.txt"


def build(source: Path, target: Path) -> None:
    """Write ``target``: the total frequency, then ``word<TAB>frequency`` lines sorted by the word's bytes."""
    entries: dict[bytes, int] = {}
    total = 0  # as jieba counts it: every line, a word listed twice twice
    with open(source, "rb") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                entries[parts[0]] = int(parts[1])
                total += int(parts[1])
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as out:
        out.write(b"%d\n" % total)
        out.writelines(b"%s\t%d\n" % (word, entries[word]) for word in sorted(entries))
    os.replace(tmp, target)  # several workers may build at once: each file is whole


class WordFile:
    """The sorted word file, searched in place."""

    def __init__(self, path: Path):
        with open(path, "rb") as f:
            self.data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        header = self.data.find(b"\n")
        self.log_total = math.log(int(self.data[:header]))
        self.start, self.size = header + 1, len(self.data)

    def _first_at_or_after(self, key: bytes) -> int:
        """The offset of the first line whose word is not less than ``key``."""
        data, lo, hi = self.data, self.start, self.size
        while lo < hi:
            mid = (lo + hi) // 2
            line = data.rfind(b"\n", lo, mid)
            line = lo if line < 0 else line + 1
            if data[line:data.find(b"\t", line)] < key:
                lo = data.find(b"\n", line) + 1
            else:
                hi = line
        return lo

    def lookup(self, word: str) -> tuple[int, bool]:
        """(frequency, 0 when not a word; whether ``word`` is a word or the start of one)."""
        key = word.encode()
        at = self._first_at_or_after(key)
        if at >= self.size:
            return 0, False
        tab = self.data.find(b"\t", at)
        found = self.data[at:tab]
        if found == key:
            return int(self.data[tab + 1:self.data.find(b"\n", tab)]), True
        return 0, found.startswith(key)

    def cut(self, sentence: str) -> list[str]:
        """jieba's precise cut without its HMM (``Tokenizer.cut(sentence, HMM=False)``) of a run of
        Chinese."""
        n = len(sentence)
        graph: list[list[tuple[int, int]]] = []
        for k in range(n):
            ends = []
            for i in range(k, n):
                freq, known = self.lookup(sentence[k:i + 1])
                if not known:
                    break
                if freq:
                    ends.append((i, freq))
            graph.append(ends or [(k, 0)])
        route: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
        for k in range(n - 1, -1, -1):
            route[k] = max((math.log(freq or 1) - self.log_total + route[i + 1][0], i) for i, freq in graph[k])
        words, k = [], 0
        while k < n:
            end = route[k][1] + 1
            words.append(sentence[k:end])
            k = end
        return words


def _location() -> Path:
    from flask import current_app, has_app_context

    source = jieba_dictionary()
    stat = source.stat()
    name = f"qi-search-words-{stat.st_size}-{int(stat.st_mtime)}.txt"
    folders = [Path(current_app.instance_path) / "cache"] if has_app_context() else []
    for folder in [*folders, Path(tempfile.gettempdir())]:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if os.access(folder, os.W_OK) or (folder / name).exists():
                return folder / name
        except OSError:
            continue
    raise OSError("no folder to keep the search's word file in")


def word_file() -> WordFile | None:
    """The word file of this process, built on first use; None where it cannot be (jieba cuts)."""
    global _words
    if _words is None:
        with _lock:
            if _words is None:
                try:
                    target = _location()
                    if not target.exists():
                        subprocess.run([sys.executable, "-m", "app.search.wordcut", str(jieba_dictionary()),
                                        str(target)], check=True, timeout=120, capture_output=True)
                    _words = WordFile(target)
                except Exception:  # noqa: BLE001 - a search must still cut its query
                    log.exception("the search's word file could not be built: jieba cuts queries")
                    _words = False
    return _words or None


def cut(sentence: str) -> list[str]:
    """The words of a run of Chinese, as jieba's precise cut without its HMM."""
    words = word_file()
    if words is not None:
        return words.cut(sentence)
    from .tokens import _jieba

    return _jieba().lcut(sentence, HMM=False)


if __name__ == "__main__":  # python -m app.search.wordcut SOURCE TARGET (run by ``word_file``)
    build(Path(sys.argv[1]), Path(sys.argv[2]))
