"""QI One-Stop (质量基础设施一站式服务平台): the application factory."""
from __future__ import annotations

import logging
import os
from pathlib import Path

import jinja2
from flask import Flask
from flask_appbuilder import AppBuilder
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .config import build_config, load_secret_key
from .extensions import db, migrate
from .i18n import msgid, person_name, remember_language, switch_back_to_the_page, translation_directories
from .plugins.manager import FAILED, PluginHost
from .catalog.markdown import link_urls, render_markdown
from .roles import build_fab_roles
from .search.index import SearchRegistry
from .web import init_web

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(config: dict | None = None) -> Flask:
    """Build the application: configuration, plugins, FAB shell, core views, plugin views, CLI.

    ``config`` overrides what the environment gives (see ``app.config.build_config``). Nothing here
    writes to the database: ``flask qi init`` migrates and syncs roles and categories.
    """
    app = Flask(__name__, instance_path=os.environ.get("QI_INSTANCE_PATH") or None)
    app.config.update(build_config(app.instance_path))
    app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(app.instance_path)

    host = PluginHost(app.config).load()
    app.extensions["qi_plugins"] = host
    overrides = app.config.get("QI_PLUGIN_SETTINGS") or {}
    app.config["QI_PLUGIN_SETTINGS"] = {
        r.name: {**(r.contributions["qi_plugin_info"].get("settings") or {}), **overrides.get(r.name, {})}
        for r in host.loaded()
    }
    view_specs = [spec for _, spec in host.contributions("qi_views")]
    app.config["FAB_ROLES"] = build_fab_roles(view_specs)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = translation_directories(
        [d for _, d in host.contributions("qi_translation_dirs")]
    )
    plugin_templates = [d for _, d in host.contributions("qi_template_dirs")]
    if plugin_templates:
        app.jinja_loader = jinja2.ChoiceLoader([app.jinja_loader, jinja2.FileSystemLoader(plugin_templates)])

    # CSRF, headers, size limit, checked list arguments, error pages; before FAB registers its views.
    init_web(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    remember_language(app)

    from .catalog import history  # noqa: F401  (guide revisions follow every flush)
    from .catalog.views import HomeView

    appbuilder = AppBuilder(indexview=HomeView, security_manager_class=_security_manager())
    with app.app_context():
        appbuilder.init_app(app, db.session)
        _add_core_views(appbuilder)
        app.extensions["qi_views"] = _add_plugin_views(appbuilder, host)
        app.extensions["qi_search"] = _search_registry(host)
        switch_back_to_the_page(app)
        _security_menu_last(appbuilder)
    app.jinja_env.globals["person_name"] = person_name
    app.jinja_env.globals["navbar_categories"] = _navbar_categories
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["links"] = link_urls

    from .cli import qi

    app.cli.add_command(qi)
    return app


def _security_manager():
    from .security import QiSecurityManager

    return QiSecurityManager


def _add_core_views(appbuilder: AppBuilder) -> None:
    from .catalog import views as catalog
    from .dashboard.views import DashboardView
    from .plugins.views import PluginsView
    from .regions.views import RegionView

    appbuilder.add_view_no_menu(catalog.PublicCatalogView)
    appbuilder.add_view_no_menu(catalog.SearchView)
    appbuilder.add_view(DashboardView, "Dashboard", label=_l("Dashboard"), icon="fa-dashboard")
    book = {"category": "Catalog", "category_label": _l("Catalog"), "category_icon": "fa-book"}
    appbuilder.add_view(catalog.ServiceCategoryView, "Service categories", label=_l("Service categories"),
                        icon="fa-th-large", **book)
    appbuilder.add_view(catalog.ServiceItemView, "Service items", label=_l("Service items"), icon="fa-list", **book)
    appbuilder.add_view(catalog.ServiceGuideView, "Service guides", label=_l("Service guides"),
                        icon="fa-file-text-o", **book)
    appbuilder.add_view_no_menu(catalog.GuideRevisionView)
    desk = {"category": "Service desk", "category_label": _l("Service desk"), "category_icon": "fa-comments"}
    appbuilder.add_view(catalog.ConsultationView, "Consultations", label=_l("Consultations"),
                        icon="fa-question-circle", **desk)
    appbuilder.add_view(catalog.AnswerTemplateView, "Answer templates", label=_l("Answer templates"),
                        icon="fa-clipboard", **desk)
    platform = {"category": "Platform", "category_label": _l("Platform"), "category_icon": "fa-cogs"}
    appbuilder.add_view(RegionView, "Regions", label=_l("Regions"), icon="fa-map-marker", **platform)
    appbuilder.add_view(PluginsView, "Plugins", label=_l("Plugins"), icon="fa-plug", **platform)
    for api in (catalog.ServiceCategoryApi, catalog.ServiceItemApi, catalog.ServiceGuideApi):
        appbuilder.add_api(api)
    _add_account_views(appbuilder)


def _add_account_views(appbuilder: AppBuilder) -> None:
    from .accounts import views as accounts

    for view in (accounts.RegistrationView, accounts.OrganisationPageView, accounts.FilesView):
        appbuilder.add_view_no_menu(view)
    mine = {"category": "Personal", "category_label": _l("Personal"), "category_icon": "fa-user-circle"}
    appbuilder.add_view(accounts.MyOrganisationView, "Registration status", label=_l("Registration status"),
                        icon="fa-id-card", **mine)
    appbuilder.add_view(accounts.MessageView, "My messages", label=_l("My messages"), icon="fa-envelope", **mine)
    orgs = {"category": "Organisations", "category_label": _l("Organisations"), "category_icon": "fa-sitemap"}
    appbuilder.add_view(accounts.ReviewView, "Review queue", label=_l("Review queue"), icon="fa-gavel", **orgs)
    appbuilder.add_view(accounts.OrganisationView, "Organisations", label=_l("Organisations"), icon="fa-building",
                        **orgs)
    appbuilder.add_view(accounts.ChangeRequestView, "Change requests", label=_l("Change requests"),
                        icon="fa-exchange", **orgs)
    appbuilder.add_view(accounts.OrganisationAttachmentView, "Attachments", label=_l("Attachments"),
                        icon="fa-paperclip", **orgs)
    appbuilder.add_view(accounts.UserProfileView, "Members", label=_l("Members"), icon="fa-users", **orgs)
    appbuilder.add_api(accounts.OrganisationApi)
    appbuilder.add_api(accounts.OrganisationAttachmentApi)


def _search_registry(host: PluginHost) -> SearchRegistry:
    """The catalog's search providers and every plugin's; a plugin reusing a kind is marked failed."""
    from .accounts.search import organisation_search_providers
    from .catalog.search import catalog_search_providers

    providers = {p.kind: p for p in catalog_search_providers() + organisation_search_providers()}
    for record, provider in host.contributions("qi_search_providers"):
        if provider.kind in providers:
            record.status, record.error = FAILED, f"search kind {provider.kind!r} is already taken"
            continue
        providers[provider.kind] = provider
    return SearchRegistry(providers.values())


def _navbar_categories():
    """The visible categories for the navbar, read when a page renders: edits show at once."""
    from .catalog.views import visible_categories

    return visible_categories()


def _security_menu_last(appbuilder: AppBuilder) -> None:
    """FAB adds its Security menu first; the platform's own work comes first in the navbar."""
    items = appbuilder.menu.menu
    items.sort(key=lambda item: item.name == "Security")


def _add_plugin_views(appbuilder: AppBuilder, host: PluginHost) -> list[dict]:
    """Register each loaded plugin's views; a plugin whose view fails to register is marked failed."""
    added = []
    for record in host.loaded():
        specs = record.contributions.get("qi_views", [])
        try:
            for spec in specs:
                added.append(_add_view(appbuilder, spec))
                record.views.append(spec["view"].__name__)
        except Exception as exc:  # the rest of the platform must start without this plugin
            record.status, record.error = FAILED, f"registering views: {exc!r}"
            log.exception("plugin %s failed registering views", record.name)
    return added


def _add_view(appbuilder: AppBuilder, spec: dict) -> dict:
    from flask_appbuilder.api import BaseApi

    view = spec["view"]
    if issubclass(view, BaseApi):
        instance = appbuilder.add_api(view)
    elif spec.get("name"):
        # Menu names are identifiers that permissions refer to; labels are the translated texts.
        instance = appbuilder.add_view(
            view, view.__name__, label=spec["name"], icon=spec.get("icon", ""),
            category=msgid(spec["menu"]) if spec.get("menu") else "",
            category_label=spec.get("menu") or "",
        )
    else:
        instance = appbuilder.add_view_no_menu(view)
    return {**spec, "instance": instance}


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, _record):
    """SQLite ignores foreign keys unless asked, per connection; PostgreSQL always enforces them."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
