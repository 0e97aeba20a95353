"""The extension objects shared by every app instance (bound per app in ``create_app``)."""
from flask_appbuilder import Model
from flask_appbuilder.models.sqla.base import SQLA
from flask_migrate import Migrate

# model_class=Model: FAB's tables, ours and the plugins' share one metadata, which Alembic reads.
db = SQLA(model_class=Model)
migrate = Migrate()


@migrate.configure
def _add_plugin_migrations(config):
    """Alembic reads the core's versions folder and every loaded plugin's migration folders."""
    import os
    from pathlib import Path

    from flask import current_app

    host = current_app.extensions["qi_plugins"]
    folders = [str(Path(__file__).parent / "migrations" / "versions")]
    folders += [path for _, path in host.contributions("qi_migration_dirs")]
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join(folders))
    return config
