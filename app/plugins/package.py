"""``PackagePlugin``: the base of a plugin package that describes itself.

A plugin package subclasses it with its description, categories and institution types and exposes
an instance as ``plugin`` in its hooks module; the common hooks are answered from the class
attributes, from the package's folders (``templates/``, ``translations/``, ``migrations/``) and from
its ``catalog.json`` (the service items and guides of its categories), so plugins repeat none of
that code. Add the plugin's own hooks as methods decorated with ``hookimpl``::

    class Metrology(PackagePlugin):
        info = {"title_zh": "计量服务", "title_en": "Metrology services", "version": "0.1.0"}
        categories = [{"code": "metrology", "name_zh": "计量", "name_en": "Metrology"}]

        @hookimpl
        def qi_views(self):
            ...

    plugin = Metrology(__file__)
"""
from __future__ import annotations

from pathlib import Path

from . import hookimpl


class PackagePlugin:
    """Answers qi_plugin_info, qi_service_categories, qi_service_items, qi_institution_types,
    qi_dictionaries and the folder hooks of a plugin package."""

    #: the answer to ``qi_plugin_info`` (title_zh, title_en, version, min_platform …)
    info: dict = {}
    #: the answer to ``qi_service_categories``
    categories: list[dict] = []
    #: the answer to ``qi_institution_types``
    institution_types: list[dict] = []
    #: the answer to ``qi_dictionaries``
    dictionaries: list[dict] = []

    def __init__(self, module_file: str):
        self.folder = Path(module_file).resolve().parent

    def _folders(self, name: str) -> list[str]:
        folder = self.folder / name
        return [str(folder)] if folder.is_dir() else []

    @hookimpl
    def qi_plugin_info(self):
        return self.info

    @hookimpl
    def qi_service_categories(self):
        return self.categories

    @hookimpl
    def qi_service_items(self):
        """The items of ``catalog.json`` beside the hooks module (none without one)."""
        from ..catalog.contributed import load_service_items

        return load_service_items(self.folder / "catalog.json")

    @hookimpl
    def qi_institution_types(self):
        return self.institution_types

    @hookimpl
    def qi_dictionaries(self):
        return self.dictionaries

    @hookimpl
    def qi_template_dirs(self):
        return self._folders("templates")

    @hookimpl
    def qi_translation_dirs(self):
        return self._folders("translations")

    @hookimpl
    def qi_migration_dirs(self):
        return self._folders("migrations")
