"""Writing a window from its form: the public details, the weekly hours, the services and the roster.

Lists of child rows are replaced whole: the old rows are deleted and flushed before the new ones
are added, so a row that stays the same never meets its own unique key.
"""
from __future__ import annotations

from flask_appbuilder.security.sqla.models import Role, User
from sqlalchemy import select

from ..accounts.models import APPROVED, Organisation
from ..catalog.models import ServiceCategory, ServiceItem
from ..regions.models import Region
from ..roles import WINDOW_STAFF
from .models import ServiceWindow, WindowHours, WindowService, WindowStaffMember


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def region_choices(session) -> list[tuple[str, str]]:
    """The active regions of the platform (``app.regions``), by code."""
    return [(r.code, f"{r.code} {r.name}") for r in session.scalars(
        select(Region).where(Region.active.is_(True)).order_by(Region.code))]


def item_choices(session) -> list[tuple[int, str]]:
    """The visible service items, named with their category."""
    rows = session.execute(select(ServiceItem, ServiceCategory).join(ServiceItem.category)
                           .where(ServiceItem.visible.is_(True), ServiceCategory.visible.is_(True))
                           .order_by(ServiceCategory.order, ServiceItem.order, ServiceItem.id)).all()
    return [(item.id, f"{category.name} · {item.name}") for item, category in rows]


def category_choices(session) -> list[tuple[int, str]]:
    return [(c.id, c.name) for c in session.scalars(select(ServiceCategory).where(ServiceCategory.visible.is_(True))
                                                   .order_by(ServiceCategory.order, ServiceCategory.id))]


def owner_choices(session) -> list[tuple[str, str]]:
    """Approved institutions and enterprises a window can belong to ("" for none: a park station)."""
    orgs = session.scalars(select(Organisation).where(Organisation.status == APPROVED,
                                                      Organisation.kind.in_(("institution", "enterprise")))
                           .order_by(Organisation.kind, Organisation.name).limit(2000))
    return [("", "—")] + [(str(o.id), o.name) for o in orgs]


def staff_choices(session) -> list[tuple[str, str]]:
    """Users with the role WindowStaff, who alone can be on a roster ("" for an empty row)."""
    users = session.scalars(select(User).join(User.roles).where(Role.name == WINDOW_STAFF, User.active.is_(True))
                            .order_by(User.username).limit(2000))
    return [("", "—")] + [(str(u.id), f"{u.username} ({u.first_name or ''}{u.last_name or ''})") for u in users]


def write_details(session, window: ServiceWindow, form) -> None:
    """The details an owning organisation may change: description, flow, cycle, price, hours, services."""
    window.description, window.flow = _text(form.description.data), _text(form.flow.data)
    window.cycle, window.price = _text(form.cycle.data), _text(form.price.data)
    for row in list(window.hours):
        window.hours.remove(row)
    for row in list(window.services):
        window.services.remove(row)
    session.flush()
    for entry in form.hours.entries:
        row = entry.form
        if row.blank:
            continue
        window.hours.append(WindowHours(weekday=row.weekday.data, opens=row.opens.data, closes=row.closes.data,
                                        slot_minutes=row.slot_minutes.data, capacity=row.capacity.data))
    window.services.extend(WindowService(item_id=i) for i in dict.fromkeys(form.items.data or []))
    window.services.extend(WindowService(category_id=c) for c in dict.fromkeys(form.categories.data or []))


def write_window(session, window: ServiceWindow, form) -> None:
    """Everything of the window, as platform staff set it (details, owner, place, roster)."""
    window.code, window.kind = form.code.data.strip(), form.kind.data
    window.name, window.name_en = form.name.data.strip(), _text(form.name_en.data)
    window.organisation_id = int(form.organisation_id.data) if form.organisation_id.data else None
    window.region_code, window.address = form.region_code.data, form.address.data.strip()
    window.latitude, window.longitude = form.latitude.data, form.longitude.data
    window.phone, window.industry = form.phone.data.strip(), _text(form.industry.data)
    window.active = bool(form.active.data)
    if window.id is None:
        session.add(window)
    write_details(session, window, form)
    for row in list(window.staff):
        window.staff.remove(row)
    session.flush()
    for entry in form.staff.entries:
        if entry.form.user_id.data:
            window.staff.append(WindowStaffMember(user_id=int(entry.form.user_id.data),
                                                  duty=_text(entry.form.duty.data)))


def owner_error(session, kind: str, organisation_id: str | None) -> str | None:
    """Why this owner does not fit this kind of window (translated), or None."""
    from flask_babel import gettext

    org = session.get(Organisation, int(organisation_id)) if organisation_id and organisation_id.isdigit() else None
    if organisation_id and (org is None or org.status != APPROVED):
        return gettext("Choose an approved institution or enterprise.")
    if kind == "park" and org is not None:
        return gettext("A park service station is run by the platform and has no owner.")
    if kind in ("institution", "enterprise") and (org is None or org.kind != kind):
        return (gettext("An institution window belongs to an approved institution.") if kind == "institution"
                else gettext("An enterprise window belongs to an approved enterprise."))
    return None


def fill_form(form, window: ServiceWindow, full: bool) -> None:
    """Put ``window`` into a GET form (its hours and roster rows, then a few blank rows to add more)."""
    from .forms import BLANK_HOURS_ROWS, BLANK_STAFF_ROWS

    for name in ("description", "flow", "cycle", "price"):
        getattr(form, name).data = getattr(window, name)
    form.items.data = [s.item_id for s in window.services if s.item_id]
    form.categories.data = [s.category_id for s in window.services if s.category_id]
    for row in window.hours:
        form.hours.append_entry({"weekday": row.weekday, "opens": row.opens, "closes": row.closes,
                                 "slot_minutes": row.slot_minutes, "capacity": row.capacity})
    for _ in range(BLANK_HOURS_ROWS):
        form.hours.append_entry({"slot_minutes": 30, "capacity": 2})
    if not full:
        return
    for name in ("code", "kind", "name", "name_en", "region_code", "address", "latitude", "longitude", "phone",
                 "industry", "active"):
        getattr(form, name).data = getattr(window, name)
    form.organisation_id.data = str(window.organisation_id or "")
    for member in window.staff:
        form.staff.append_entry({"user_id": str(member.user_id), "duty": member.duty or ""})
    for _ in range(BLANK_STAFF_ROWS):
        form.staff.append_entry({})
