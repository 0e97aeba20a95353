"""Each plugin's tables carry its own prefix; a plugin whose tables stray, or whose prefix is the core's
or another plugin's, is refused at start-up."""
import pytest

from app.plugins.manager import FAILED, LOADED
from tests.plugins.test_manager import plugin_folder, write_plugin  # noqa: F401  (fixture)

PLUGIN = '''
from app.kit import hookimpl


class Table:  # stands for a model: the host reads only the table name at start-up
    __tablename__ = {table!r}


@hookimpl
def qi_plugin_info():
    return {info}


@hookimpl
def qi_models():
    return [Table]
'''


@pytest.mark.parametrize("info, table, message", [
    ({}, "other_things", "do not start with the plugin's table prefix 'tablecheck_'"),
    ({"table_prefix": "qi_"}, "qi_things", "overlaps the one of the core"),
    ({"table_prefix": "metr_"}, "metr_things", "overlaps the one of metrology"),
    ({"table_prefix": "Bad-"}, "bad_things", "must be lower-case"),
])
def test_a_plugin_with_stray_tables_is_refused(make_app, plugin_folder, info, table, message):  # noqa: F811
    write_plugin(plugin_folder, "tablecheck", PLUGIN.format(table=table, info=info))
    app = make_app(init=False, QI_PLUGINS_DIRS=[str(__import__("app").config.PROJECT_ROOT / "plugins"),
                                                str(plugin_folder)])
    record = app.extensions["qi_plugins"].records["tablecheck"]
    assert record.status == FAILED and message in record.error
    assert app.extensions["qi_plugins"].records["metrology"].status == LOADED


def test_a_plugin_with_its_own_prefix_loads(make_app, plugin_folder):  # noqa: F811
    write_plugin(plugin_folder, "tablecheck", PLUGIN.format(table="tc_things", info={"table_prefix": "tc_"}))
    app = make_app(init=False, QI_PLUGINS_DIRS=[str(plugin_folder)])
    assert app.extensions["qi_plugins"].records["tablecheck"].status == LOADED


def test_builtin_plugins_keep_to_their_prefixes(app):
    host = app.extensions["qi_plugins"]
    for name in ("certification", "ip", "metrology", "standardization", "testing"):
        record = host.records[name]
        prefix = record.contributions["qi_plugin_info"]["table_prefix"]
        assert record.status == LOADED and record.tables and all(t.startswith(prefix) for t in record.tables)
