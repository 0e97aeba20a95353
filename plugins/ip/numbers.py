"""Chinese patent application numbers (专利申请号) and their check character.

Since 2003 an application number has 12 digits: the filing year, the kind (1 invention, 2 utility
model, 3 design, 8 PCT invention, 9 PCT utility model) and a 7-digit serial, then a check
character after a dot: ``CN202310123456.7``. Before 2003 it had 8 digits (``98123456.X``). The check
character is the weighted digit sum modulo 11 (weights 2–9 repeated), 10 written ``X``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

KIND_BY_DIGIT = {"1": "invention", "8": "invention", "2": "utility", "9": "utility", "3": "design"}
_SHAPE = re.compile(r"^(?:CN|ZL)?(\d{8}|\d{12})\.?([\dX])?$")


class BadApplicationNumber(ValueError):
    """Not a Chinese patent application number, or its check character is wrong."""


@dataclass(frozen=True)
class ApplicationNumber:
    digits: str
    check: str

    @property
    def display(self) -> str:
        return f"CN{self.digits}.{self.check}"

    @property
    def kind(self) -> str | None:
        """invention / utility / design, read from the number (12-digit numbers only)."""
        return KIND_BY_DIGIT.get(self.digits[4]) if len(self.digits) == 12 else None


def check_character(digits: str) -> str:
    weights = [2, 3, 4, 5, 6, 7, 8, 9]
    total = sum(int(d) * weights[i % 8] for i, d in enumerate(digits))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def parse(text: str) -> ApplicationNumber:
    """``cn 2023 1012 3456.7``, ``ZL202310123456.7`` and ``202310123456.7`` are one number; without a
    check character it is computed, with a wrong one the number is refused."""
    compact = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", text or "")).upper()
    match = _SHAPE.match(compact)
    if not match:
        raise BadApplicationNumber(text)
    digits, given = match.group(1), match.group(2)
    check = check_character(digits)
    if given is not None and given != check:
        raise BadApplicationNumber(text)
    return ApplicationNumber(digits, check)
