"""The divisions a new installation starts with: Ningxia, where the standard comes from, and its
five prefecture-level cities. Administrators add their own in Platform → Regions."""
from sqlalchemy import select

from .models import Region

DEFAULT_REGIONS = [
    ("640000", "宁夏回族自治区", "Ningxia Hui Autonomous Region"),
    ("640100", "银川市", "Yinchuan"),
    ("640200", "石嘴山市", "Shizuishan"),
    ("640300", "吴忠市", "Wuzhong"),
    ("640400", "固原市", "Guyuan"),
    ("640500", "中卫市", "Zhongwei"),
]


def seed_regions(session) -> list[str]:
    have = set(session.scalars(select(Region.code)))
    added = [code for code, *_ in DEFAULT_REGIONS if code not in have]
    session.add_all(Region(code=c, name_zh=zh, name_en=en) for c, zh, en in DEFAULT_REGIONS if c in added)
    return added
