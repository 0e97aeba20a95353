"""The survey of Appendix B: nine dimensions rated 1–10, their bands, and the service contents.

The standard fixes no weights and no total score: ``OVERALL_FORMULA`` is the project's own choice
(the plain mean of the nine dimension means), and every page that shows it says so and shows the
nine figures beside it.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: (column, label) of the nine ratings, in the survey's order
DIMENSIONS = (
    ("r1", _l("Match with the need")),                       # 服务需求匹配程度
    ("r2", _l("Professional level")),                        # 服务专业水平
    ("r3", _l("Environment and convenience")),               # 服务环境及便利程度
    ("r4", _l("Online service level")),                      # 远程信息化服务水平
    ("r5", _l("Service attitude rating")),                   # 服务态度
    ("r6", _l("Value for money")),                           # 服务性价比
    ("r7", _l("Timeliness and fairness of complaint handling")),  # 处理投诉及时性、公正性
    ("r8", _l("Expectations met")),                          # 服务期望达成程度水平
    ("r9", _l("Satisfaction compared with similar institutions")),  # 与其他同类机构相比
)
COLUMNS = tuple(column for column, _ in DIMENSIONS)
LOWEST, HIGHEST = 1, 10
#: a rating at or below this asks for a reason and opens a dissatisfaction case
DISSATISFIED_AT = 4

#: the survey's bands: (lowest, highest, label)
BANDS = (
    (1, 2, _l("Very dissatisfied")),   # 非常不满意
    (3, 4, _l("Rather dissatisfied")),  # 比较不满意
    (5, 6, _l("Neutral")),             # 一般
    (7, 8, _l("Rather satisfied")),    # 比较满意
    (9, 10, _l("Very satisfied")),     # 非常满意
)

#: the service contents of the survey (可多选) are the platform's eight category codes
CONTENT_CODES = ("standardization", "metrology", "testing", "certification", "quality", "brand", "ip", "other")

OVERALL_FORMULA = _l("Overall score: the plain mean of the nine dimension means. The standard fixes no "
                     "weights or total; this is the platform's own choice.")


def band_label(rating: int) -> str:
    """The survey's words for a rating."""
    for low, high, label in BANDS:
        if low <= rating <= high:
            return str(label)
    raise ValueError(rating)
