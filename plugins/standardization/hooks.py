"""The standardization plugin: see app/plugins/hookspecs.py for the contract."""
from app.plugins.package import PackagePlugin

from . import __version__


class Standardization(PackagePlugin):
    info = {"title_zh": "标准化服务", "title_en": "Standardization services",
            "version": __version__, "min_platform": "0.1"}
    categories = [{
        "code": "standardization",
        "name_zh": "标准化",
        "name_en": "Standardization",
        "description_zh": "标准信息及有效性查询、标准先进性评价与对标达标、企业标准比对与培训、“领跑者”服务与标准起草、企业及团体标准自我声明公开指导。",
        "description_en": 'Standards information and validity queries, benchmarking, comparison of enterprise standards, training, "leader" services and standard drafting, guidance on self-declaration of enterprise and group standards.',
        "icon": "fa-book",
        "order": 10,
    }]


plugin = Standardization(__file__)
