"""Checking the identifiers of China's registers.

- 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters from
  ``0123456789ABCDEFGHJKLMNPQRTUWXY``; the last one is a check character over the first 17.
- 居民身份证号码 (resident identity number, GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2
  check character (0-9 or X), with a valid birth date in positions 7-14.
"""
from __future__ import annotations

import datetime as dt
import re

from ..identifiers import normalise_identifier

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def uscc_check_character(first17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_CHARS[(31 - total % 31) % 31]


def normalize_uscc(code: str | None) -> str:
    """Half-width, upper case, without spaces or hyphens (app.identifiers)."""
    return normalise_identifier(code or "")


def is_valid_uscc(code: str | None) -> bool:
    code = normalize_uscc(code)
    if len(code) != 18 or any(c not in USCC_CHARS for c in code):
        return False
    # positions 3-8 are the division code of the registering authority: digits only
    if not code[2:8].isdigit():
        return False
    return uscc_check_character(code[:17]) == code[17]


def normalize_resident_id(number: str | None) -> str:
    """Half-width, upper case, without spaces or hyphens (app.identifiers)."""
    return normalise_identifier(number or "")


def is_valid_resident_id(number: str | None) -> bool:
    number = normalize_resident_id(number)
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return False
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not dt.date(1900, 1, 1) <= birth <= dt.date.today():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS))
    return ID_CHECK[total % 11] == number[17]


def mask_resident_id(number: str | None) -> str:
    """6401**********1234: the region and the last four, as lists and pages show it."""
    number = normalize_resident_id(number)
    if len(number) < 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]
