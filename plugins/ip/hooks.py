"""The ip plugin: see app/plugins/hookspecs.py for the contract."""
from app.plugins.package import PackagePlugin

from . import __version__


class IntellectualProperty(PackagePlugin):
    info = {"title_zh": "知识产权服务", "title_en": "Intellectual property services",
            "version": __version__, "min_platform": "0.1"}
    categories = [{
        "code": "ip",
        "name_zh": "知识产权",
        "name_en": "Intellectual property",
        "description_zh": "知识产权数据检索、专利分析、许可与转让、代理申请、专利导航与预警、维权及质押融资、培训。",
        "description_en": 'IP data search, patent analysis, licensing and transfer, filing through agencies, patent navigation and early warning, rights protection, IP-pledge financing, training.',
        "icon": "fa-lightbulb-o",
        "order": 70,
    }]


plugin = IntellectualProperty(__file__)
