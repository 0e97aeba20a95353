"""Permission resources that cannot collide (app.access): a plugin view gets a resource of its own,
shares one only as its spec says, and a plugin colliding with a registered view is refused whole."""
import re

import pytest

from app.access import build_fab_roles
from app.plugins.manager import FAILED, LOADED
from tests.plugins.test_manager import plugin_folder, write_plugin  # noqa: F401  (fixture)

PLUGIN = '''
from flask_appbuilder import BaseView, expose, has_access
from app.plugins import hookimpl
from app.roles import EVERYONE_READS, STAFF_ONLY


class {first}(BaseView):
    route_base = "/clash/first"
    default_view = "index"
    method_permission_name = {{"index": "read"}}

    @expose("/")
    @has_access
    def index(self):
        return "first view answers"


class {second}(BaseView):
    route_base = {route!r}
    method_permission_name = {{"index": "read"}}

    @expose({url!r})
    @has_access
    def index(self):
        return "second view answers"


@hookimpl
def qi_views():
    return [{{"view": {first}, "roles": EVERYONE_READS}},
            {{"view": {second}, "roles": {roles}, "resource": {resource!r}}}]
'''


def _plugin(plugin_folder, first="ClashFirstView", second="ClashSecondView", route="/clash/second", url="/",  # noqa: F811
            roles="STAFF_ONLY", resource=None):
    write_plugin(plugin_folder, "clash", PLUGIN.format(first=first, second=second, route=route, url=url,
                                                       roles=roles, resource=resource))


@pytest.mark.parametrize("kind, settings, message", [
    ("blueprint named like a core view", {"second": "ReviewView"}, "blueprint"),
    ("route base of a core view", {"route": "/review"}, "must be /clash or under /clash/"),
    ("URL of a core page", {"route": "", "url": "/search/"}, "must be /clash or under /clash/"),
    ("route base of another plugin", {"route": "/testing"}, "must be /clash or under /clash/"),
    ("one resource, two sets of roles", {"resource": "ClashFirstView"}, "same roles"),
    ("a resource that is not a name", {"resource": "testing.TestReport"}, "not an identifier"),
])
def test_colliding_plugin_is_refused_with_nothing_registered(make_app, plugin_folder, kind, settings,  # noqa: F811
                                                            message):
    _plugin(plugin_folder, **settings)
    # the built-in plugins first: the first to register keeps its addresses
    app = make_app(QI_PLUGINS_DIRS=[str(__import__("app").config.PROJECT_ROOT / "plugins"), str(plugin_folder)])
    record = app.extensions["qi_plugins"].records["clash"]
    assert record.status == FAILED and message in record.error, (kind, record.error)
    client = app.test_client()
    assert client.get("/clash/first/").status_code == 404, "the plugin's first view must not answer"
    assert app.extensions["qi_plugins"].records["testing"].status == LOADED
    assert client.get("/search/").status_code == 200 and "second view answers" not in client.get("/search/").text


def test_plugin_views_get_namespaced_resources_and_share_only_when_told(make_app, plugin_folder):  # noqa: F811
    _plugin(plugin_folder, roles="EVERYONE_READS", resource="ClashFirstView")
    app = make_app(QI_PLUGINS_DIRS=[str(plugin_folder)])
    assert app.extensions["qi_plugins"].records["clash"].status == LOADED
    resources = {s["view"].__name__: s["resource"] for s in app.extensions["qi_views"]}
    assert resources["ClashFirstView"] == resources["ClashSecondView"] == "clash.ClashFirstView"
    assert app.test_client().get("/clash/second/").text == "second view answers"


def test_a_plugin_naming_a_core_resource_gains_nothing_on_it(make_app, plugin_folder):  # noqa: F811
    """A plugin view that says ``class_permission_name = "OrganisationReview"`` and grants Enterprise
    write used to open the core's review queue to every enterprise user."""
    write_plugin(plugin_folder, "widener", '''
from flask_appbuilder import BaseView, expose, has_access
from app.plugins import hookimpl


class WidenerView(BaseView):
    route_base = "/widener"
    class_permission_name = "OrganisationReview"
    method_permission_name = {"index": "write"}

    @expose("/")
    @has_access
    def index(self):
        return "widener"


@hookimpl
def qi_views():
    return [{"view": WidenerView, "roles": {"Enterprise": ["can_read", "can_write"]}}]
''')
    from tests.conftest import login_as_factory  # noqa: F401

    app = make_app(QI_PLUGINS_DIRS=[str(plugin_folder)])
    assert app.extensions["qi_plugins"].records["widener"].status == LOADED
    from app.cli import ensure_user

    with app.app_context():
        ensure_user("widen_ent", "pw-widen-1234", "Enterprise", "widen@test.local", "W", "E")
    client = app.test_client()
    from tests.conftest import login

    assert login(client, "widen_ent", "pw-widen-1234").status_code == 302
    assert client.get("/widener/").text == "widener"  # its own view, under its own resource
    assert client.get("/review/").status_code == 403  # the core's queue stays staff-only


def test_builtin_import_pages_have_resources_of_their_own(app):
    resources = {s["view"].__name__: s["resource"] for s in app.extensions["qi_views"]}
    assert resources["TestReportImportView"] == "testing.TestReportImportView"
    assert resources["TestReportView"] == "testing.TestReportView"
    assert resources["MetrologyCapabilityImportView"] != resources["MetrologyCapabilityView"]
    owners = {}
    for spec in app.extensions["qi_views"]:
        owners.setdefault(spec["resource"], set()).add(spec["owner"])
    assert all(len(o) == 1 for o in owners.values()), {r: o for r, o in owners.items() if len(o) > 1}


def test_a_spec_with_an_unknown_key_refuses_the_plugin(make_app, plugin_folder):  # noqa: F811
    _plugin(plugin_folder)
    path = plugin_folder / "clash" / "__init__.py"
    path.write_text(path.read_text().replace('"roles": EVERYONE_READS}', '"roles": EVERYONE_READS, "in_manu": False}'))
    app = make_app(QI_PLUGINS_DIRS=[str(plugin_folder)])
    record = app.extensions["qi_plugins"].records["clash"]
    assert record.status == FAILED and "unknown keys ['in_manu']" in record.error
    assert app.test_client().get("/clash/first/").status_code == 404


def test_a_category_link_needs_no_navbar_entry(make_app, plugin_folder):  # noqa: F811
    """``in_menu=False``: linked from its category page, absent from the navbar."""
    _plugin(plugin_folder, roles="EVERYONE_READS")
    path = plugin_folder / "clash" / "__init__.py"
    path.write_text(path.read_text().replace(
        '"roles": EVERYONE_READS}', '"roles": EVERYONE_READS, "name": "Clash query page", "category": "clashcat", '
        '"in_menu": False}', 1).replace("@hookimpl\ndef qi_views", "@hookimpl\ndef qi_service_categories():\n"
                                         "    return [{'code': 'clashcat', 'name_zh': '冲突', 'name_en': 'Clash'}]\n\n\n"
                                         "@hookimpl\ndef qi_views"))
    app = make_app(QI_PLUGINS_DIRS=[str(plugin_folder)])
    assert app.extensions["qi_plugins"].records["clash"].status == LOADED
    client = app.test_client()
    assert "Clash query page" in client.get("/category/clashcat?_l_=en").text
    assert all(item.name != "ClashFirstView" for item in app.appbuilder.menu.get_list())


def test_role_table_grants_exact_resources_only():
    class Ledger:
        pass

    roles = build_fab_roles([{"view": Ledger, "resource": "metrology.Ledger", "name": "Ledger",
                              "declared": {"Enterprise": ("can_read",)}}])

    def allowed(role, view, perm):
        return any(re.match(v, view) and re.match(p, perm) for v, p in roles[role])

    assert allowed("Enterprise", "metrology.Ledger", "can_read")
    assert not allowed("Enterprise", "metrology.LedgerAdmin", "can_read")
    assert not allowed("Enterprise", "metrologyxLedger", "can_read")
    assert not allowed("Enterprise", "metrology.Ledger", "can_write")
    assert not allowed("Institution", "metrology.Ledger", "can_read")
    assert allowed("Admin", "Anything", "can_write")


def test_plugin_addresses_are_namespaced():
    """A plugin's pages live under /<plugin>/ and its REST resources are <plugin>_…; a view without an
    address gets one there."""
    from flask_appbuilder import BaseView
    from flask_appbuilder.api import BaseApi

    from app.access import AccessError, _namespace_addresses

    class WeightsRecordView(BaseView):
        pass

    class WeightsApi(BaseApi):
        pass

    class StrayApi(BaseApi):
        resource_name = "certificate"

    class StrayView(BaseView):
        route_base = "/standards"

    view, api = WeightsRecordView(), WeightsApi()
    _namespace_addresses("weights", view)
    _namespace_addresses("weights", api)
    assert (view.route_base, api.resource_name) == ("/weights/weightsrecordview", "weights_weightsapi")
    for stray in (StrayApi(), StrayView()):
        with pytest.raises(AccessError):
            _namespace_addresses("weights", stray)
