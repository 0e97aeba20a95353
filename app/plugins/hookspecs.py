"""The plugin contract of QI One-Stop: every hook a plugin can implement.

A plugin is a module (or package) that implements some of these functions, decorated with
``@hookimpl`` from ``app.plugins``::

    from app.plugins import hookimpl

    @hookimpl
    def qi_service_categories():
        return [{"code": "metrology", "name_zh": "计量", "name_en": "Metrology", "order": 20}]

Plugins describe, the core builds: hooks return data (a dict, a class, a path) and ``app/`` registers
it. Each hook is called once per plugin at start-up (``create_app``) unless its docstring says
otherwise; a plugin whose hook raises is marked *failed* with its error on the admin's Plugins page,
and nothing it returned is used. A plugin implementing a hook that is not declared here (a
misspelt ``qi_view``) is refused, naming the hook. All hooks are *collecting* hooks: every plugin
adds to a list.

Isolation at run time: what a plugin hands over and the core calls later (search-provider
callbacks, category-page form templates, periodic tasks, demo data) may fail without breaking the
request, the command or another plugin. The failing part is left out, and the failure is logged
with the plugin's name and counted per plugin and kind in the database
(``app.plugins.failures``), shown on the Plugins page. Each hook below says what happens.
Every hook is documented with an example in ``docs/plugin_hooks.md`` and tested by
``tests/plugins/test_hooks.py::test_hook_<name>``.
"""
from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("qi_onestop")


@hookspec
def qi_plugin_info():
    """Describe the plugin.

    The plugin's name is its entry-point name or its folder's name.

    :return: a dict with ``title_zh`` / ``title_en`` (display names), ``version`` (str; defaults to the installed
        distribution's version), ``table_prefix`` (prefix of every table of the plugin, default
        ``<name>_``, enforced), ``min_platform`` / ``max_platform`` (platform versions the plugin
        supports, inclusive; a plugin outside the range is refused with a clear message),
        ``description_zh`` / ``description_en`` (optional), ``settings`` (optional: the plugin's
        settings with their types and defaults, ``{"due_days": {"type": int, "default": 30,
        "help_en": ..., "help_zh": ...}}`` or plainly ``{"due_days": 30}``; set by the environment
        variable ``QI_PLUGIN_<NAME>_<KEY>`` or ``QI_PLUGIN_SETTINGS = {name: {key: value}}``, read
        with ``app.plugins.settings.plugin_setting(name, key)``; see ``app.plugins.settings``).
        A plugin that does not implement this hook is named after its module.
    """


@hookspec
def qi_service_categories():
    """Service categories the plugin owns (clause 5: standardization, metrology …).

    Categories are data: on ``flask qi init`` each returned category is inserted when no category
    with its ``code`` exists yet; administrators may then rename, reorder or hide it in the UI, and
    the plugin never overwrites those edits.

    :return: a list of dicts with ``code`` (unique; ``^[a-z][a-z0-9_]{1,31}$``, else the plugin is
        refused), ``name_zh``, ``name_en``, and
        optional ``description_zh``, ``description_en``, ``icon`` (a Font Awesome class such as
        ``"fa-balance-scale"``), ``order`` (int, smaller first).
    """


@hookspec
def qi_service_items():
    """Service items of the plugin's categories, each with its service guide (clause 4.1-1).

    On ``flask qi init`` each returned item is inserted, with its guide published, when no item with
    its ``code`` exists yet and its category is in the table; an item already there is left exactly
    as platform staff edited it, guide and all. Running ``flask qi init`` again changes nothing.
    A plugin package (``app.plugins.package.PackagePlugin``) answers this hook from the
    ``catalog.json`` file beside its ``hooks.py``; a plain module can read such a file with
    ``app.catalog.contributed.load_service_items(path)``.

    :return: a list of dicts with ``category`` (a category code), ``code`` (unique across plugins,
        lowercase letters, digits and ``-``), ``name_zh``, ``name_en``, and optional ``clause``
        (the clause of the service standard, ``"5.2(1)"``), ``order`` (int, smaller first),
        ``summary_zh``, ``summary_en`` and ``guide``: a dict with ``acceptance_conditions``
        (Markdown), ``materials`` and ``steps`` (lists of lines), ``cycle_zh`` / ``cycle_en``,
        ``price_zh`` / ``price_en``, ``free`` (bool), ``channels`` (some of ``online``, ``phone``,
        ``window``, ``onsite``), ``responsible_zh`` / ``responsible_en`` and ``faq`` (a list of
        ``{"q": …, "a": …}``). Unknown keys are refused; a code another plugin (or the platform)
        already contributes refuses the whole plugin.
    """


@hookspec
def qi_institution_types():
    """Kinds of technical institution the plugin serves (a metrology institute, an IP agency …).

    An institution picks its types when it registers; platform staff review them; views may
    require one (``app.accounts.forms.HasInstitutionType("ip_agency")``), and the institution is
    found under the type's category in search. Labels are shown in the reader's language when a
    page renders; organisations store only the codes.

    :return: a list of dicts with ``code`` (unique across plugins, lowercase letters, digits and
        ``_``, at most 30 characters), ``label_zh``, ``label_en`` and optional ``category`` (the code
        of the service category institutions of this type serve) and ``order`` (int, smaller first
        in the registration form; 100 by default). A code another plugin (or the
        platform) already contributes refuses the whole plugin.
    """


@hookspec
def qi_dictionaries():
    """Coded lists the plugin ships (字典): administrators relabel, reorder and deactivate their items
    and add their own in the UI (``/admin/dictionaries/``); read them with ``app.kit``'s
    ``dictionary_choices``, ``dictionary_label`` and ``is_dictionary_code``.

    On ``flask qi init`` a dictionary or item not in the database yet is added; a shipped item's
    labels follow the declaration until an administrator changes them, and its order and active flag
    are the administrators'. A shipped item is never deleted, and no code a ``used_by`` column
    holds can be deleted: they are deactivated instead.

    :return: a list of dicts with ``code`` (unique across plugins: a lowercase letter then lowercase
        letters, digits or ``_``, at most 40), ``name_zh``, ``name_en``, ``items`` (a list of dicts with
        ``code``, ``label_zh``, ``label_en``) and optional ``used_by`` (the ``"table.column"`` names
        that store its codes). A code another plugin (or the platform) already declares refuses the
        whole plugin.
    """


@hookspec
def qi_form_sources():
    """Records of an enterprise that application forms may ask for (``app.applications.sources``):
    a field of kind ``record`` names a source, and the enterprise filing picks one of its own records
    (the metrology plugin offers the instruments of the enterprise's ledger).

    :return: a list of ``app.kit.FormSource``: ``code`` (``<plugin>_<name>``), ``name`` (a lazy
        label for the builder), ``search(session, organisation_id, text, page) -> ([(id, label)], more)``
        (20 a page, the organisation's records only) and ``label(session, organisation_id, id)`` (None
        when the record is not the organisation's: the answer is refused). A code another plugin
        already declares refuses the whole plugin; a source that raises at run time is logged and
        counted for the plugin, and its field offers nothing.
    """


@hookspec
def qi_models():
    """SQLAlchemy model classes the plugin defines.

    Returning them makes sure they are imported before migrations or queries run, and lists their
    tables on the Plugins page. Models subclass ``flask_appbuilder.Model``, name their
    ``__tablename__`` with the plugin's prefix and get their tables from the plugin's migrations
    (see ``qi_migration_dirs``).

    :return: a list of model classes.
    """


@hookspec
def qi_migration_dirs():
    """Alembic version folders holding the plugin's migrations.

    Each folder is added to Alembic's ``version_locations``; the plugin's first revision should set
    ``branch_labels = ("<plugin name>",)`` and ``depends_on = "qi_core_0001"`` so the core tables exist
    first. ``flask qi init`` upgrades every branch to its head.

    :return: a list of absolute paths.
    """


@hookspec
def qi_views():
    """Views, menus and REST APIs the plugin adds.

    :return: a list of ``app.kit.ViewSpec`` (or dicts with its keys; an unknown key refuses the
        plugin), one per view:

        - ``view``: a Flask-AppBuilder view class (``BaseView``, ``ModelView`` …) or API class
          (``BaseApi``, ``ModelRestApi``); prefer ``app.crud.QiModelView`` / ``QiModelRestApi``,
          whose permissions are ``can_read`` / ``can_write``.
        - ``roles``: ``{"Enterprise": ["can_read"], "PlatformStaff": ["can_read", "can_write"]}``,
          the permissions each built-in role gets on the view (Admin always has all); see
          ``app.roles.grant`` and ``EVERYONE_READS``. Every endpoint of the view is held to it.
        - ``resource``: share a permission resource with other views of this plugin (same
          ``roles`` required); by default each view has its own, named ``<plugin>.<ViewClass>``.
        - ``name``: menu label (wrap in ``lazy_gettext``); omit it for a view without a menu entry
          and for APIs.
        - ``menu``: the menu category label (optional), ``icon``: Font Awesome class (optional).
        - ``in_menu``: whether the view has a navbar entry (default: when it has a ``name``).
        - ``category``: the service category code this view serves; its public category page links
          to views that anonymous users may read.
        - ``form``: a template (``"testing/_category_form.html"``) the category page shows under the
          link: the view's query form, so users can ask without opening the view first (optional).
          Rendered on its own (``category`` and ``link`` in its context); one that is missing or
          raises is left out and counted, and the page and other forms render.

    A plugin whose views collide with a registered view (blueprint name, route base, URL rule) or
    are malformed is refused whole (``app.access``).
    """


@hookspec
def qi_template_dirs():
    """Folders of Jinja templates the plugin's views render.

    Name templates with the plugin's folder to avoid clashes (``metrology/ledger.html`` inside
    ``plugins/metrology/templates/``).

    :return: a list of absolute paths.
    """


@hookspec
def qi_translation_dirs():
    """Gettext catalog folders of the plugin (``<dir>/<lang>/LC_MESSAGES/messages.po``).

    They are merged after the platform's catalog, so a plugin's strings translate through the same
    ``gettext`` / ``lazy_gettext``. Ship ``zh`` and ``en``; the completeness test checks both.

    :return: a list of absolute paths.
    """


@hookspec
def qi_search_providers():
    """Kinds of records the unified search should find (standards, instruments, institutions …).

    The index follows each provider's model in the same transaction as the record, and
    ``flask qi search rebuild`` fills it again from scratch.

    On failure: a ``document`` that raises leaves that record without an entry, a ``related``
    that raises re-indexes nothing through it, a rebuild ``query`` that fails leaves the kind out
    of the rebuilt index; in each case the record's save (or the command) goes on, and the
    failure is logged and counted for the plugin.

    :return: a list of ``app.search.providers.SearchProvider``; each ``kind`` must be unique and
        namespaced: the plugin's name or ``<plugin>_...`` (else the plugin is refused).
    """


@hookspec
def qi_demo_data(session, app):
    """Load the plugin's demo data (called by ``flask qi demo``).

    Must be idempotent: running ``flask qi demo`` twice changes nothing the second time, so look
    records up by a natural key before inserting. Add to ``session``, never commit; the caller
    commits once after every plugin has run. Each plugin runs in a savepoint: when it raises, its
    part is rolled back, logged and counted, the command names it and still loads the others.

    :param session: the SQLAlchemy session.
    :param app: the Flask application (an application context is active).
    :return: an int (number of records added) or None.
    """


@hookspec
def qi_periodic_tasks():
    """Jobs to run on a schedule: reminders of due dates, expiry sweeps.

    ``flask qi tasks run`` runs every plugin's tasks (point cron or a systemd timer at it, e.g.
    hourly); ``flask qi tasks run NAME`` runs one. Each task is committed on its own, and one
    that raises is rolled back, logged and counted for its plugin, and reported without stopping
    the others (the command exits 1 after running them all). A plugin whose hook itself raises
    has its tasks left out, the same way.

    A task must be safe to run again, at any hour and from several machines: record what it
    did in the database (the due date a reminder was sent for), never in process memory.

    :return: a list of ``app.plugins.tasks.PeriodicTask``; each ``name`` must be unique.
    """


@hookspec
def qi_need_types():
    """Kinds of need (需求) the plugin handles: metrology's calibration request, IP's patent navigation.

    A need of any type runs on the platform's one flow, clock and history (``app.needs``): it gets a
    case number, is due a response in ``respond_days`` and an answer with a plan in ``answer_days``
    working days, is matched to an institution that accepts or declines, delivers and closes, and
    shows in the enterprise's, the institution's and the staff's lists with every other need. The
    plugin files needs with ``app.kit.file_need(session, need_type="<plugin>_…", …)`` (what the type
    adds goes into ``details``, a JSON dict) and links to the need's page ``/needs/case/<number>``.

    Checked at start-up: an object that is not an ``app.kit.NeedType``, a code not namespaced
    ``<plugin>_…`` (lowercase letters, digits and ``_``), a malformed category or item code,
    ``answer_days`` shorter than ``respond_days``, or a code another plugin already declared refuses
    the whole plugin. An ``on_step`` callback that raises is rolled back, logged and counted for the
    plugin; the step stands.

    :return: a list of ``app.kit.NeedType``.
    """


@hookspec
def qi_need_matchers():
    """Matchers that propose institutions for needs (6.3.2-2), called by the need page.

    ``app.needs.matching.candidates(session, need, limit)`` asks every matcher serving the need's
    category (``categories``; every category when empty), merges the answers (platform institutions
    first, then by ``score``, each institution once, at most ``limit``), and falls back to the
    approved institutions of the category when no matcher serves it. Called per request, for the
    need being shown: ``match(session, need, limit)`` must only read and should stay bounded by
    ``limit``. One that raises (or answers with something other than ``MatchCandidate`` objects) is
    left out of that page, logged and counted for the plugin; the page shows the other matchers'
    candidates.

    Checked at start-up like ``qi_need_types``: an object that is not an ``app.kit.NeedMatcher``, a
    code not namespaced ``<plugin>_…``, a malformed category code or a code another plugin already
    declared refuses the whole plugin.

    :return: a list of ``app.kit.NeedMatcher``.
    """


@hookspec
def qi_generate(ctx):
    """Add the plugin's benchmark rows (called by ``flask qi generate``, after the core's rows).

    ``ctx`` is an ``app.kit.GenerateContext``: ``ctx.session``, ``ctx.seed`` (use
    ``random.Random(ctx.seed + something)``, never the clock: a fixed seed gives the same rows),
    ``ctx.count(name)`` (rows the scale asks for, e.g. ``"standards"``), ``ctx.organisation_ids(kind)``
    and ``ctx.owner(i, kind, ids)`` (a share of rows for the demo organisations). Insert with
    ``app.kit.bulk_insert`` and never commit: the caller commits, or rolls back and reports the
    plugin when it raises, and goes on with the others.

    :return: ``{table name: rows added}`` or None.
    """
