"""The complaint types (6.4.2-2 c): a dictionary administrators edit (``app.dictionaries``), shipped
with these six. A region adds its own types, relabels or deactivates them in the UI."""
from __future__ import annotations

from ..dictionaries import lookup
from .models import ATTITUDE, OTHER, PRICE, QUALITY, RESULT_DISPUTE, TIME_LIMIT

DICTIONARY = "complaint_type"
COMPLAINT_TYPES = {
    "code": DICTIONARY, "name_zh": "投诉类型", "name_en": "Complaint types",
    "items": [{"code": QUALITY, "label_zh": "服务质量", "label_en": "Service quality"},
              {"code": TIME_LIMIT, "label_zh": "办理时限", "label_en": "Time limit"},
              {"code": PRICE, "label_zh": "服务价格", "label_en": "Price"},
              {"code": ATTITUDE, "label_zh": "服务态度", "label_en": "Service attitude"},
              {"code": RESULT_DISPUTE, "label_zh": "结果争议", "label_en": "Dispute over a result"},
              {"code": OTHER, "label_zh": "其他投诉", "label_en": "Other complaint"}],
    "used_by": ["qi_complaint.complaint_type"],
}


def type_choices(selected: str | None = None) -> list[tuple[str, str]]:
    """The active types, after an empty first choice (the form must not pick one for the user)."""
    return [("", "—")] + lookup.choices(DICTIONARY, selected)


def is_type(code) -> bool:
    """A type a new complaint may take (an active one)."""
    return lookup.is_code(DICTIONARY, code)


def type_label(code) -> str:
    return lookup.label(DICTIONARY, code)
