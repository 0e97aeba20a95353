"""Is this standard still valid, and what replaces it? For one number or a whole list at once."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import ABOLISHED, Standard
from .numbers import MalformedNumber, parse

MAX_LINES = 10_000
MAX_CHAIN = 20  # replacements followed at most (a loop in the data must not hang a check)


@dataclass
class CheckedLine:
    line: int
    text: str
    standard: Standard | None = None
    replacement: Standard | None = None  # the current end of the replacement chain
    replacement_key: str | None = None  # when the chain ends at a number not on file
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.standard is not None


def check_numbers(session: Session, lines: list[str]) -> list[CheckedLine]:
    """One result per non-empty line; a malformed or unknown number is reported, never raised.

    Two queries per level of the replacement chains, whatever the number of lines.
    """
    results, keys = [], {}
    for i, text in enumerate(lines[:MAX_LINES], start=1):
        text = text.strip()
        if not text:
            continue
        result = CheckedLine(i, text)
        try:
            keys[i] = parse(text).key
        except MalformedNumber:
            result.problem = str(_l("Not a standard number."))
        results.append(result)
    found = _load(session, set(keys.values()))
    for result in results:
        key = keys.get(result.line)
        if key is None:
            continue
        result.standard = found.get(key)
        if result.standard is None:
            result.problem = str(_l("Not on file."))
    _follow_replacements(session, [r for r in results if r.standard is not None], found)
    return results


def _load(session, keys) -> dict[str, Standard]:
    if not keys:
        return {}
    return {s.number_key: s for s in session.scalars(select(Standard).where(Standard.number_key.in_(keys)))}


def _follow_replacements(session, results, found) -> None:
    pending = [r for r in results if r.standard.replaced_by_key]
    for result in pending:
        result.replacement_key = result.standard.replaced_by_key
    for _ in range(MAX_CHAIN):
        missing = {r.replacement_key for r in pending if r.replacement_key and r.replacement_key not in found}
        found.update(_load(session, missing))
        still = []
        for result in pending:
            nxt = found.get(result.replacement_key)
            if nxt is None:
                continue  # the chain ends at a number not on file: reported as that number
            result.replacement = nxt
            if nxt.replaced_by_key and nxt.replaced_by_key != result.standard.number_key:
                result.replacement_key = nxt.replaced_by_key
                still.append(result)
            else:
                result.replacement_key = None
        pending = still
        if not pending:
            break


def summary_status(result: CheckedLine) -> str:
    if result.standard is None:
        return "unknown"
    if result.standard.status == ABOLISHED or result.standard.replaced_by_key:
        return "replaced" if (result.replacement or result.replacement_key) else "abolished"
    return result.standard.status
