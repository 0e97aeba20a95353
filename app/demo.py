"""Demo data: one user per role and whatever each plugin's ``qi_demo_data`` adds.

Demo passwords are public by design (they are printed by ``make run`` and listed in the README);
never load demo data into a production database.
"""
from __future__ import annotations

from flask import current_app

from .catalog.seed import declared_categories, sync_categories
from .cli import ensure_user
from .extensions import db
from .roles import ADMIN, ENTERPRISE, INSTITUTION, PLATFORM_STAFF, WINDOW_STAFF

DEMO_USERS = [
    # username, role, password, e-mail, given name, family name
    ("admin", ADMIN, "admin-demo-2026", "admin@demo.qi-onestop.local", "建国", "王"),
    ("platform", PLATFORM_STAFF, "platform-demo-2026", "platform@demo.qi-onestop.local", "丽", "李"),
    ("window", WINDOW_STAFF, "window-demo-2026", "window@demo.qi-onestop.local", "强", "张"),
    ("institution", INSTITUTION, "institution-demo-2026", "lab@demo.qi-onestop.local", "敏", "刘"),
    ("enterprise", ENTERPRISE, "enterprise-demo-2026", "ent@demo.qi-onestop.local", "伟", "陈"),
]


def load_demo(failed: list[str] | None = None) -> list[str]:
    """Add what is missing of the demo data, commit once, and describe what was done.

    Each plugin's ``qi_demo_data`` runs in a savepoint: when it raises, its part is rolled back,
    the failure is logged and counted for the plugin, its name is added to ``failed``, and the
    other plugins' demo data still loads.
    """
    from .plugins.failures import DEMO_DATA, record_failure

    host = current_app.extensions["qi_plugins"]
    lines = []
    try:
        added = sync_categories(db.session, declared_categories(host))
        users = [u for u, role, pw, email, first, last in DEMO_USERS
                 if ensure_user(u, pw, role, email, first, last)]
        from .accounts.demo import load_accounts_demo
        from .appointments.demo import load_appointments_demo
        from .complaints.demo import load_complaints_demo
        from .equipment.demo import load_equipment_demo
        from .evaluations.demo import load_evaluations_demo
        from .needs.demo import load_needs_demo
        from .packages.demo import load_packages_demo
        from .samples.demo import load_samples_demo
        from .teams.demo import load_teams_demo
        from .visits.demo import load_visits_demo
        from .windows.demo import load_windows_demo

        organisations = load_accounts_demo(db.session)
        windows = load_windows_demo(db.session)
        needs = load_needs_demo(db.session)
        # the service process at the windows, on the demo windows and needs above
        window_work = {"appointments": load_appointments_demo, "visits": load_visits_demo,
                       "samples": load_samples_demo, "instruments": load_equipment_demo,
                       "packages": load_packages_demo, "expert teams": load_teams_demo,
                       "complaints": load_complaints_demo, "evaluations": load_evaluations_demo}
        added_work = {name: load(db.session) for name, load in window_work.items()}
        from .evaluations.publication_demo import load_publication_demo
        from .improvement.demo import load_improvement_demo

        # after the evaluations (the survey's demo, when there is one): publish a past quarter, add actions
        added_work["published quarters"] = load_publication_demo(db.session)
        added_work["improvement actions"] = load_improvement_demo(db.session)
        from .support.demo import load_support_demo

        added_work["support tickets"] = load_support_demo(db.session)
        from .announcements.demo import load_announcements_demo

        added_work["announcements"] = load_announcements_demo(db.session)
        from .applications.demo import load_forms_demo

        added_work["application forms"] = load_forms_demo(db.session)
        lines.append(f"categories added: {', '.join(added) or 'none'}; users added: {', '.join(users) or 'none'}; "
                     f"organisations added: {organisations}; needs added: {needs}; windows added: {windows}")
        lines.append("; ".join(f"{name} added: {count or 0}" for name, count in added_work.items()))
        for record in host.loaded():
            try:
                with db.session.begin_nested():
                    count = host.call_plugin(record, "qi_demo_data", session=db.session, app=current_app)
            except Exception as exc:
                record_failure(record.name, DEMO_DATA, exc, connection=db.session.connection())
                lines.append(f"plugin {record.name}: demo data failed: {exc}")
                if failed is not None:
                    failed.append(record.name)
                continue
            lines.append(f"plugin {record.name}: {count or 0} demo records added")
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return lines


def demo_logins() -> list[tuple[str, str, str]]:
    return [(role, user, password) for user, role, password, *_ in DEMO_USERS]
