"""Demo: an application form for the quality diagnosis (a core item), published, so the need form,
the builder and the guide's materials show one; the metrology plugin ships its own with
``flask qi init``. Added once: an item that has a form already is left alone."""
from __future__ import annotations

from sqlalchemy import select

from ..catalog.models import ServiceItem
from .publishing import checked, form_of, publish

ITEM = "quality-diagnosis"


def _both(zh: str, en: str) -> dict:
    return {"zh": zh, "en": en}


FORM = {"fields": [
    {"name": "main_products", "kind": "text", "label": _both("主要产品", "Main products"), "required": True},
    {"name": "staff_count", "kind": "number", "label": _both("职工人数", "Number of employees"), "min": 1, "max": 100000,
     "integer": True, "unit": _both("人", "people"), "required": True},
    {"name": "problems", "kind": "multichoice", "dictionary": "complaint_type",
     "label": _both("希望诊断的问题类别", "Kinds of problem to look at")},
    {"name": "certified", "kind": "yesno", "label": _both("是否已通过质量管理体系认证", "Certified to a quality management system"),
     "required": True},
    {"name": "certificate_no", "kind": "text", "label": _both("认证证书编号", "Certificate number"), "required": True,
     "show_if": {"field": "certified", "equals": True}},
    {"name": "products", "kind": "table", "label": _both("重点产品及执行标准", "Key products and their standards"), "max_rows": 10,
     "columns": [{"name": "product", "kind": "text", "label": _both("产品", "Product"), "required": True},
                 {"name": "standard", "kind": "standard", "label": _both("执行标准", "Standard")}]},
    {"name": "self_check", "kind": "file", "label": _both("质量自查报告", "Quality self-check report"), "types": ["pdf"],
     "material": _both("企业质量自查报告", "The enterprise's quality self-check report")},
]}


def load_forms_demo(session) -> int:
    item_id = session.scalar(select(ServiceItem.id).where(ServiceItem.code == ITEM))
    if item_id is None or form_of(session, item_id) is not None:
        return 0
    form = form_of(session, item_id, create=True)
    form.draft, form.changed_by = checked(session, FORM), "platform"
    publish(session, form, "platform")
    return 1
