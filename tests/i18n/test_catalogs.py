"""Every string of the project and its plugins is translated into both zh and en."""
from pathlib import Path

import pytest

from app.i18n.catalogs import LOCALES, catalog, extracted, missing_translations, plugin_sets, source_sets

ROOT = Path(__file__).resolve().parents[2]
SETS = source_sets() + [(ROOT / "tests" / "plugins" / "dummy_plugin", ROOT / "tests" / "plugins" / "dummy_plugin" / "translations")]


@pytest.mark.parametrize("source, target", SETS, ids=[s.name for s, _ in SETS])
@pytest.mark.parametrize("lang", LOCALES)
def test_every_string_is_translated(source, target, lang):
    strings = extracted(source)
    translated = catalog(target, lang)
    missing = sorted(s for s in strings if not (translated.get(s) or ""))
    assert missing == [], f"{len(missing)} strings of {source.name} lack a {lang} translation: {missing[:10]}"


def test_every_loaded_plugins_catalogs_are_complete_wherever_it_is_installed(app):
    """Entry-point plugins outside the project folder included (the dummy plugin is one)."""
    sets = plugin_sets(app.extensions["qi_plugins"])
    assert {"dummy", "metrology"} <= {s.name for s in sets}
    incomplete = {s.name: missing for s in sets for missing in [missing_translations(s)] if any(missing.values())}
    assert incomplete == {}


def test_the_catalog_check_notices_a_missing_translation(tmp_path):
    (tmp_path / "views.py").write_text("from flask_babel import lazy_gettext as _l\nLABEL = _l('Brand new label')\n")
    assert "Brand new label" in extracted(tmp_path)
    assert "Brand new label" not in catalog(ROOT / "translations", "zh")


def test_fab_overrides_cover_every_fab_string_in_zh():
    import flask_appbuilder

    fab_strings = extracted(Path(flask_appbuilder.__file__).parent)
    ours = catalog(ROOT / "translations" / "fab", "zh")
    missing = sorted(s for s in fab_strings if not ours.get(s))
    assert missing == []


@pytest.mark.parametrize("msgid, expected", [
    ("Security", "安全"), ("User Registrations", "注册申请"), ("List Groups", "用户组列表"), ("Created on", "创建时间"),
])
def test_fab_strings_are_corrected_in_the_ui(app, msgid, expected):
    from flask_babel import gettext

    with app.test_request_context("/"):
        assert gettext(msgid) == expected


def test_fab_login_page_is_chinese_and_english(client):
    html = client.get("/login/").get_data(as_text=True)
    assert "用户名" in html and "密码" in html
    client.get("/lang/en")
    html = client.get("/login/").get_data(as_text=True)
    assert "Username" in html and "Password" in html


def test_a_msgid_has_one_chinese_translation_across_all_catalogs(app):
    """The platform's, FAB's and every plugin's catalogs are merged into one at run time, the later
    overriding the earlier: a plugin translating a shared msgid its own way would silently change
    the core's screens. A word that needs another translation needs its own msgid."""
    from babel.messages.pofile import read_po

    from app.i18n.catalogs import po_files

    seen: dict[str, dict[str, list[str]]] = {}
    installed = [s.target / "zh" / "LC_MESSAGES" / "messages.po" for s in plugin_sets(app.extensions["qi_plugins"])]
    for po in sorted(set(po_files()) | {p.resolve() for p in installed if p.exists()}):
        if po.parent.parent.name != "zh":
            continue
        with po.open("rb") as fh:
            for message in read_po(fh):
                if message.id and message.string:
                    seen.setdefault(str(message.id), {}).setdefault(message.string, []).append(str(po))
    conflicts = {msgid: sorted(found) for msgid, found in seen.items() if len(found) > 1}
    assert not conflicts, conflicts
