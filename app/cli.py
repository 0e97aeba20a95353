"""``flask qi``: set up, fill with demo data and inspect an installation."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .catalog.contributed import declared_items
from .catalog.seed import declared_categories, seed_answer_templates, seed_catalog, sync_categories
from .regions.seed import seed_regions
from .workdays.seed import seed_calendar
from .extensions import db
from .plugins.lifecycle import prune_search
from .plugins.scaffold import new_command
from .roles import ADMIN, ROLE_NAMES
from .i18n.commands import i18n_group
from .web.server import serve


@click.group()
def qi():
    """QI One-Stop administration."""


def migrate_database() -> list[str]:
    """Upgrade the core and every present plugin's migration branch to its head; returns the
    revisions the database holds of plugins that are disabled or gone (left as they are)."""
    from .plugins.lifecycle import upgrade_present_branches

    return upgrade_present_branches(db.engine)


def sync_roles() -> list[str]:
    """Create the built-in role rows and the permission rows of every registered view."""
    sm = current_app.appbuilder.sm
    created = [name for name in ROLE_NAMES if sm.find_role(name) is None]
    for name in created:
        sm.add_role(name)
    current_app.appbuilder.add_permissions(update_perms=True)
    return created


def ensure_user(username: str, password: str, role: str, email: str, first: str, last: str) -> bool:
    """Create ``username`` with ``role`` unless a user of that name exists; True when created."""
    sm = current_app.appbuilder.sm
    if sm.find_user(username=username):
        return False
    user = sm.add_user(username, first, last, email, sm.find_role(role), password)
    if not user:
        raise click.ClickException(f"could not create user {username}: is the e-mail {email} taken?")
    return True


def interactive() -> bool:
    """Whether someone can answer prompts (not under `make`, CI or a pipe)."""
    return sys.stdin.isatty()


def _admin_password(password_file: str | None) -> str | None:
    if password_file == "-":
        return sys.stdin.readline().rstrip("\n")
    if password_file:
        return Path(password_file).read_text().strip()
    return os.environ.get("QI_ADMIN_PASSWORD")


@qi.command("init")
@click.option("--admin-user", envvar="QI_ADMIN_USER", help="Create this administrator if absent.")
@click.option("--admin-email", envvar="QI_ADMIN_EMAIL", help="The administrator's e-mail.")
@click.option("--admin-password-file", type=click.Path(allow_dash=True),
              help="File holding the administrator's password ('-' reads standard input); "
                   "QI_ADMIN_PASSWORD also works.")
@click.option("--no-admin", is_flag=True, help="Do not create or prompt for an administrator.")
@with_appcontext
def init_command(admin_user, admin_email, admin_password_file, no_admin):
    """Migrate the database, sync roles and categories, create the first administrator."""
    orphaned = migrate_database()
    created_roles = sync_roles()
    host = current_app.extensions["qi_plugins"]
    added = sync_categories(db.session, declared_categories(host))
    db.session.flush()
    items = seed_catalog(db.session, declared_items(host))
    seed_answer_templates(db.session)
    from .dictionaries.declared import declared_dictionaries
    from .dictionaries.sync import sync_dictionaries

    sync_dictionaries(db.session, declared_dictionaries())
    db.session.flush()
    from .applications.shipped import install_shipped_forms

    forms = install_shipped_forms(db.session, declared_items(host))
    seed_regions(db.session)
    calendar_years = seed_calendar(db.session)
    pruned = prune_search(db.session, current_app.extensions["qi_search"])
    db.session.commit()
    click.echo(f"database migrated; roles created: {', '.join(created_roles) or 'none'}; "
               f"categories added: {', '.join(added) or 'none'}; service items added: {len(items)}")
    for line in forms:
        click.echo(line)
    if calendar_years:
        click.echo(f"working-day calendar loaded for {calendar_years[0]}-{calendar_years[-1]} (chinesecalendar)")
    if orphaned:
        click.echo(f"migrations of disabled or removed plugins left in place: {', '.join(orphaned)} "
                   "(`flask qi plugins uninstall NAME --drop-tables --yes` removes a disabled plugin's tables)")
    if pruned:
        click.echo("search entries of kinds no loaded plugin provides removed: "
                   + ", ".join(f"{kind} {n}" for kind, n in pruned.items())
                   + " (after enabling a plugin again, run `flask qi search rebuild`)")
    if no_admin:
        return
    sm = current_app.appbuilder.sm
    admin_role = sm.find_role(ADMIN)
    has_admin = any(admin_role in u.roles for u in sm.get_all_users())
    if admin_user is None and has_admin:
        return
    if admin_user is None:
        if not interactive():
            click.echo("no administrator yet: run `flask qi init --admin-user NAME --admin-password-file FILE`")
            return
        admin_user = click.prompt("Administrator user name", default="admin")
    password = _admin_password(admin_password_file)
    if not password:
        if not interactive():
            raise click.ClickException("no administrator password: give --admin-password-file or QI_ADMIN_PASSWORD")
        password = click.prompt("Administrator password", hide_input=True, confirmation_prompt=True)
    email = admin_email or f"{admin_user}@qi-onestop.local"
    if ensure_user(admin_user, password, ADMIN, email, admin_user, "Admin"):
        click.echo(f"administrator {admin_user} created")
    else:
        click.echo(f"user {admin_user} exists; left unchanged")


@qi.command("demo")
@click.option("--yes-this-is-a-demo", "confirmed", is_flag=True,
              help="Load the demo data although QI_DEMO is not set (its passwords are public).")
@with_appcontext
def demo_command(confirmed):
    """Load demo users and every plugin's demo data; running it again changes nothing.

    Only where demo mode is on (QI_DEMO=1) or with --yes-this-is-a-demo: the demo passwords are
    published, and they sign nobody in unless QI_DEMO=1.

    A plugin whose demo data fails is left out (its part rolled back) and named; the rest is
    loaded and committed. Exit status 0 then too (a warning names the plugin); 1 only when the
    core's own demo data fails.
    """
    from .auth.demo_guard import demo_mode
    from .demo import load_demo

    if not (demo_mode() or confirmed):
        raise click.ClickException(
            "this database is not a demo: set QI_DEMO=1 (or pass --yes-this-is-a-demo) to load demo data, "
            f"whose passwords are public; database: {db.engine.url.render_as_string(hide_password=True)}")
    if not demo_mode():
        click.echo("note: QI_DEMO is not set, so the demo passwords below will not sign anyone in")

    from .demo import demo_logins

    failed: list[str] = []
    for line in load_demo(failed):
        click.echo(line)
    click.echo("demo logins (role, user name, password):")
    for role, user, password in demo_logins():
        click.echo(f"  {role:14} {user:12} {password}")
    if failed:
        # Still exit 0: the demo is usable without that plugin's records (`make run` goes on).
        click.echo(f"warning: demo data of plugin(s) {', '.join(failed)} failed and was left out "
                   "(see the Plugins page)")


@qi.group("search")
def search_group():
    """The unified search index."""


@search_group.command("rebuild")
@with_appcontext
def search_rebuild_command():
    """Empty the search index and fill it again from every provider, in one transaction."""
    from .search.index import rebuild

    counts = rebuild(db.session, current_app.extensions["qi_search"])
    db.session.commit()
    click.echo("search index rebuilt: " + ", ".join(f"{kind} {n}" for kind, n in counts.items()))


@qi.group("outbox")
def outbox_group():
    """E-mails queued by notifications."""


@outbox_group.command("send")
@click.option("--limit", default=100, show_default=True, help="At most this many mails per run.")
@with_appcontext
def outbox_send_command(limit):
    """Send waiting e-mails through QI_SMTP_HOST (run it from cron)."""
    from .notify.send import send_outbox

    if not current_app.config.get("QI_SMTP_HOST"):
        raise click.ClickException("set QI_SMTP_HOST (and QI_SMTP_PORT, QI_SMTP_USER, QI_SMTP_PASSWORD, QI_MAIL_FROM)")
    sent, failed = send_outbox(db.session, limit)
    db.session.commit()
    click.echo(f"sent {sent}, failed {failed}")


@qi.command("check-config")
@with_appcontext
def check_config_command():
    """Refuse a production configuration with a missing or weak secret, SQLite, debug or demo mode,
    CSRF or HTTPS off, or demo accounts that still sign in; warn of what several servers need.
    Exit status 1 when anything is refused: run it before starting the servers."""
    from .ops.config_check import REFUSED, findings

    found = findings(current_app)
    for finding in found:
        click.echo(f"{finding.level}: {finding.message}", err=finding.level == REFUSED)
    if any(f.level == REFUSED for f in found):
        raise SystemExit(1)
    click.echo("the configuration is fit for production")


@qi.command("rotate-data-keys")
@with_appcontext
def rotate_data_keys_command():
    """Encrypt every sealed value (ID numbers) again with the first key of QI_DATA_KEYS; then the
    older keys can be dropped from QI_DATA_KEYS."""
    from .accounts.sealed import rotate

    click.echo(f"{rotate(db.session)} values sealed with the first key")


@qi.command("backup")
@click.option("--to", "folder", type=click.Path(file_okay=False), default=None,
              help="Folder of the archive (default: <instance>/backups).")
@with_appcontext
def backup_command(folder):
    """Archive the database and the uploaded files, with a manifest of checksums and row counts."""
    from pathlib import Path

    from .ops.backups import BackupError, create_backup

    try:
        archive = create_backup(Path(folder) if folder else Path(current_app.instance_path) / "backups")
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(str(archive))


@qi.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option("--replace", is_flag=True, help="Replace a database and upload folder that hold data already.")
@with_appcontext
def restore_command(archive, replace):
    """Restore an archive of `flask qi backup` once every checksum holds; compare the row counts.
    Stop the app servers first. Exit status 1 when it refused or the rows differ."""
    from pathlib import Path

    from .ops.backups import BackupError, restore_backup

    try:
        done = restore_backup(Path(archive), replace=replace)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"restored {done.tables} tables ({done.rows} rows) and {done.files} files")
    for table, (expected, now) in done.mismatched.items():
        click.echo(f"{table}: {expected} rows in the archive, {now} now", err=True)
    if done.mismatched:
        raise SystemExit(1)


@qi.group("tasks")
def tasks_group():
    """Periodic tasks of the plugins (reminders, expiry sweeps): run them from cron."""


@tasks_group.command("list")
@with_appcontext
def tasks_list_command():
    """List every periodic task."""
    from .plugins.tasks import periodic_tasks

    for task in periodic_tasks(current_app.extensions["qi_plugins"]):
        click.echo(f"{task.name:32} {task.description}")


@tasks_group.command("run")
@click.argument("names", nargs=-1)
@with_appcontext
def tasks_run_command(names):
    """Run every periodic task, or the NAMES given.

    Every task runs even when another fails; each failure is printed with its plugin, logged and
    counted on the Plugins page. Exit status: 0 when all ran, 1 when a task (or a plugin's list of
    tasks) failed, 2 for an unknown task name.
    """
    from .plugins.tasks import periodic_tasks, run_tasks

    unlisted: list[str] = []
    tasks = periodic_tasks(current_app.extensions["qi_plugins"], unlisted)
    for plugin in unlisted:
        click.echo(f"plugin {plugin}: its periodic tasks could not be listed (see the Plugins page)")
    unknown = set(names) - {t.name for t in tasks}
    if unknown:
        raise click.UsageError(f"unknown task(s): {', '.join(sorted(unknown))}")
    owners = {t.name: t.plugin for t in tasks}
    failed = bool(unlisted) and not names
    for name, count, error in run_tasks(db.session, [t for t in tasks if not names or t.name in names]):
        click.echo(f"{name}: {f'failed (plugin {owners[name]}): ' + error if error else f'{count or 0} done'}")
        failed = failed or bool(error)
    if failed:
        raise SystemExit(1)


@qi.group("plugins", invoke_without_command=True)
@click.pass_context
def plugins_group(ctx):
    """List every plugin (also `flask qi plugins list`); uninstall one."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(plugins_command)


@plugins_group.command("list")
@with_appcontext
def plugins_command():
    """List every plugin with its version, source, status and what it added."""
    host = current_app.extensions["qi_plugins"]
    for record in host.records.values():
        cats = ",".join(c["code"] for c in record.categories) or "-"
        views = ",".join(record.views) or "-"
        click.echo(f"{record.name:16} {record.version or '-':8} {record.status:9} {record.source:12} "
                   f"categories={cats} views={views}")
        if record.error:
            click.echo("    " + record.error.strip().splitlines()[-1])


plugins_group.add_command(new_command())  # flask qi plugins new NAME


@plugins_group.command("uninstall")
@click.argument("name")
@click.option("--drop-tables", is_flag=True, help="Also downgrade the plugin's migration branch: its tables and data go.")
@click.option("--yes", is_flag=True, help="Confirm --drop-tables.")
@with_appcontext
def plugins_uninstall_command(name, drop_tables, yes):
    """Remove what a disabled plugin left: its search entries and, with --drop-tables --yes, its tables.

    The plugin must be disabled first (QI_DISABLED_PLUGINS, or left out of QI_ENABLED_PLUGINS);
    uninstall its package (pip) after dropping its tables, since the migrations are read from it.
    """
    from .plugins.lifecycle import describe_offline, drop_migration_branch, drop_search_entries
    from .plugins.manager import LOADED

    host = current_app.extensions["qi_plugins"]
    record = host.records.get(name)
    if record is not None and record.status == LOADED:
        raise click.ClickException(f"plugin {name} is enabled: add it to QI_DISABLED_PLUGINS (or leave it out of "
                                   "QI_ENABLED_PLUGINS) and run this again")
    try:
        plugin = describe_offline(record) if record is not None else None
    except Exception as exc:  # its code is gone or broken: only what the index itself tells is left
        click.echo(f"plugin {name}: its code cannot be read ({exc!r})")
        plugin = None
    if plugin is None:
        if drop_tables:
            raise click.ClickException(f"plugin {name} is not installed: its migrations cannot be run to drop its "
                                       "tables; reinstall it (disabled) or drop them by hand")
        kinds = list(prune_search(db.session, current_app.extensions["qi_search"]))
        click.echo(f"search entries of kinds no loaded plugin provides removed: {', '.join(kinds) or 'none'}")
        db.session.commit()
        return
    if drop_tables and not yes:
        raise click.ClickException(f"--drop-tables deletes the tables {', '.join(plugin.tables) or '(none)'} of "
                                   f"{name} and all their data: add --yes to confirm")
    removed = drop_search_entries(db.session, plugin.kinds)
    db.session.commit()
    click.echo(f"plugin {name}: {removed} search entries removed ({', '.join(plugin.kinds) or 'no search kinds'})")
    if drop_tables:
        db.session.remove()  # Alembic works on its own connection; nothing of ours may hold the tables
        bases = drop_migration_branch(plugin.migration_dirs)
        click.echo(f"plugin {name}: migration branch {', '.join(bases) or '(none applied)'} downgraded; "
                   f"tables dropped: {', '.join(plugin.tables) or 'none'}")
    click.echo(f"plugin {name}: now uninstall its package or remove its folder")


@qi.command("generate")
@click.option("--scale", type=click.Choice(["tiny", "small", "large"]), default="small", show_default=True,
              help="small: about 10,000 rows per main list; large: 1,000,000 in the big tables.")
@click.option("--seed", type=int, default=None, help="Random seed (fixed by default: the same rows every run).")
@with_appcontext
def generate_command(scale, seed):
    """Fill an initialised demo database (flask qi init + flask qi demo) with benchmark data.

    Deterministic (a fixed seed gives the same rows), bulk inserts, one progress line per table.
    Runs once per database: a second run is refused. A plugin whose generator fails is rolled
    back and named (exit status 1), the others still generate.
    """
    from .generate import DEFAULT_SEED, AlreadyGenerated, generate

    try:
        report = generate(db.session, scale, DEFAULT_SEED if seed is None else seed,
                          host=current_app.extensions["qi_plugins"], echo=click.echo)
    except AlreadyGenerated:
        raise click.ClickException("this database already holds generated data (flask qi generate runs once "
                                   "per database): start from a fresh database to generate again")
    if report["failed"]:
        raise click.ClickException(f"generation of plugin(s) {', '.join(report['failed'])} failed (see above)")


qi.add_command(serve)  # the development server without a version banner
qi.add_command(i18n_group)  # flask qi i18n extract|compile|check [--plugin NAME]
