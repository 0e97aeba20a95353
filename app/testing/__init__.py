"""The test kit: the platform's own pytest fixtures, published for plugin authors.

An outside plugin's ``tests/conftest.py`` is one line::

    pytest_plugins = ["app.testing"]

(an explicit line rather than a ``pytest11`` entry point: the kit adds options and fixtures, and an
entry point would force them on every pytest run in an environment where the platform is installed).
The fixtures are in ``app.testing.fixtures``, the organisation factory in ``app.testing.orgs``, the
throw-away PostgreSQL cluster in ``app.testing.pg_cluster``, sample rows of scoped models in
``app.testing.samples``, the SQL statement counter (``counting``, ``statements_of``) in
``app.testing.sql``. See docs/plugin_hooks.md, "Testing your plugin".
"""
pytest_plugins = ["app.testing.fixtures"]
