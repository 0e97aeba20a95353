"""Putting the categories, service items and guides that the platform and its plugins declare into
the database (``flask qi init``).

Everything comes from the plugins' hooks, the platform's own from its default plugin ``core``
(``app.defaults``). What is already in the table is never touched: once seeded, a category, an item
and its guide belong to the administrators, who may have renamed, reordered, hidden or rewritten them.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..plugins.manager import CORE
from .models import ServiceCategory

_FIELDS = ("code", "name_zh", "name_en", "description_zh", "description_en", "icon", "order")


def sync_categories(session: Session, declared: list[tuple[str | None, dict]]) -> list[str]:
    """Insert every declared category whose code is not in the table yet; return the codes added.

    ``declared`` holds ``(plugin name or None, category dict)`` pairs. Existing rows are left alone:
    once a category is in the table it belongs to the administrators, who may have renamed,
    reordered or hidden it.
    """
    existing = set(session.scalars(select(ServiceCategory.code)))
    added = []
    for plugin, spec in declared:
        if spec["code"] in existing:
            continue
        values = {k: spec[k] for k in _FIELDS if spec.get(k) is not None}
        session.add(ServiceCategory(plugin=plugin, **values))
        existing.add(spec["code"])
        added.append(spec["code"])
    return added


def declared_categories(host) -> list[tuple[str | None, dict]]:
    """Every loaded plugin's categories, the platform's own first; those of the platform's default
    plugin are owned by no plugin (``ServiceCategory.plugin`` is None, as for an administrator's)."""
    return [(None if record.source == CORE else record.name, category)
            for record, category in host.contributions("qi_service_categories")]


ANSWER_TEMPLATES = [
    ("一次性告知答复", "您好！关于您咨询的事项，办理条件、所需材料、办理流程、服务周期和收费标准均已列在以下页面，"
                 "请一次性备齐材料后在线提交或到服务窗口办理：\n\n{guide_links}\n\n如仍有疑问，请回复或致电服务窗口。"),
    ("转办说明", "您好！您咨询的事项需由相关技术机构办理，平台已将您的问题转交并将跟踪办理进度。"
             "办事指南见：\n\n{guide_links}"),
]


def seed_catalog(session: Session, declared: list[tuple[str, dict]]) -> list[str]:
    """Add the declared service items (``declared_items(host)``) with their guides, published, for
    categories that exist; return the codes added.

    Like categories, an item already in the table (by code) is left as the administrators made it,
    guide included; an item whose category is not in the table waits until it is.
    """
    from .models import PUBLISHED, ServiceGuide, ServiceItem

    categories = dict(session.execute(select(ServiceCategory.code, ServiceCategory.id)).all())
    existing = set(session.scalars(select(ServiceItem.code)))
    _fill_english_bodies(session, [entry for _plugin, entry in declared if entry["code"] in existing])
    added = []
    for _plugin, entry in declared:
        if entry["code"] in existing or entry["category"] not in categories:
            continue
        item = ServiceItem(
            category_id=categories[entry["category"]], code=entry["code"], clause=entry.get("clause"),
            name_zh=entry["name_zh"], name_en=entry["name_en"], summary_zh=entry.get("summary_zh"),
            summary_en=entry.get("summary_en"), order=entry.get("order", 100))
        guide = entry.get("guide")
        if guide is not None:
            item.guide = ServiceGuide(
                acceptance_conditions=guide.get("acceptance_conditions") or "",
                materials="\n".join(guide.get("materials") or []), steps="\n".join(guide.get("steps") or []),
                cycle_zh=guide.get("cycle_zh"), cycle_en=guide.get("cycle_en"), price_zh=guide.get("price_zh"),
                price_en=guide.get("price_en"), free=bool(guide.get("free")),
                channels=",".join(guide.get("channels") or ["online", "window"]),
                responsible_zh=guide.get("responsible_zh"), responsible_en=guide.get("responsible_en"),
                faq=_faq(guide.get("faq")), status=PUBLISHED, **_english_body(guide.get("en") or {}))
        session.add(item)
        existing.add(entry["code"])
        added.append(entry["code"])
    return added


def _fill_english_bodies(session: Session, entries: list[dict]) -> None:
    """Give guides seeded before their English bodies existed (databases older than qi_core_0022)
    the declared English text: only columns still empty, so an administrator's text is never replaced."""
    from .models import ServiceGuide, ServiceItem

    declared = {e["code"]: _english_body((e.get("guide") or {}).get("en") or {}) for e in entries}
    declared = {code: body for code, body in declared.items() if any(body.values())}
    if not declared:
        return
    rows = session.execute(select(ServiceItem.code, ServiceGuide).join(ServiceGuide, ServiceGuide.item_id == ServiceItem.id)
                           .where(ServiceItem.code.in_(declared)))
    for code, guide in rows:
        for column, text in declared[code].items():
            if text and not getattr(guide, column):
                setattr(guide, column, text)


def _faq(pairs) -> str:
    return "\n\n".join(f"**{qa['q']}**\n\n{qa['a']}" for qa in pairs or [])


def _english_body(en: dict) -> dict:
    """The guide's ``en`` entry of a catalog (same keys as the Chinese body) as the English columns;
    a guide declared without one is listed by ``flask qi i18n missing`` until it is written."""
    return {"acceptance_conditions_en": en.get("acceptance_conditions") or None,
            "materials_en": "\n".join(en.get("materials") or []) or None,
            "steps_en": "\n".join(en.get("steps") or []) or None,
            "faq_en": _faq(en.get("faq")) or None}


def seed_answer_templates(session: Session) -> int:
    from .models import AnswerTemplate

    have = set(session.scalars(select(AnswerTemplate.title)))
    new = [AnswerTemplate(title=t, body=b) for t, b in ANSWER_TEMPLATES if t not in have]
    session.add_all(new)
    return len(new)
