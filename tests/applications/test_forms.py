"""Application forms per service item (issue 18): an administrator defines and publishes a form, an
enterprise files a need with it, staff read and export the answers; each kind of field is checked
with a translated message; conditional fields; versions keep earlier needs intact; a form file
round-trips."""
from __future__ import annotations

import io
import json
import re

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook
from sqlalchemy import select

from app.applications.definition import DefinitionError, check_definition
from app.applications.models import ItemForm, NeedAnswers
from app.catalog.models import ServiceItem
from app.extensions import db
from app.needs.models import Need, NeedDocument
from app.testing.fixtures import add_users, login_client
from app.testing.orgs import MEMBER_PASSWORD, make_org

ITEM = "testing-demand-matching"
TOKEN = re.compile(r'name="token" type="hidden" value="([0-9a-f]{32})"')
VERSION = re.compile(r'name="form_version" type="hidden" value="(\d+)"')
NUMBER = re.compile(r"XQ-\d{4}-\d{6}")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

FIELDS = [
    {"name": "sample_name", "kind": "text", "label": {"zh": "样品名称", "en": "Sample name"}, "required": True},
    {"name": "count", "kind": "number", "label": {"zh": "样品数量", "en": "Number of samples"}, "required": True,
     "min": 1, "max": 50, "integer": True, "unit": {"zh": "件", "en": "pieces"}},
    {"name": "wanted_by", "kind": "date", "label": {"zh": "期望完成日期", "en": "Wanted by"}},
    {"name": "complaint_kind", "kind": "choice", "dictionary": "complaint_type",
     "label": {"zh": "类别", "en": "Kind"}},
    {"name": "urgent", "kind": "yesno", "label": {"zh": "是否加急", "en": "Urgent"}, "required": True},
    {"name": "urgent_reason", "kind": "textarea", "label": {"zh": "加急原因", "en": "Why urgent"}, "required": True,
     "show_if": {"field": "urgent", "equals": True}},
    {"name": "phone", "kind": "phone", "label": {"zh": "联系电话", "en": "Phone"}},
    {"name": "uscc", "kind": "uscc", "label": {"zh": "统一社会信用代码", "en": "Credit code"}},
    {"name": "standard", "kind": "standard", "label": {"zh": "检测依据标准", "en": "Test standard"}},
    {"name": "licence", "kind": "file", "label": {"zh": "营业执照", "en": "Business licence"}, "types": ["pdf"],
     "required": True},
    {"name": "samples", "kind": "table", "label": {"zh": "样品清单", "en": "Samples"}, "max_rows": 3,
     "columns": [{"name": "item", "kind": "text", "label": {"zh": "名称", "en": "Name"}, "required": True},
                 {"name": "weight", "kind": "number", "label": {"zh": "重量", "en": "Weight"}}]},
]


@pytest.fixture(scope="module")
def world(make_app):
    app = make_app()
    add_users(app)
    with app.app_context():
        org_id, username = make_org("enterprise", "申请表测试企业有限公司")
    return {"app": app, "admin": login_client(app, "t_admin"), "staff": login_client(app, "t_platform"),
            "enterprise": login_client(app, username, MEMBER_PASSWORD), "org": org_id}


def _import(admin, fields, item=ITEM):
    body = json.dumps({"format": "qi-item-form/1", "item": item, "fields": fields}).encode()
    return admin.post(f"/admin/forms/{item}/import?_l_=en", data={"file": (io.BytesIO(body), "form.json")},
                      content_type="multipart/form-data")


def _publish(admin, fields, item=ITEM):
    assert _import(admin, fields, item).status_code == 303
    assert admin.post(f"/admin/forms/{item}/publish").status_code == 303


def _answers(**overrides):
    data = {"answers-sample_name": "枸杞饮料", "answers-count": "3", "answers-wanted_by": "2026-12-20",
            "answers-urgent": "no", "answers-phone": "13995112233", "answers-standard": "GB 2763-2021",
            "answers-samples-0-item": "枸杞原浆", "answers-samples-0-weight": "1.5",
            "answers-licence": (io.BytesIO(PDF), "licence.pdf")}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _file(client, lang="zh", **answers):
    page = client.get(f"/needs/new?item={ITEM}&_l_={lang}").get_data(as_text=True)
    data = {"token": TOKEN.search(page).group(1), "form_version": VERSION.search(page).group(1), "item": ITEM,
            "title": "检测需求", "description": "需要对枸杞饮料做农残检测", "contact_name": "王经理",
            "contact": "13995112233", **_answers(**answers)}
    return client.post(f"/needs/new?_l_={lang}", data=data, content_type="multipart/form-data")


def test_a_published_form_is_filled_in_and_staff_read_and_export_the_answers(world):
    app, admin, enterprise, staff = world["app"], world["admin"], world["enterprise"], world["staff"]
    _publish(admin, FIELDS)
    page = enterprise.get(f"/needs/new?item={ITEM}&_l_=en").get_data(as_text=True)
    assert "Number of samples" in page and "pieces" in page and 'accept=".pdf"' in page
    response = _file(enterprise, **{"answers-urgent": "yes", "answers-urgent_reason": "出口检验"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:3000]
    number = NUMBER.search(html).group(0)
    with app.app_context():
        need = db.session.scalar(select(Need).where(Need.number == number))
        kept = db.session.get(NeedAnswers, need.id)
        assert kept.answers["count"] == 3 and kept.answers["urgent"] is True
        assert kept.answers["samples"] == [{"item": "枸杞原浆", "weight": 1.5}]
        document = db.session.get(NeedDocument, kept.answers["licence"]["document"])
        assert document.need_id == need.id and document.filename == "licence.pdf"
    case = staff.get(f"/needs/case/{number}?_l_=en").get_data(as_text=True)
    assert "Number of samples" in case and "3 pieces" in case and "出口检验" in case and "licence.pdf" in case
    assert staff.get(f"/needs/documents/{document.id}").data == PDF
    book = load_workbook(io.BytesIO(staff.get(f"/needs/answers/export?item={ITEM}&_l_=en").data))
    rows = list(book.active.values)
    header = rows[0]
    assert "Sample name" in header and "Samples" in header
    row = next(r for r in rows if r[0] == number)
    assert row[header.index("Number of samples")] == "3 pieces"
    assert row[header.index("Urgent")] == "Yes"
    assert row[header.index("Samples")] == "枸杞原浆, 1.5"
    # a member of another enterprise cannot see it: the export lists only what the reader may see
    assert enterprise.get(f"/needs/answers/export?item={ITEM}").status_code in (302, 403)


@pytest.mark.parametrize("lang, answers, field, message", [
    ("en", {"answers-sample_name": ""}, "sample_name", "Please fill in Sample name."),
    ("zh", {"answers-sample_name": ""}, "sample_name", "请填写样品名称。"),
    ("en", {"answers-count": "0"}, "count", "Number of samples must be at least 1."),
    ("en", {"answers-count": "2.5"}, "count", "Number of samples must be a whole number."),
    ("en", {"answers-count": "many"}, "count", "Number of samples must be a number."),
    ("en", {"answers-wanted_by": "2026-13-45"}, "wanted_by", "Wanted by must be a date."),
    ("en", {"answers-complaint_kind": "nonsense"}, "complaint_kind", "Choose Kind among the answers offered."),
    ("en", {"answers-urgent": None}, "urgent", "Please fill in Urgent."),
    ("en", {"answers-urgent": "yes"}, "urgent_reason", "Please fill in Why urgent."),
    ("en", {"answers-phone": "12345"}, "phone", "Phone is not a phone number"),
    ("en", {"answers-uscc": "123"}, "uscc", "Credit code is not a unified social credit code"),
    ("en", {"answers-standard": "hello world"}, "standard", "Test standard is not a standard number"),
    ("en", {"answers-licence": None}, "licence", "Please fill in Business licence."),
    ("en", {"answers-licence": (io.BytesIO(b"\x89PNG\r\n\x1a\n0000"), "x.png")}, "licence", "this field takes PDF files"),
    ("en", {"answers-samples-0-item": "", "answers-samples-0-weight": "2"}, "samples", "Row 1: Please fill in Name."),
])
def test_each_kind_of_field_refuses_bad_answers_with_a_translated_message(world, lang, answers, field, message):
    _publish(world["admin"], FIELDS) if not _published(world) else None
    before = _count(world)
    response = _file(world["enterprise"], lang, **answers)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html, re.findall(r'qi-error-text">([^<]*)<', html)
    assert f'data-field="{field}"' in html and _count(world) == before


def test_a_hidden_conditional_field_is_not_required_and_not_kept(world):
    _publish(world["admin"], FIELDS) if not _published(world) else None
    response = _file(world["enterprise"], **{"answers-urgent": "no", "answers-urgent_reason": "不该保存"})
    assert response.status_code == 200
    number = NUMBER.search(response.get_data(as_text=True)).group(0)
    with world["app"].app_context():
        need = db.session.scalar(select(Need).where(Need.number == number))
        assert "urgent_reason" not in db.session.get(NeedAnswers, need.id).answers


def test_a_file_sent_with_a_form_sent_back_is_kept(world):
    _publish(world["admin"], FIELDS) if not _published(world) else None
    enterprise = world["enterprise"]
    page = enterprise.get(f"/needs/new?item={ITEM}").get_data(as_text=True)
    data = {"token": TOKEN.search(page).group(1), "form_version": VERSION.search(page).group(1), "item": ITEM,
            "title": "检测需求", "description": "需要对枸杞饮料做农残检测", "contact_name": "王经理",
            "contact": "13995112233", **_answers(**{"answers-count": "0"})}
    back = enterprise.post("/needs/new?_l_=en", data=data, content_type="multipart/form-data").get_data(as_text=True)
    assert "Attached: licence.pdf" in back
    kept = re.search(r'name="kept-licence" value="([^"]+)"', back).group(1)
    data = {**{k: v for k, v in data.items() if k != "answers-licence"}, "answers-count": "2", "kept-licence": kept}
    response = enterprise.post("/needs/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    # a reference signed for another form's token is refused
    page = enterprise.get(f"/needs/new?item={ITEM}").get_data(as_text=True)
    data.update(token=TOKEN.search(page).group(1))
    assert enterprise.post("/needs/new", data=data, content_type="multipart/form-data").status_code == 422


def test_a_new_version_leaves_earlier_needs_intact(world):
    app, admin, staff = world["app"], world["admin"], world["staff"]
    _publish(admin, FIELDS) if not _published(world) else None
    number = NUMBER.search(_file(world["enterprise"]).get_data(as_text=True)).group(0)
    renamed = [dict(f) for f in FIELDS if f["name"] != "standard"]
    renamed[0] = {**renamed[0], "label": {"zh": "样品名", "en": "Name of the sample"}}
    _publish(admin, renamed)
    case = staff.get(f"/needs/case/{number}?_l_=en").get_data(as_text=True)
    assert "Sample name" in case and "Test standard" in case and "GB 2763-2021" in case
    fresh = staff.get(f"/needs/new?item={ITEM}&_l_=en").get_data(as_text=True)
    assert "Name of the sample" in fresh and "Test standard" not in fresh
    with app.app_context():
        form = db.session.scalar(select(ItemForm).join(ServiceItem, ServiceItem.id == ItemForm.item_id)
                                 .where(ServiceItem.code == ITEM))
        assert form.current.number >= 2
    _publish(admin, FIELDS)


def test_a_form_file_round_trips_and_a_bad_one_changes_nothing(world):
    admin = world["admin"]
    _publish(admin, FIELDS) if not _published(world) else None
    exported = admin.get(f"/admin/forms/{ITEM}/export")
    body = json.loads(exported.data)
    assert body["format"] == "qi-item-form/1" and [f["name"] for f in body["fields"]] == [f["name"] for f in FIELDS]
    other = "quality-diagnosis"
    assert _import(admin, body["fields"], other).status_code == 303
    assert json.loads(admin.get(f"/admin/forms/{other}/export").data)["fields"] == body["fields"]
    refused = _import(admin, [{"name": "Bad Name", "kind": "text"}], other)
    assert refused.status_code == 422 and "is not a field name" in refused.get_data(as_text=True)
    assert json.loads(admin.get(f"/admin/forms/{other}/export").data)["fields"] == body["fields"]
    assert admin.post(f"/admin/forms/{other}/import", data={"file": (io.BytesIO(b"{}"), "x.json")},
                      content_type="multipart/form-data").status_code == 422


def test_the_builder_adds_edits_moves_and_removes_fields_and_previews_in_both_languages(world):
    admin, item = world["admin"], "quality-5s-consulting"
    add = admin.post(f"/admin/forms/{item}/field?kind=number", data={
        "kind": "number", "name": "staff_count", "label_zh": "员工人数", "label_en": "Staff", "required": "y",
        "minimum": "1", "maximum": "100000", "integer": "y", "unit_zh": "人", "unit_en": "people"})
    assert add.status_code == 303
    assert admin.post(f"/admin/forms/{item}/field?kind=yesno", data={
        "kind": "yesno", "name": "certified", "label_zh": "已获证", "label_en": "Certified"}).status_code == 303
    assert admin.post(f"/admin/forms/{item}/move", data={"name": "certified", "direction": "up"}).status_code == 303
    conditional = admin.post(f"/admin/forms/{item}/field?kind=text", data={
        "kind": "text", "name": "cert_no", "label_zh": "证书编号", "label_en": "Certificate number",
        "show_if_field": "certified", "show_if_equals": "yes", "required": "y"})
    assert conditional.status_code == 303
    refused = admin.post(f"/admin/forms/{item}/field?kind=number&_l_=en", data={
        "kind": "number", "name": "bad", "label_zh": "坏", "label_en": "Bad", "minimum": "9", "maximum": "1"})
    assert refused.status_code == 422 and "the lowest value is above the highest" in refused.get_data(as_text=True)
    builder = admin.get(f"/admin/forms/{item}/").get_data(as_text=True)
    assert builder.index('data-name="certified"') < builder.index('data-name="staff_count"')
    zh = admin.get(f"/admin/forms/{item}/preview?lang=zh").get_data(as_text=True)
    en = admin.get(f"/admin/forms/{item}/preview?lang=en").get_data(as_text=True)
    assert "员工人数" in zh and "Staff" in en and "people" in en
    checked = admin.post(f"/admin/forms/{item}/preview?lang=en", data={"answers-staff_count": "0",
                                                                        "answers-certified": "yes"})
    text = checked.get_data(as_text=True)
    assert "Staff must be at least 1." in text and "Please fill in Certificate number." in text
    assert admin.get(f"/admin/forms/{item}/preview?lang=fr").status_code == 400
    assert admin.post(f"/admin/forms/{item}/remove", data={"name": "staff_count"}).status_code == 303
    assert 'data-name="staff_count"' not in admin.get(f"/admin/forms/{item}/").get_data(as_text=True)
    # only administrators build forms; the preview is not a way around it
    assert world["staff"].get(f"/admin/forms/{item}/preview?lang=zh").status_code in (302, 403)


def test_a_definition_is_checked_before_it_is_used(world):
    with world["app"].test_request_context(), force_locale("en"):
        with pytest.raises(DefinitionError) as refused:
            check_definition({"fields": [
                {"name": "a", "kind": "text", "label": {"zh": "甲", "en": ""}},
                {"name": "b", "kind": "text", "label": {"zh": "乙", "en": "B"}, "show_if": {"field": "a", "equals": "x"}},
                {"name": "c", "kind": "choice", "label": {"zh": "丙", "en": "C"}, "dictionary": "nope"},
                {"name": "c", "kind": "sparkle", "label": {"zh": "丁", "en": "D"}},
            ]}, dictionaries=lambda: {"complaint_type"})
        text = " ".join(refused.value.errors)
        assert "needs both a Chinese and an English text" in text
        assert "it can only depend on an earlier yes/no or choice field" in text
        assert "choose the dictionary" in text and "the kind must be one of" in text


def _published(world) -> bool:
    with world["app"].app_context():
        return db.session.scalar(select(ItemForm.current_id).join(ServiceItem, ServiceItem.id == ItemForm.item_id)
                                 .where(ServiceItem.code == ITEM)) is not None


def _count(world) -> int:
    with world["app"].app_context():
        return db.session.query(Need).count()


def test_every_missing_required_field_gets_its_own_message(world):
    _publish(world["admin"], FIELDS) if not _published(world) else None
    response = _file(world["enterprise"], "en", **{"answers-sample_name": "", "answers-count": "",
                                                   "answers-urgent": None, "answers-licence": None})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for label in ("Sample name", "Number of samples", "Urgent", "Business licence"):
        assert f"Please fill in {label}." in html


def test_answers_are_shown_escaped(world):
    _publish(world["admin"], FIELDS) if not _published(world) else None
    evil = "<script>alert(1)</script>"
    response = _file(world["enterprise"], **{"answers-sample_name": evil, "answers-samples-0-item": evil})
    assert response.status_code == 200, (response.status_code, re.findall(r'qi-error-text">([^<]*)<',
                                                                          response.get_data(as_text=True)))
    number = NUMBER.search(response.get_data(as_text=True)).group(0)
    case = world["staff"].get(f"/needs/case/{number}").get_data(as_text=True)
    assert evil not in case and case.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2
