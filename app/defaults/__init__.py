"""The platform's own default plugin, ``core``: what ships with no plugin, declared through the same
hooks as any plugin's (as datasette ships its defaults as plugins).

``app.plugins.manager.PluginHost`` registers it before every folder and entry-point plugin, so its
categories (quality management, brand building, other services), their service items and guides
(``catalog.json`` here) and the institution type ``other`` are seeded by ``flask qi init`` exactly
as a plugin's are, and no plugin can take them over. Its periodic tasks are the needs' deadline
reminders and escalations (``app.needs.tasks``).
"""
from __future__ import annotations

from ..plugins import hookimpl
from ..plugins.package import PackagePlugin
from .categories import CONFIGURED_CATEGORIES


class PlatformDefaults(PackagePlugin):
    """Answers qi_plugin_info, qi_service_categories, qi_service_items, qi_institution_types,
    qi_dictionaries (the complaint types) and qi_periodic_tasks (the needs' deadline reminders and escalations)."""

    categories = CONFIGURED_CATEGORIES
    # An institution of a kind no plugin serves yet: listed under no category, last in the form.
    institution_types = [{"code": "other", "label_zh": "其他", "label_en": "Other", "order": 1000}]

    @property
    def dictionaries(self) -> list[dict]:
        from ..complaints.types import COMPLAINT_TYPES
        from ..needs.channels import NEED_CHANNELS

        return [COMPLAINT_TYPES, NEED_CHANNELS]

    @property
    def info(self) -> dict:
        from ..plugins.manager import platform_version

        return {"title_zh": "平台内置", "title_en": "Platform defaults", "version": platform_version()}

    @hookimpl
    def qi_periodic_tasks(self):
        from ..needs.tasks import escalate_overdue_needs, remind_due_needs
        from ..visits.tasks import remind_overdue_visits
        from ..plugins.tasks import PeriodicTask

        return [PeriodicTask(name="needs-reminders", run=remind_due_needs,
                             description="remind platform staff once per due date of needs due by the next "
                                         "working day"),
                PeriodicTask(name="needs-escalations", run=escalate_overdue_needs,
                             description="tell platform staff once per due date of needs past their deadline"),
                PeriodicTask(name="visits-overdue", run=remind_overdue_visits,
                             description="tell each visitor once of their planned visits whose day has passed"),
                *appointment_tasks(), *complaint_tasks()]


def appointment_tasks():
    """The appointments' reminder the working day before (``app.appointments.tasks``)."""
    from ..appointments.tasks import remind_appointments
    from ..plugins.tasks import PeriodicTask

    return [PeriodicTask(name="appointments-reminders", run=remind_appointments,
                         description="remind each booker once of their appointment by the working day before")]


def complaint_tasks():
    """The complaints' reminder of deadlines passed (``app.complaints.tasks``)."""
    from ..complaints.tasks import remind_overdue_complaints
    from ..plugins.tasks import PeriodicTask

    return [PeriodicTask(name="complaints-overdue", run=remind_overdue_complaints,
                         description="tell platform staff once per complaint and stage of complaints past their "
                                     "deadline")]


plugin = PlatformDefaults(__file__)
