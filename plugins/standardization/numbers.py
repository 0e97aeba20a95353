"""Standard numbers: one key however they are typed.

``gb/t 1.1—2020``, ``GB/T1.1-2020`` and ``ＧＢ／Ｔ 1.1－2020`` are the same standard. The key is
upper case, half-width, without spaces, with a plain hyphen before the year; the display form puts
one space between the prefix and the code (``GB/T 1.1-2020``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

DASHES = "‐‑‒–—―−－ー一"  # typed or pasted in place of the hyphen before the year
# prefix: GB, GB/T, GB/Z, JB/T, DB64/T, T/NXAS, Q/NX …; code: 1.1, 19001, 0001S; year: 2 or 4 digits
# Only local standards carry digits in their prefix (DB64 = Ningxia): GB2760 is GB + 2760.
PREFIX = r"(?:DB\d{2,4}|[A-Z]{1,4})(?:/[A-Z]{1,8})?"
NUMBER = re.compile(rf"^(?P<prefix>{PREFIX})(?P<code>\d[\dA-Z.]*?)(?:-(?P<year>\d{{4}}|\d{{2}}))?$")


class MalformedNumber(ValueError):
    """Text that is not a standard number."""


@dataclass(frozen=True)
class StandardNumber:
    prefix: str
    code: str
    year: str | None

    @property
    def key(self) -> str:
        return f"{self.prefix}{self.code}" + (f"-{self.year}" if self.year else "")

    @property
    def display(self) -> str:
        return f"{self.prefix} {self.code}" + (f"-{self.year}" if self.year else "")

    @property
    def family(self) -> str:
        """The number without its year: editions of one standard share it."""
        return f"{self.prefix}{self.code}"


def parse(text: str | None) -> StandardNumber:
    raw = unicodedata.normalize("NFKC", text or "").upper().strip()
    for dash in DASHES:
        raw = raw.replace(dash, "-")
    compact = re.sub(r"\s+", "", raw)
    # a dash between prefix and code ("GB/T-1.1") is a typo for a space
    match = NUMBER.match(compact) or NUMBER.match(re.sub(rf"^({PREFIX})-", r"\1", compact))
    if not compact or not match:
        raise MalformedNumber(text)
    return StandardNumber(match["prefix"], match["code"].rstrip("."), match["year"])


def number_key(text: str | None) -> str:
    return parse(text).key
