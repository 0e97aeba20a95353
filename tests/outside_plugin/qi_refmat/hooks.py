"""The refmat plugin's answers to the platform's hooks."""
from pathlib import Path

from flask_babel import lazy_gettext as _l

from app.kit import hookimpl
from app.kit import EVERYONE_READS, INSTITUTION, READ_WRITE, STAFF, grant

HERE = Path(__file__).parent


@hookimpl
def qi_plugin_info():
    return {"title_zh": "标准物质", "title_en": "Reference materials", "min_platform": "0.1"}


@hookimpl
def qi_service_categories():
    return [{"code": "refmat", "name_zh": "标准物质", "name_en": "Reference materials", "icon": "fa-flask",
             "order": 95}]


@hookimpl
def qi_models():
    from .models import RefmatMaterial

    return [RefmatMaterial]


@hookimpl
def qi_migration_dirs():
    return [str(HERE / "migrations")]


@hookimpl
def qi_views():
    from .views import RefmatLookupView, RefmatMaterialView

    return [
        {"view": RefmatLookupView, "name": _l("Reference material lookup"), "category": "refmat",
         "icon": "fa-search", "roles": EVERYONE_READS},
        {"view": RefmatMaterialView, "name": _l("Reference materials"), "menu": _l("Reference materials"),
         "icon": "fa-flask", "roles": grant((INSTITUTION, *STAFF), READ_WRITE)},
    ]


@hookimpl
def qi_template_dirs():
    return [str(HERE / "templates")]


@hookimpl
def qi_translation_dirs():
    return [str(HERE / "translations")]


@hookimpl
def qi_search_providers():
    from app.kit import SearchDocument, SearchProvider

    from .models import RefmatMaterial

    return [SearchProvider(
        kind="refmat", label=_l("Reference materials"), model=RefmatMaterial,
        document=lambda m: SearchDocument(title=m.name, summary=m.certificate_number, category="refmat",
                                          url=f"/refmat/lookup?number={m.certificate_number}"),
    )]
