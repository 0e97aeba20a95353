"""Holiday names in the reader's language.

A calendar day stores a key (``national_day``); the label is translated when a page is shown, so
a Chinese and an English reader both read their own language. A name that is not a key (a staff's
own text) is shown as written.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: the keys are the names of ``chinese_calendar.Holiday``
HOLIDAY_NAMES = {
    "new_years_day": _l("New Year's Day"),
    "spring_festival": _l("Spring Festival"),
    "tomb_sweeping_day": _l("Qingming Festival"),
    "labour_day": _l("Labour Day"),
    "dragon_boat_festival": _l("Dragon Boat Festival"),
    "national_day": _l("National Day"),
    "mid_autumn_festival": _l("Mid-Autumn Festival"),
    "anti_fascist_70th_day": _l("Victory Day (70th anniversary)"),
}

# What a State Council notice (or an English file) calls them: imported names become keys.
_WRITTEN = {
    "元旦": "new_years_day", "春节": "spring_festival", "清明节": "tomb_sweeping_day", "清明": "tomb_sweeping_day",
    "劳动节": "labour_day", "五一": "labour_day", "端午节": "dragon_boat_festival", "端午": "dragon_boat_festival",
    "国庆节": "national_day", "国庆": "national_day", "中秋节": "mid_autumn_festival", "中秋": "mid_autumn_festival",
    "new year's day": "new_years_day", "spring festival": "spring_festival", "tomb-sweeping day": "tomb_sweeping_day",
    "qingming festival": "tomb_sweeping_day", "labour day": "labour_day", "labor day": "labour_day",
    "dragon boat festival": "dragon_boat_festival", "national day": "national_day",
    "mid-autumn festival": "mid_autumn_festival", "anti-fascist 70th day": "anti_fascist_70th_day",
}


def holiday_key(written: str | None) -> str | None:
    """The key of a holiday written in Chinese or English (or already a key); other text as it is."""
    text = (written or "").strip()
    if not text:
        return None
    if text in HOLIDAY_NAMES:
        return text
    return _WRITTEN.get(text.lower(), _WRITTEN.get(text, text))


def holiday_label(name: str | None) -> str:
    """``name`` in the reader's language when it is a known holiday, else as it was written."""
    if not name:
        return ""
    label = HOLIDAY_NAMES.get(name)
    return str(label) if label is not None else name
