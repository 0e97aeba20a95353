"""Settings of a plugin (app.plugins.settings): declared with types, set by environment or configuration."""
import datetime as dt

import pytest

from app.plugins.manager import FAILED, LOADED
from app.plugins.settings import SettingError, convert, declared_settings, env_name, resolve
from tests.conftest import login

DUE = {"due_days": {"type": int, "default": 30}}


def test_the_environment_variable_is_named_after_plugin_and_key():
    assert env_name("metrology", "due_days") == "QI_PLUGIN_METROLOGY_DUE_DAYS"
    assert env_name("crm-lookup", "max.rows") == "QI_PLUGIN_CRM_LOOKUP_MAX_ROWS"


def test_an_environment_variable_wins_over_the_default_and_the_configuration_over_both():
    assert resolve("metrology", DUE, None, {}).as_dict() == {"due_days": 30}
    env = {"QI_PLUGIN_METROLOGY_DUE_DAYS": "45"}
    assert resolve("metrology", DUE, None, env).as_dict() == {"due_days": 45}
    assert resolve("metrology", DUE, {"due_days": "60"}, env).as_dict() == {"due_days": 60}


def test_the_plain_default_form_is_typed_by_its_default():
    (setting,) = declared_settings("dummy", {"greeting_count": 1})
    assert (setting.type, setting.default) == (int, 1)
    assert resolve("dummy", {"flag": False}, None, {"QI_PLUGIN_DUMMY_FLAG": "yes"}).as_dict() == {"flag": True}


@pytest.mark.parametrize("value, kind", [("forty", int), ("1.5", int), ("maybe", bool), (True, int), (3, str)])
def test_a_value_that_does_not_convert_is_an_error(value, kind):
    with pytest.raises(SettingError):
        convert(value, kind, "X")


def test_a_bad_environment_value_refuses_the_plugin_naming_the_variable(make_app, monkeypatch, login_as_factory):
    monkeypatch.setenv("QI_PLUGIN_DUMMY_GREETING_COUNT", "lots")
    app = make_app(init=False)
    record = app.extensions["qi_plugins"].records["dummy"]
    assert record.status == FAILED and "QI_PLUGIN_DUMMY_GREETING_COUNT" in record.error
    assert "dummy" not in app.config["QI_PLUGIN_SETTINGS"]
    assert app.extensions["qi_plugins"].records["metrology"].status == LOADED  # the others start


def test_an_undeclared_configured_key_refuses_the_plugin(make_app):
    app = make_app(init=False, QI_PLUGIN_SETTINGS={"dummy": {"greting_count": 2}})
    record = app.extensions["qi_plugins"].records["dummy"]
    assert record.status == FAILED and "greting_count" in record.error


def test_the_plugins_page_shows_each_setting_its_value_and_where_it_came_from(make_app, monkeypatch,
                                                                               login_as_factory):
    monkeypatch.setenv("QI_PLUGIN_METROLOGY_DUE_DAYS", "45")
    app = make_app()
    page = login_as_factory(app, "Admin").get("/admin/plugins/").get_data(as_text=True)
    row = page.split('data-setting="due_days"', 1)[1].split("</tr>", 1)[0]
    assert "<code>45</code>" in row and "QI_PLUGIN_METROLOGY_DUE_DAYS" in row and "环境变量" in row


@pytest.fixture
def instrument_due_in_40_days():
    """Adds, in the current app, an enterprise whose one instrument falls due in 40 days."""
    def add(app):
        from app.extensions import db
        from plugins.metrology.models import IN_USE, Instrument, add_months
        from tests.accounts.helpers import make_org

        with app.app_context():
            org_id, username = make_org("enterprise", "四十天计量有限公司")
            last = add_months(dt.date.today(), -12) + dt.timedelta(days=40)
            db.session.add(Instrument(organisation_id=org_id, name="压力表", serial_number="D-40",
                                      method="verification", cycle_months=12, last_date=last, state=IN_USE))
            db.session.commit()
        client = app.test_client()
        assert login(client, username, "pw-member-123").status_code == 302
        return client.get("/metrology/ledger/?show=due").get_data(as_text=True)
    return add


@pytest.mark.parametrize("how", ["environment", "deprecated alias", "configuration"])
def test_the_metrology_due_list_honours_the_due_days_setting(make_app, monkeypatch, instrument_due_in_40_days, how):
    config = {}
    if how == "environment":
        monkeypatch.setenv("QI_PLUGIN_METROLOGY_DUE_DAYS", "45")
    elif how == "deprecated alias":
        monkeypatch.setenv("QI_METROLOGY_DUE_DAYS", "45")
    else:
        config["QI_PLUGIN_SETTINGS"] = {"metrology": {"due_days": 45}}
    assert 'data-serial="D-40"' in instrument_due_in_40_days(make_app(**config))


def test_the_metrology_due_list_keeps_30_days_by_default(make_app, instrument_due_in_40_days):
    assert 'data-serial="D-40"' not in instrument_due_in_40_days(make_app())
