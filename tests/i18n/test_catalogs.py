"""Every string of the project and its plugins is translated into both zh and en."""
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app.i18n.catalogs import LOCALES, source_sets

ROOT = Path(__file__).resolve().parents[2]
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
SETS = source_sets() + [(ROOT / "tests" / "plugins" / "dummy_plugin", ROOT / "tests" / "plugins" / "dummy_plugin" / "translations")]


def extracted(source: Path) -> set[str]:
    ids = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(str(source), METHODS, keywords=KEYWORDS):
        ids.add(message[0] if isinstance(message, (tuple, list)) else message)
    return ids


def catalog(folder: Path, lang: str) -> dict[str, str]:
    path = folder / lang / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        cat = read_po(fh)
    return {(m.id[0] if isinstance(m.id, tuple) else m.id): (m.string if not m.fuzzy else "")
            for m in cat if m.id}


@pytest.mark.parametrize("source, target", SETS, ids=[s.name for s, _ in SETS])
@pytest.mark.parametrize("lang", LOCALES)
def test_every_string_is_translated(source, target, lang):
    strings = extracted(source)
    translated = catalog(target, lang)
    missing = sorted(s for s in strings if not (translated.get(s) or ""))
    assert missing == [], f"{len(missing)} strings of {source.name} lack a {lang} translation: {missing[:10]}"


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


def test_a_msgid_has_one_chinese_translation_across_all_catalogs():
    """The platform's, FAB's and every plugin's catalogs are merged into one at run time, the later
    overriding the earlier: a plugin translating a shared msgid its own way would silently change
    the core's screens. A word that needs another translation needs its own msgid."""
    from babel.messages.pofile import read_po

    from app.i18n.catalogs import po_files

    seen: dict[str, dict[str, list[str]]] = {}
    for po in po_files():
        if po.parent.parent.name != "zh":
            continue
        with po.open("rb") as fh:
            for message in read_po(fh):
                if message.id and message.string:
                    seen.setdefault(str(message.id), {}).setdefault(message.string, []).append(str(po))
    conflicts = {msgid: sorted(found) for msgid, found in seen.items() if len(found) > 1}
    assert not conflicts, conflicts
