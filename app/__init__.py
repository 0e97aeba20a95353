"""QI One-Stop (质量基础设施一站式服务平台): the application factory."""
from __future__ import annotations

import logging
import os
from pathlib import Path

import jinja2
from flask import Flask, current_app
from flask_appbuilder import AppBuilder
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .config import build_config, engine_options, load_secret_key
from .extensions import db, migrate
from .i18n.enums import join_labels, join_list
from .search.query import shown_count
from .i18n.fab import texts_of, translate_fab_texts
from .i18n import person_name, remember_language, switch_back_to_the_page, translation_directories
from . import access
from .plugins.manager import LOADED, PluginHost
from .plugins.settings import SettingError, resolve as resolve_settings
from .catalog.markdown import link_urls, render_markdown
from .search.index import SearchRegistry
from .ops import init_ops
from .web import init_web

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def create_app(config: dict | None = None) -> Flask:
    """Build the application: configuration, plugins, FAB shell, core views, plugin views, CLI.

    ``config`` overrides what the environment gives (see ``app.config.build_config``). Nothing here
    writes to the database: ``flask qi init`` migrates and syncs roles and categories.
    """
    app = Flask(__name__, instance_path=os.environ.get("QI_INSTANCE_PATH") or None)
    app.config.update(build_config(app.instance_path))
    app.config.update(config or {})
    from .parameters.read import fix_given_settings

    fix_given_settings(app, config)  # what the environment sets, the settings page cannot change
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(app.instance_path)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config["SQLALCHEMY_DATABASE_URI"],
                                                             app.config.get("SQLALCHEMY_ENGINE_OPTIONS"))

    host = PluginHost(app.config).load()
    app.extensions["qi_plugins"] = host
    _refuse_clashing_contributions(host)
    _resolve_plugin_settings(app, host)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = translation_directories(
        [d for _, d in host.contributions("qi_translation_dirs")]
    )
    plugin_templates = [d for _, d in host.contributions("qi_template_dirs")]
    if plugin_templates:
        app.jinja_loader = jinja2.ChoiceLoader([app.jinja_loader, jinja2.FileSystemLoader(plugin_templates)])

    # Request ids and logging first (every later failure is logged with its request), the probes and
    # metrics; then CSRF, headers, size limit, checked list arguments, error pages; before FAB's views.
    init_ops(app)
    init_web(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    remember_language(app)
    translate_fab_texts(app)  # None/True/False, panel titles, permission names in the reader's language

    from .auth import models as _auth_models  # noqa: F401  (session versions, in the metadata)
    from .needs import models as _need_models  # noqa: F401  (needs, in the metadata)
    from .needs import notices as _need_notices  # noqa: F401  (notices follow every step of a need)
    from . import numbering as _numbering  # noqa: F401  (case counters, in the metadata)
    from .workdays import models as _workday_models  # noqa: F401  (the working-day calendar)
    from .windows import models as _window_models  # noqa: F401  (service windows)
    from .visits import models as _visit_models  # noqa: F401  (visits to enterprises)
    from .samples import models as _sample_models  # noqa: F401  (samples at park stations)
    from .appointments import models as _appointment_models  # noqa: F401  (appointments at windows)
    from .equipment import models as _equipment_models  # noqa: F401  (shared instruments, bookings)
    from .packages import models as _package_models  # noqa: F401  (packages of needs)
    from .teams import models as _team_models  # noqa: F401  (expert teams)
    from .complaints import models as _complaint_models  # noqa: F401  (complaints)
    from .complaints import notices as _complaint_notices  # noqa: F401  (notices follow a complaint's steps)
    from .evaluations import models as _evaluation_models  # noqa: F401  (evaluations)
    from .evaluations import notices as _evaluation_notices  # noqa: F401  (completion notice with survey links)
    from .improvement import models as _improvement_models  # noqa: F401  (improvement actions)
    from .plugins import tasks as _task_runs  # noqa: F401  (periodic-task runs, for the system panel)
    from .audit import models as _audit_models  # noqa: F401  (the audit trail)
    from .support import models as _support_models  # noqa: F401  (support tickets)
    from .parameters import models as _setting_models  # noqa: F401  (settings saved in the UI)
    from .announcements import models as _announcement_models  # noqa: F401  (announcements)
    from .dictionaries import models as _dictionary_models  # noqa: F401  (dictionaries)
    from .applications import models as _item_form_models  # noqa: F401  (application forms per item)
    from .audit.trail import install as audit_every_change
    from .auth.sessions import watch_role_changes
    from .catalog import history  # noqa: F401  (guide revisions follow every flush)

    watch_role_changes()
    audit_every_change()
    from .catalog.views import HomeView

    from .web.menu import QiMenu

    appbuilder = AppBuilder(indexview=HomeView, security_manager_class=_security_manager(), menu=QiMenu())
    with app.app_context():
        appbuilder.init_app(app, db.session)
        _search_registry(host)  # a plugin reusing a search kind is refused before its views are added
        app.extensions["qi_views"] = _add_views(appbuilder, host)
        app.extensions["qi_search"] = _search_registry(host)  # of the plugins still loaded
        switch_back_to_the_page(app)
        _security_menu_last(appbuilder)
    _need_types(app, host)  # of the plugins still loaded
    from .web.link_access import init_link_access

    init_link_access(app)  # may_open() in templates, and the navbar by the same rule (after FAB's filters)
    from .web.menu_groups import init_menu_groups

    init_menu_groups(app)  # the navbar's groups, work first
    from .i18n.moments import init_moments

    init_moments(app)  # the `moment` filter: date-times in China time, per language
    from .web.portal import init_portal

    init_portal(app)  # the footer, the page's language, FAB's sign-in flash translated where shown
    app.jinja_env.globals["person_name"] = person_name
    from .parameters.read import setting

    app.jinja_env.globals["qi_setting"] = setting  # a setting in force, at each page (app.parameters)
    from .announcements.queries import current_announcements

    app.jinja_env.globals["current_announcements"] = current_announcements  # the home page's, when it renders
    from .applications.materials import guide_materials

    app.jinja_env.globals["guide_materials"] = guide_materials  # the guide's materials with the form's files
    app.jinja_env.filters["qi_texts"] = texts_of  # lazy labels translated once per page
    app.jinja_env.filters["search_count"] = shown_count  # 2,000+ where a count stopped
    app.jinja_env.filters["join_list"] = join_list  # "a, b" in English, "a、b" in Chinese
    app.jinja_env.filters["join_labels"] = join_labels  # codes through a {code: label} mapping, joined so
    app.jinja_env.globals["navbar_categories"] = _navbar_categories
    from .needs.record_views import need_sections

    app.jinja_env.globals["need_sections"] = need_sections
    from .visits.need_page import visit_of_need
    from .samples.need_page import samples_of_need

    app.jinja_env.globals["visit_of_need"] = visit_of_need
    app.jinja_env.globals["samples_of_need"] = samples_of_need
    from .teams.views import need_teams

    app.jinja_env.globals["need_teams"] = need_teams  # the expert teams on a need's case page
    from .evaluations.views import need_survey

    app.jinja_env.globals["need_survey"] = need_survey  # rating a need from its case page
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["links"] = link_urls

    from .cli import qi

    app.cli.add_command(qi)
    return app


def _resolve_plugin_settings(app: Flask, host: PluginHost) -> None:
    """Each loaded plugin's settings from its declaration, the environment and ``QI_PLUGIN_SETTINGS``
    (``app.plugins.settings``); a plugin with a bad value is refused, the message naming the variable."""
    overrides = app.config.get("QI_PLUGIN_SETTINGS") or {}
    resolved = {}
    for record in host.loaded():
        try:
            resolved[record.name] = resolve_settings(
                record.name, record.contributions["qi_plugin_info"].get("settings"), overrides.get(record.name))
        except SettingError as exc:
            host.refuse(record, f"settings refused: {exc}")
    app.extensions["qi_plugin_settings"] = resolved
    app.config["QI_PLUGIN_SETTINGS"] = {name: s.as_dict() for name, s in resolved.items()}


def _security_manager():
    from .security import QiSecurityManager

    return QiSecurityManager


def _core_specs() -> list[dict]:
    """Every core view's spec, in menu order."""
    from .accounts.views import view_specs as accounts
    from .audit.views import view_specs as audit
    from .dictionaries.views import view_specs as dictionaries
    from .parameters.views import view_specs as settings
    from .announcements.views import view_specs as announcements
    from .notify.template_views import view_specs as message_templates
    from .applications.views import view_specs as item_forms
    from .applications.export import view_specs as answer_exports
    from .catalog.views import view_specs as catalog
    from .dashboard.views import view_specs as dashboard
    from .needs.views import view_specs as needs
    from .needs.record_views import view_specs as need_records
    from .plugins.views import view_specs as plugins
    from .regions.views import view_specs as regions
    from .workdays.views import view_specs as workdays
    from .windows.views import view_specs as windows
    from .visits.views import view_specs as visits
    from .samples.views import view_specs as samples
    from .appointments.views import view_specs as appointments
    from .equipment.views import view_specs as equipment
    from .packages.views import view_specs as packages
    from .teams.views import view_specs as teams
    from .evaluations.views import view_specs as evaluations
    from .evaluations.publication_views import view_specs as quarters
    from .improvement.views import view_specs as improvement
    from .complaints.views import view_specs as complaints
    from .search.views import view_specs as search
    from .support.views import view_specs as support
    from .web.privacy import view_specs as privacy
    from .auth.reset import view_specs as password_reset
    from .web.lookup import view_specs as lookups

    catalog_specs = catalog()
    public = [s for s in catalog_specs if s.get("resource") == "PublicPages"]
    return (public + announcements() + dashboard() + needs() + need_records() + answer_exports()
            + [s for s in catalog_specs if s not in public] + regions() + workdays() + plugins() + dictionaries()
            + item_forms() + settings() + message_templates() + audit() + accounts() + windows() + appointments() + visits()
            + samples() + equipment() + packages() + teams() + complaints() + evaluations() + quarters()
            + improvement() + support() + search() + privacy() + password_reset() + lookups())


def _add_views(appbuilder: AppBuilder, host: PluginHost) -> list[dict]:
    """Register Flask-AppBuilder's, the core's and each plugin's views (``app.access``), then the role
    table from what was registered. A plugin whose views are malformed or collide with a registered
    view is marked failed with nothing of it registered."""
    registered = access.fab_specs(appbuilder)
    core = access.prepare(access.CORE, _core_specs())
    access.check_collisions(current_app, registered, core)
    registered += [access.register(appbuilder, spec) for spec in core]
    for record in host.loaded():
        try:
            prepared = access.prepare(record.name, record.contributions.get("qi_views", []))
            access.check_collisions(current_app, registered, prepared)
        except access.AccessError as exc:
            host.refuse(record, f"views refused: {exc}")
            continue
        try:
            for spec in prepared:
                registered.append(access.register(appbuilder, spec))
                record.views.append(spec["view"].__name__)
        except Exception as exc:  # the rest of the platform must start without this plugin
            log.exception("plugin %s failed registering views", record.name)
            host.refuse(record, f"registering views: {exc!r}")
    roles = access.build_fab_roles(s for s in registered if s["owner"] == access.FAB or
                                   s["owner"] == access.CORE or host.records[s["owner"]].status == LOADED)
    current_app.config["FAB_ROLES"] = roles
    appbuilder.sm._builtin_roles = roles  # FAB read FAB_ROLES at init, before the views existed
    return registered


def _refuse_clashing_contributions(host: PluginHost) -> None:
    """A plugin reusing a service item or institution type code of the platform or of an earlier
    plugin is refused whole, before any of its views is registered."""
    host.refuse_clashes("qi_service_items", "service item", "contributed")
    host.refuse_clashes("qi_institution_types", "institution type")
    host.refuse_clashes("qi_dictionaries", "dictionary")
    host.refuse_clashes("qi_need_types", "need type")
    host.refuse_clashes("qi_need_matchers", "need matcher")
    host.refuse_clashes("qi_form_sources", "form source")


def _need_types(app: Flask, host: PluginHost) -> None:
    """The need types (the platform's first) and matchers of the loaded plugins, checked at start-up
    (``app.plugins.manager``), and each type's ``on_step`` called after the steps of its needs."""
    from .needs.flow import need_stepped
    from .needs.types import BUILT_IN, MATCHERS_KEY, TYPES_KEY, run_on_step

    app.extensions[TYPES_KEY] = list(BUILT_IN) + [t for _, t in host.contributions("qi_need_types")]
    app.extensions[MATCHERS_KEY] = [m for _, m in host.contributions("qi_need_matchers")]
    from .applications.sources import KEY as SOURCES_KEY

    app.extensions[SOURCES_KEY] = {s.code: s for _, s in host.contributions("qi_form_sources")}
    need_stepped.connect(run_on_step)  # once per process: connecting the same function again is a no-op


def _search_registry(host: PluginHost) -> SearchRegistry:
    """The catalog's search providers and every plugin's; a plugin reusing a kind is marked failed."""
    from .accounts.search import organisation_search_providers
    from .catalog.search import catalog_search_providers

    from .complaints.search import complaint_search_providers
    from .applications.search import answer_search_providers

    providers = {p.kind: p for p in catalog_search_providers() + organisation_search_providers()
                 + complaint_search_providers() + answer_search_providers()}
    owners = {}
    for record, provider in host.contributions("qi_search_providers"):
        if record.status != LOADED:
            continue
        if provider.kind in providers:
            host.refuse(record, f"search kind {provider.kind!r} is already taken")
            continue
        providers[provider.kind] = provider
        owners[provider.kind] = record.name
    return SearchRegistry(providers.values(), owners)


def _navbar_categories():
    """The visible categories for the navbar, read when a page renders: edits show at once."""
    from .catalog.views import visible_categories

    return visible_categories()


def _security_menu_last(appbuilder: AppBuilder) -> None:
    """FAB adds its Security menu first; the platform's own work comes first in the navbar."""
    items = appbuilder.menu.menu
    items.sort(key=lambda item: item.name == "Security")


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, _record):
    """SQLite ignores foreign keys unless asked, per connection; PostgreSQL always enforces them."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # A writer waits up to 30 s for another's lock rather than failing with "database is locked":
        # bookings racing for the last place queue up (app.appointments.booking).
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()
