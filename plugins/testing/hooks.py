"""The testing plugin: see app/plugins/hookspecs.py for the contract."""
from app.plugins.package import PackagePlugin

from . import __version__


class Testing(PackagePlugin):
    info = {"title_zh": "检验检测服务", "title_en": "Inspection and testing services",
            "version": __version__, "min_platform": "0.1"}
    categories = [{
        "code": "testing",
        "name_zh": "检验检测",
        "name_en": "Inspection & testing",
        "description_zh": "检验检测机构资质与能力查询、开放日、产品检测需求与机构匹配、研发及生产过程检测、培训。",
        "description_en": "Qualifications and capabilities of testing institutions, open days, matching a product's testing needs to institutions, testing during R&D and production, training.",
        "icon": "fa-flask",
        "order": 30,
    }]


plugin = Testing(__file__)
