"""What an item's application form is tied to: the guide's materials and the notice sheet, the unified
search (staff only), the dictionaries its choices use, and the default forms plugins ship."""
from __future__ import annotations

import io
import json
import re

import pytest
from flask import current_app
from sqlalchemy import select

from app.applications.models import ItemForm
from app.applications.shipped import install_shipped_forms
from app.catalog.contributed import declared_items
from app.applications.publishing import checked, form_of, install_shipped, save_draft
from app.catalog.models import ServiceItem
from app.dictionaries.models import Dictionary, DictionaryItem
from app.extensions import db
from app.testing.fixtures import add_users, login_client
from app.testing.orgs import MEMBER_PASSWORD, make_org

ITEM = "quality-diagnosis"
TOKEN = re.compile(r'name="token" type="hidden" value="([0-9a-f]{32})"')
VERSION = re.compile(r'name="form_version" type="hidden" value="(\d+)"')
NUMBER = re.compile(r"XQ-\d{4}-\d{6}")
PDF = b"%PDF-1.4\n%%EOF\n"
L = lambda zh, en: {"zh": zh, "en": en}  # noqa: E731
FIELDS = [
    {"name": "product", "kind": "text", "label": L("主要产品", "Main product"), "required": True},
    {"name": "contact_phone", "kind": "phone", "label": L("联系电话", "Phone")},
    {"name": "kind", "kind": "choice", "dictionary": "complaint_type", "label": L("类别", "Kind")},
    {"name": "report", "kind": "file", "label": L("自查报告", "Self-check report"), "types": ["pdf"],
     "material": L("企业质量自查报告", "The enterprise's quality self-check report")},
]


@pytest.fixture(scope="module")
def world(make_app):
    app = make_app()
    add_users(app)
    with app.app_context():
        _org, username = make_org("enterprise", "表单关联测试企业有限公司")
    admin = login_client(app, "t_admin")
    body = json.dumps({"format": "qi-item-form/1", "fields": FIELDS}).encode()
    assert admin.post(f"/admin/forms/{ITEM}/import", data={"file": (io.BytesIO(body), "f.json")},
                      content_type="multipart/form-data").status_code == 303
    assert admin.post(f"/admin/forms/{ITEM}/publish").status_code == 303
    enterprise = login_client(app, username, MEMBER_PASSWORD)
    page = enterprise.get(f"/needs/new?item={ITEM}").get_data(as_text=True)
    response = enterprise.post("/needs/new", content_type="multipart/form-data", data={
        "token": TOKEN.search(page).group(1), "form_version": VERSION.search(page).group(1), "item": ITEM,
        "title": "质量诊断", "description": "请诊断我们的生产线", "contact_name": "李工", "contact": "13995110000",
        "answers-product": "宁夏枸杞干果", "answers-contact_phone": "13995117777", "answers-kind": "price",
        "answers-report": (io.BytesIO(PDF), "report.pdf")})
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return {"app": app, "admin": admin, "staff": login_client(app, "t_platform"), "enterprise": enterprise,
            "window": login_client(app, "t_window"), "number": NUMBER.search(response.get_data(as_text=True)).group(0)}


def test_the_guide_and_the_notice_sheet_list_the_files_the_form_asks_for(world):
    guide = world["enterprise"].get(f"/item/{ITEM}?_l_=en").get_data(as_text=True)
    assert "upload it in the online application" in guide
    sheet = world["app"].test_client().get(f"/item/{ITEM}/notice").get_data(as_text=True)
    assert "企业质量自查报告" in sheet and "qi-material-in-form" in sheet


def test_staff_find_a_need_by_its_answers_and_nobody_else_does(world):
    staff = world["staff"].get("/search/?q=枸杞干果").get_data(as_text=True)
    assert world["number"] in staff and "qi-staff-results" in staff
    for client in (world["enterprise"], world["window"], world["app"].test_client()):
        page = client.get("/search/?q=枸杞干果").get_data(as_text=True)
        assert world["number"] not in page and "qi-staff-results" not in page
    # a phone answer is personal data: not in the index
    assert world["number"] not in world["staff"].get("/search/?q=13995117777").get_data(as_text=True)
    # the private kind is not offered as a public filter
    assert 'value="need"' not in world["app"].test_client().get("/search/?q=x").get_data(as_text=True)


def test_a_dictionary_code_an_answer_holds_cannot_be_deleted(world):
    app, admin = world["app"], world["admin"]
    with app.app_context():
        dictionary = db.session.scalar(select(Dictionary).where(Dictionary.code == "complaint_type"))
        extra = DictionaryItem(dictionary_id=dictionary.id, code="form_only", label_zh="表单专用", label_en="Form only",
                               position=900, active=True, shipped=False, customised=True, changed_by="test")
        db.session.add(extra)
        db.session.commit()
        extra_id = extra.id
    with app.app_context():
        from app.applications.models import NeedAnswers
        from app.needs.models import Need

        need = db.session.scalar(select(Need).where(Need.number == world["number"]))
        row = db.session.get(NeedAnswers, need.id)
        row.answers = {**row.answers, "kind": "form_only"}
        db.session.commit()
    refused = admin.post(f"/admin/dictionaries/complaint_type/{extra_id}/delete?_l_=en", follow_redirects=True)
    assert "is used by records" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(DictionaryItem, extra_id) is not None


def test_a_plugin_form_is_installed_and_upgraded_until_an_administrator_edits_it(world):
    app = world["app"]
    first = {"fields": [{"name": "a", "kind": "text", "label": L("甲", "A")}]}
    second = {"fields": first["fields"] + [{"name": "b", "kind": "yesno", "label": L("乙", "B")}]}
    third = {"fields": second["fields"] + [{"name": "c", "kind": "date", "label": L("丙", "C")}]}
    with app.app_context():
        item_id = db.session.scalar(select(ServiceItem.id).where(ServiceItem.code == "quality-5s-consulting"))
        assert install_shipped(db.session, item_id, "quality", checked(db.session, first)) == "added"
        assert install_shipped(db.session, item_id, "quality", checked(db.session, first)) is None
        assert install_shipped(db.session, item_id, "quality", checked(db.session, second)) == "updated"
        form = form_of(db.session, item_id)
        assert form.current.number == 2 and [f["name"] for f in form.current.definition["fields"]] == ["a", "b"]
        save_draft(db.session, form, checked(db.session, first), "admin")
        assert install_shipped(db.session, item_id, "quality", checked(db.session, third)) is None
        assert [f["name"] for f in form_of(db.session, item_id).draft["fields"]] == ["a"]
        db.session.rollback()


def test_the_metrology_plugin_ships_the_calibration_form(world):
    with world["app"].app_context():
        install_shipped_forms(db.session, declared_items(current_app.extensions["qi_plugins"]))
        form = db.session.scalar(select(ItemForm).join(ServiceItem, ServiceItem.id == ItemForm.item_id)
                                 .where(ServiceItem.code == "metrology-verification-calibration"))
        if form is None:
            pytest.skip("the metrology plugin is not loaded in this run")
        names = [f["name"] for f in form.current.definition["fields"]]
        assert form.plugin == "metrology" and "instruments" in names and "licence" in names
        db.session.rollback()
