"""The test kit (app.testing): what a suite loads, and the fixtures plugin authors rely on."""
import sys
import textwrap

from app.plugins.manager import LOADED
from app.testing.distributions import install_distribution, uninstall_distributions


def test_an_installed_plugin_the_suite_does_not_name_stays_out(make_app, tmp_path):
    """Finding 1: a third-party plugin installed next to the platform is not loaded by the suite's
    apps (it would add its category, views and rows to every page the core tests read)."""
    (tmp_path / "qi_intruder_plugin.py").write_text(textwrap.dedent("""
        from app.plugins import hookimpl

        @hookimpl
        def qi_service_categories():
            return [{"code": "intruder", "name_zh": "闯入者", "name_en": "Intruder", "order": 1}]
    """))
    dist = install_distribution("qi-intruder", "1.0", {"qi_onestop.plugins": {"intruder": "qi_intruder_plugin"}},
                                (tmp_path,))
    try:
        suite_app = make_app(init=False)
        assert "intruder" not in suite_app.extensions["qi_plugins"].records
        assert suite_app.extensions["qi_plugins"].records["dummy"].status == LOADED  # the one the suite names
        production_like = make_app(init=False, QI_LOAD_ENTRY_POINTS=True)
        assert production_like.extensions["qi_plugins"].records["intruder"].status == LOADED
    finally:
        uninstall_distributions([dist])
        sys.path.remove(str(tmp_path))
        sys.modules.pop("qi_intruder_plugin", None)


def test_plugin_app_loads_one_plugin_and_the_core(make_plugin_app):
    dummy = make_plugin_app("dummy")
    assert [r.name for r in dummy.extensions["qi_plugins"].loaded() if r.source != "core"] == ["dummy"]
    assert dummy.test_client().get("/dummy/hello").status_code in (200, 302)
    metrology = make_plugin_app("metrology", init=False)
    assert [r.name for r in metrology.extensions["qi_plugins"].loaded() if r.source != "core"] == ["metrology"]


def test_role_clients_are_signed_in_with_their_role(app, anonymous_client, applicant_client, enterprise_client,
                                                    institution_client, window_staff_client,
                                                    platform_staff_client, admin_client):
    assert anonymous_client.get("/dashboard/").status_code == 302
    for client in (applicant_client, enterprise_client, institution_client, window_staff_client,
                   platform_staff_client, admin_client):
        assert client.get("/dashboard/").status_code == 200
    assert admin_client.get("/admin/plugins/").status_code == 200
    assert enterprise_client.get("/admin/plugins/").status_code in (302, 403)


def test_org_factory_makes_an_organisation_whose_member_signs_in(app, org_factory):
    from app.testing.fixtures import login_client
    from app.testing.orgs import MEMBER_PASSWORD

    org_id, username = org_factory("enterprise", "测试套件企业有限公司")
    client = login_client(app, username, MEMBER_PASSWORD)
    assert "测试套件企业有限公司" in client.get(f"/organisationview/show/{org_id}").get_data(as_text=True)
