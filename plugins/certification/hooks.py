"""The certification plugin: see app/plugins/hookspecs.py for the contract."""
from app.plugins.package import PackagePlugin

from . import __version__


class Certification(PackagePlugin):
    info = {"title_zh": "认证认可服务", "title_en": "Certification and accreditation services",
            "version": __version__, "min_platform": "0.1"}
    categories = [{
        "code": "certification",
        "name_zh": "认证认可",
        "name_en": "Certification & accreditation",
        "description_zh": "认可知识（ISO/IEC、IAF、ILAC、APAC、CNAS）、认证机构资质与范围查询、强制性与自愿性认证、产品/服务/管理体系认证、培训。",
        "description_en": 'Accreditation knowledge (ISO/IEC, IAF, ILAC, APAC, CNAS), certification bodies and their scopes, compulsory and voluntary certification, product, service and management-system certification, training.',
        "icon": "fa-certificate",
        "order": 40,
    }]


plugin = Certification(__file__)
