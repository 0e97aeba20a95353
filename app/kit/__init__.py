"""The plugin kit: everything a plugin may use of the platform, from one import.

    from app.kit import hookimpl, PackagePlugin, ScopedModelView, EVERYONE_READS, ...

Plugins import nothing else of ``app`` (``tests/plugins/test_kit.py`` walks the built-in plugins and
fails on any other import), so what is listed here is the platform's public API for plugins and
keeps working across versions; everything else may change. Third-party libraries (Flask,
Flask-AppBuilder, SQLAlchemy, WTForms, Flask-Babel) are imported from where they live.

What is here, by theme:

- **Contract**: ``hookimpl``, ``PackagePlugin``, ``PeriodicTask``, ``ViewSpec`` (see
  docs/plugin_hooks.md); ``plugin_setting(plugin, key)`` / ``plugin_settings(plugin)`` read the
  plugin's typed settings; ``load_service_items(path)`` reads a ``catalog.json`` of service items.
- **Roles and grants** for view specs: ``EVERYONE_READS``, ``STAFF_ONLY``, ``grant``, ``READ``,
  ``READ_WRITE``, ``STAFF``, ``MEMBERS``, ``SIGNED_IN`` and the role names.
- **Data**: ``db`` (the SQLAlchemy session holder), ``Organisation`` and its kinds (``KIND_*``),
  ``members`` / ``staff`` (users to tell), ``notify`` (site message and e-mail), ``message_event`` (declare
  a message once, key ``<plugin>.<name>``, so administrators can rewrite its texts; pass it to ``notify``).
- **Row scoping and ownership**: ``ScopedModelView`` / ``ScopedModelRestApi`` keep rows with their
  owner (``__scope__`` on the model), ``scoped`` / ``scoped_or_404`` for hand-written queries,
  ``acting_user``, ``is_staff``, ``role_names``, ``user_organisation_id``.
- **Public records**: one rule (approved organisation, authorisation not expired):
  ``organisation_is_public``, ``authorisation_current``, ``is_public_record``, ``PublicRecordFilter``.
- **Pages**: ``QiModelView`` / ``QiModelRestApi`` (staff CRUD), ``PublicPage`` with the argument
  readers ``text_arg``, ``choice_arg``, ``flag_arg``, ``page_arg``, ``region_arg`` and ``in_region``,
  ``page_of`` (a page of a public query, 50 rows, no count; the macro ``kit/pager.html`` links the
  pages), ``capped_counts`` (tab badges counted up to the lists' cap in one statement),
  ``choices`` / ``yes_no`` for translated select values and booleans.
- **Benchmark data**: ``GenerateContext`` (what the hook ``qi_generate`` gets) and ``bulk_insert``
  (Core inserts in batches) for ``flask qi generate``.
- **Dictionaries** (字典, ``app.dictionaries``): lists administrators edit, shipped with the hook
  ``qi_dictionaries``: ``dictionary_choices(code, selected=None)`` (the active items as ``(code,
  label)`` in the reader's language, for a select), ``dictionary_label(code, item)``,
  ``is_dictionary_code(code, item)`` (an active item: what a new record may take).
- **Application forms** (``app.applications``): ``FormSource`` for the hook ``qi_form_sources`` (the
  records of an enterprise a form field offers: metrology's ledger instruments); an item's default
  form ships as the ``form`` of the item in ``catalog.json``.
- **Translated enumerations**: ``Choices({code: lazy label})`` for every choice list (``.label``,
  ``.labels``, ``.select(label)`` for forms, ``.formatter`` for lists and exports), ``codes_field``
  for comma-separated codes, ``join_list`` to join texts as the reader's language does.
- **Files**: ``ImportView``, ``RowFormat``, ``import_rows``, ``ImportReport``, ``parse_date``,
  ``require``, ``institution_by_code``, ``UploadForm``, ``uploaded_file``, ``rows_of``, ``xlsx_bytes``,
  ``safe_cell``; uploads checked by content: ``check_upload``, ``store``, ``stored_path``,
  ``remove_stored``, ``UploadRefused``.
- **Search**: ``SearchProvider``, ``SearchDocument``, ``Phrase`` (a title or summary shown in the reader's
  language), ``owned_by``, ``division_prefix``;
  ``rename_search_kinds(op, {old: new})`` and ``move_search_urls(op, kind, old, new)`` in a migration
  that renames a kind or moves its pages.
- **Forms**: ``HasInstitutionType``.
- **Working days** (the platform's calendar with public holidays and 调休 days, ``app.workdays``):
  ``add_working_days(start, n)``, ``working_days_between(a, b)``, ``is_working_day(day)``,
  ``counting_start(submitted_at)`` (the date a submission's clock counts from: the next working day
  after the cut-off hour or on a non-working day), ``deadline(submitted_at, n)`` (n working days from
  that start), ``extend_for_pause(due, paused_on, resumed_on)`` (a due date pushed back by the
  working days a case waited), ``today``. Datetimes are naive UTC as stored, decided in China time.
- **Needs** (需求, ``app.needs``): ``NeedType`` and ``NeedMatcher`` for the ``qi_need_types`` and
  ``qi_need_matchers`` hooks, ``MatchCandidate``; ``file_need`` files a need (numbered, on the clock),
  ``take_step`` moves it along the flow, refusing with ``FlowError``; ``Need`` and ``NeedEvent`` (its
  history) to read them, ``need_states`` (state names, steps, the actor kinds ``STAFF``,
  ``INSTITUTION``, ``ENTERPRISE``), ``need_url(need)`` (its page);
  ``need_text(msgid, **params)`` for a title or comment the plugin writes into a need, shown in
  each reader's language; ``move_into_needs(op, …)`` in a
  migration that moves a plugin's old request rows into needs.
- **Satisfaction** (7.1-1, ``app.evaluations``): ``satisfaction_of(session, institution_ids)`` ->
  ``{id: (score, count)}``, the computed score of user evaluations on the 1–10 scale (the platform's
  own formula, ``OVERALL_FORMULA``: the mean of the nine dimension means), None below
  ``QI_EVALUATION_MIN_COUNT`` evaluations; ``satisfaction_scores()`` the same as a subquery
  ``(institution_id, score, count)`` to join and order by; ``evaluation_min_count()``.
"""
from ..access import ViewSpec
from ..accounts.forms import HasInstitutionType
from ..accounts.models import ENTERPRISE as KIND_ENTERPRISE
from ..accounts.models import INSTITUTION as KIND_INSTITUTION
from ..accounts.models import RESOURCE as KIND_RESOURCE
from ..accounts.models import Organisation
from ..accounts.uploads import UploadRefused, check_upload, remove_stored, store, stored_path
from ..catalog.contributed import load_service_items
from ..accounts.visibility import (PublicRecordFilter, authorisation_current, is_public_organisation,
                                   is_public_record, organisation_is_public)
from ..accounts.workflow import members, staff
from ..crud import QiModelRestApi, QiModelView, ScopedModelRestApi, ScopedModelView, choices, yes_no
from ..applications.sources import FormSource
from ..dictionaries.lookup import choices as dictionary_choices, is_code as is_dictionary_code
from ..dictionaries.lookup import label as dictionary_label
from ..evaluations.dimensions import OVERALL_FORMULA
from ..evaluations.satisfaction import min_count as evaluation_min_count, satisfaction_of, satisfaction_scores
from ..extensions import db
from ..i18n.enums import Choices, codes_field, join_list
from ..needs import states as need_states
from ..needs.flow import FlowError, file_need, take_step
from ..needs.models import Need, NeedEvent
from ..needs.moving import move_into_needs
from ..needs.texts import need_text
from ..needs.types import MatchCandidate, NeedMatcher, NeedType, need_url
from ..importing import (ImportReport, ImportView, RowFormat, UploadForm, import_rows, institution_by_code,
                         parse_date, require, uploaded_file)
from ..notify.events import message_event
from ..notify.send import notify
from ..plugins import hookimpl
from ..plugins.package import PackagePlugin
from ..plugins.settings import plugin_setting, plugin_settings
from ..plugins.tasks import PeriodicTask
from ..roles import (ADMIN, APPLICANT, ENTERPRISE, EVERYONE_READS, INSTITUTION, MEMBERS, PLATFORM_STAFF, PUBLIC,
                     READ, READ_WRITE, SIGNED_IN, STAFF, STAFF_ONLY, WINDOW_STAFF, grant)
from ..scoping import acting_user, is_staff, role_names, scoped, scoped_or_404, user_organisation_id
from ..search.phrases import Phrase
from ..search.providers import SearchDocument, SearchProvider, owned_by
from ..search.renames import move_search_urls, rename_search_kinds
from ..search.tokens import division_prefix
from ..spreadsheets import rows_of, safe_cell, xlsx_bytes
from ..workdays import (add_working_days, counting_start, deadline, extend_for_pause, is_working_day, today,
                        working_days_between)
from ..generate import GenerateContext, bulk_insert
from ..list_loading import capped_counts
from .pages import Page, PublicPage, choice_arg, flag_arg, in_region, page_arg, page_of, region_arg, text_arg

__all__ = [
    # contract
    "hookimpl", "PackagePlugin", "PeriodicTask", "ViewSpec", "plugin_setting", "plugin_settings",
    "load_service_items",
    # roles and grants
    "ADMIN", "PLATFORM_STAFF", "WINDOW_STAFF", "INSTITUTION", "ENTERPRISE", "APPLICANT", "PUBLIC",
    "EVERYONE_READS", "STAFF_ONLY", "STAFF", "MEMBERS", "SIGNED_IN", "READ", "READ_WRITE", "grant",
    # data
    "db", "Organisation", "KIND_ENTERPRISE", "KIND_INSTITUTION", "KIND_RESOURCE", "members", "staff", "notify",
    "message_event",
    # scoping
    "ScopedModelView", "ScopedModelRestApi", "scoped", "scoped_or_404", "acting_user", "is_staff", "role_names",
    "user_organisation_id",
    # public records
    "organisation_is_public", "is_public_organisation", "authorisation_current", "is_public_record",
    "PublicRecordFilter",
    # pages
    "QiModelView", "QiModelRestApi", "PublicPage", "text_arg", "choice_arg", "flag_arg", "page_arg", "region_arg",
    "in_region", "page_of", "Page", "capped_counts", "choices", "yes_no",
    # files
    "ImportView", "RowFormat", "import_rows", "ImportReport", "parse_date", "require", "institution_by_code",
    "UploadForm", "uploaded_file", "rows_of", "xlsx_bytes", "safe_cell", "check_upload", "store", "stored_path",
    "remove_stored", "UploadRefused",
    # search
    "SearchProvider", "SearchDocument", "Phrase", "owned_by", "division_prefix", "rename_search_kinds", "move_search_urls",
    # forms and working days
    "HasInstitutionType", "add_working_days", "working_days_between", "today", "is_working_day", "deadline",
    "counting_start", "extend_for_pause",
    # needs
    "NeedType", "NeedMatcher", "MatchCandidate", "file_need", "take_step", "FlowError", "Need", "NeedEvent",
    "need_states", "need_url", "need_text", "move_into_needs",
    # satisfaction
    "satisfaction_of", "satisfaction_scores", "evaluation_min_count", "OVERALL_FORMULA",
    # dictionaries and translated enumerations
    "dictionary_choices", "dictionary_label", "is_dictionary_code", "FormSource", "Choices", "codes_field", "join_list",
    # benchmark data (flask qi generate, hook qi_generate)
    "GenerateContext", "bulk_insert",
]
