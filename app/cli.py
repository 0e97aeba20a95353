"""``flask qi``: set up, fill with demo data and inspect an installation."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from .catalog.contributed import declared_items
from .catalog.seed import declared_categories, seed_answer_templates, seed_catalog, sync_categories
from .regions.seed import seed_regions
from .extensions import db
from .roles import ADMIN, ROLE_NAMES
from .web.server import serve


@click.group()
def qi():
    """QI One-Stop administration."""


def migrate_database() -> None:
    """Upgrade the core and every plugin's migration branch to its head."""
    upgrade(directory=current_app.extensions["migrate"].directory, revision="heads")


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
    migrate_database()
    created_roles = sync_roles()
    host = current_app.extensions["qi_plugins"]
    added = sync_categories(db.session, declared_categories(host))
    db.session.flush()
    items = seed_catalog(db.session, declared_items(host))
    seed_answer_templates(db.session)
    seed_regions(db.session)
    db.session.commit()
    click.echo(f"database migrated; roles created: {', '.join(created_roles) or 'none'}; "
               f"categories added: {', '.join(added) or 'none'}; service items added: {len(items)}")
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

    for line in load_demo():
        click.echo(line)
    click.echo("demo logins (role, user name, password):")
    for role, user, password in demo_logins():
        click.echo(f"  {role:14} {user:12} {password}")


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
    """Run every periodic task, or the NAMES given; exits 1 when one failed."""
    from .plugins.tasks import periodic_tasks, run_tasks

    tasks = periodic_tasks(current_app.extensions["qi_plugins"])
    unknown = set(names) - {t.name for t in tasks}
    if unknown:
        raise click.ClickException(f"unknown task(s): {', '.join(sorted(unknown))}")
    failed = False
    for name, count, error in run_tasks(db.session, [t for t in tasks if not names or t.name in names]):
        click.echo(f"{name}: {'failed: ' + error if error else f'{count or 0} done'}")
        failed = failed or bool(error)
    if failed:
        raise SystemExit(1)


@qi.command("plugins")
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


qi.add_command(serve)  # the development server without a version banner
