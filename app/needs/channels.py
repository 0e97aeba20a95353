"""The channels a need comes by (6.3.1-1): a dictionary administrators edit (``app.dictionaries``),
shipped with these six. A region relabels them, deactivates the ones its staff never record (a
channel deactivated is no longer offered at intake; old needs keep its label) or adds its own, such
as a WeChat account. ``online`` is where the need form files; the others are recorded by staff."""
from __future__ import annotations

from ..dictionaries import lookup
from .models import LETTER, ONLINE, ONSITE, PHONE, VISIT, WINDOW

DICTIONARY = "need_channel"
CODE_LENGTH = 20  # qi_need.channel: a longer code an administrator adds is not offered
NEED_CHANNELS = {
    "code": DICTIONARY, "name_zh": "需求来源渠道", "name_en": "Channels of needs",
    "items": [{"code": ONLINE, "label_zh": "网上办理", "label_en": "Online"},
              {"code": PHONE, "label_zh": "电话", "label_en": "Phone"},
              {"code": WINDOW, "label_zh": "窗口", "label_en": "At a window"},
              {"code": ONSITE, "label_zh": "上门服务", "label_en": "On site"},
              {"code": LETTER, "label_zh": "信函", "label_en": "Letter"},
              {"code": VISIT, "label_zh": "走访", "label_en": "From a visit"}],
    "used_by": ["qi_need.channel", "qi_need_visit.channel"],
}


def intake_choices(selected: str | None = None) -> list[tuple[str, str]]:
    """The channels staff record a need by: the active ones but online (that is the need form)."""
    return [(code, label) for code, label in lookup.choices(DICTIONARY, selected)
            if code != ONLINE and len(code) <= CODE_LENGTH]


def channel_label(code) -> str:
    return lookup.label(DICTIONARY, code)
