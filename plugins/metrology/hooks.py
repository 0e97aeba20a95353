"""The metrology plugin: see app/plugins/hookspecs.py for the contract."""
from app.plugins.package import PackagePlugin

from . import __version__


class Metrology(PackagePlugin):
    info = {"title_zh": "计量服务", "title_en": "Metrology services",
            "version": __version__, "min_platform": "0.1"}
    categories = [{
        "code": "metrology",
        "name_zh": "计量",
        "name_en": "Metrology",
        "description_zh": "法定计量技术机构检定能力查询、计量器具检定校准、计量管理与检定校准周期指导、计量器具管理台账、中小企业计量服务及注册计量师信息。",
        "description_en": 'Verification capabilities of legal metrology institutions, verification and calibration of instruments, metrology management and calibration cycles, instrument ledgers, SME campaigns and registered-metrologist information.',
        "icon": "fa-balance-scale",
        "order": 20,
    }]


plugin = Metrology(__file__)
