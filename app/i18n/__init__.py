"""Bilingual UI: which catalogs are merged, and remembering the language a user picked."""
from __future__ import annotations


from flask import Flask, request, session

from ..config import PROJECT_ROOT

TRANSLATIONS = PROJECT_ROOT / "translations"
# Corrected zh strings of Flask-AppBuilder itself; merged after FAB's own stale catalog.
FAB_OVERRIDES = TRANSLATIONS / "fab"
LANG_COOKIE = "qi_lang"
LANG_COOKIE_AGE = 365 * 24 * 3600


def translation_directories(plugin_dirs: list[str]) -> str:
    """``BABEL_TRANSLATION_DIRECTORIES`` after FAB's: later catalogs override earlier ones."""
    return ";".join([str(FAB_OVERRIDES), str(TRANSLATIONS), *plugin_dirs])


def remember_language(app: Flask) -> None:
    """Keep the language chosen in the navbar in a year-long cookie, not only in the session.

    FAB's locale selector reads ``session["locale"]``; a new session is seeded from the cookie, and
    the cookie follows whatever the session holds after the request (``/lang/en`` sets it).
    """
    languages = app.config["LANGUAGES"]

    @app.before_request
    def _seed_locale_from_cookie():
        chosen = request.cookies.get(LANG_COOKIE)
        if chosen in languages and "locale" not in session:
            session["locale"] = chosen

    @app.after_request
    def _store_locale_cookie(response):
        chosen = session.get("locale")
        if chosen in languages and request.cookies.get(LANG_COOKIE) != chosen:
            response.set_cookie(LANG_COOKIE, chosen, max_age=LANG_COOKIE_AGE, httponly=True, samesite="Lax")
        return response


def msgid(text) -> str:
    """The untranslated text of a ``lazy_gettext`` string (menu names are identifiers, not labels)."""
    args = getattr(text, "_args", None)
    return str(args[0]) if args else str(text)


def person_name(user) -> str:
    """A user's name as people write it: family name first and no space for Chinese names."""
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if any("\u4e00" <= ch <= "\u9fff" for ch in first + last):
        return f"{last}{first}"
    return f"{first} {last}".strip()


def switch_back_to_the_page(app: Flask) -> None:
    """After ``/lang/<locale>?next=<page>``, return to that page (FAB goes to its page history).

    Wraps FAB's LocaleView endpoint, which must be registered already (after ``init_app``).
    """
    from flask import redirect

    from ..web.return_to import local_url

    switch = app.view_functions["LocaleView.index"]

    def index(locale):
        response = switch(locale=locale)
        target = local_url(request.args.get("next"))
        if response.status_code == 302 and target:
            return redirect(target)
        return response

    app.view_functions["LocaleView.index"] = index
