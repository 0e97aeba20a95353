"""Self-registration of enterprises and institutions, with checked uploads (6.1-1, 6.1-2)."""
import re

import pytest
import sqlalchemy as sa

from app.accounts.models import Organisation, OrganisationAttachment, UserProfile
from app.extensions import db

from .helpers import EXE, PDF, PNG, new_uscc, upload


def form(kind="enterprise", **overrides):
    n = overrides.pop("n", "")
    data = {
        "kind": kind, "login": f"1390951{len(n):01d}{abs(hash(n)) % 1000:03d}" if not n else n,
        "email": (n.replace("@", ".") or "ent") + "@mail.example.cn", "password": "Secret2026", "confirm": "Secret2026",
        "real_name": "马建军", "id_number": "11010519491231002X", "display_name": "马经理", "consent": "y",
        "uscc": new_uscc(), "name": f"宁夏测试企业{n}有限公司", "legal_representative": "马建军",
        "address": "银川市金凤区人民广场东路1号", "region_code": "640100", "industry": "食品制造",
        "contact_person": "马建军", "contact_phone": "0951-5012345",
        "business_licence": upload(PDF, "营业执照.pdf"),
    }
    if kind == "institution":
        data.update({"institution_types": ["testing", "metrology"], "description": "食品、农产品检测",
                     "application_form": upload(PDF, "申请表.pdf"), "qualification_certificate": upload(PNG, "CMA.png"),
                     "integrity_commitment": upload(PDF, "承诺书.pdf"), "capability_scope": upload(PDF, "能力范围.pdf")})
    data.update(overrides)
    return data


def post(app, data):
    return app.test_client().post("/register/", data=data, content_type="multipart/form-data")


@pytest.mark.clause("6.1-1")
def test_enterprise_registers_with_real_name_kept_in_the_back_end(app):
    response = post(app, form(n="ent.a@qi.example.cn"))
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/organisation/")
    with app.app_context():
        org = db.session.scalar(sa.select(Organisation).where(Organisation.name == "宁夏测试企业ent.a@qi.example.cn有限公司"))
        assert org.status == "submitted" and org.review_due_on is not None
        profile = db.session.scalar(sa.select(UserProfile).where(UserProfile.organisation_id == org.id))
        assert profile.real_name == "马建军" and profile.id_number == "11010519491231002X"
        assert profile.id_number_masked == "1101**********002X"
        user = app.appbuilder.sm.find_user(username="ent.a@qi.example.cn")
        assert user.first_name == "马经理"  # the public name is the chosen one
        assert [r.name for r in user.roles] == ["Enterprise"]
        assert [a.purpose for a in org.attachments] == ["business_licence"]


@pytest.mark.clause("6.1-2")
def test_institution_application_carries_the_five_attachments(app):
    data = form("institution", n="lab.b@qi.example.cn")
    del data["integrity_commitment"]
    response = post(app, data)
    assert response.status_code == 422
    assert "请上传该文件" in response.get_data(as_text=True)
    response = post(app, form("institution", n="lab.b@qi.example.cn"))
    assert response.status_code == 302
    with app.app_context():
        org = db.session.scalar(sa.select(Organisation).where(Organisation.name.contains("lab.b@")))
        assert sorted(a.purpose for a in org.attachments) == sorted([
            "application_form", "business_licence", "qualification_certificate", "integrity_commitment",
            "capability_scope"])
        assert org.types == ["testing", "metrology"]


@pytest.mark.clause("6.1-2")
def test_a_renamed_exe_is_refused_and_the_form_keeps_its_values(app):
    before = _count(app)
    response = post(app, form(n="exe@qi.example.cn", business_licence=upload(EXE, "营业执照.pdf")))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "不是 PDF、JPEG 或 PNG 格式" in html
    assert 'value="宁夏测试企业exe@qi.example.cn有限公司"' in html and 'value="0951-5012345"' in html
    assert 'value="Secret2026"' not in html  # passwords are not echoed back
    assert _count(app) == before


def test_an_oversized_file_is_refused(make_app):
    app = make_app(QI_UPLOAD_MAX_MB=0.01)  # 10 KB
    response = post(app, form(n="big@qi.example.cn", business_licence=upload(PDF + b"0" * 20_000, "licence.pdf")))
    assert response.status_code == 422
    assert "超过 0.01 MB" in response.get_data(as_text=True)


def test_bad_identifiers_and_weak_passwords_get_clear_errors_in_english(app):
    client = app.test_client()
    client.get("/lang/en")
    response = client.post("/register/", data=form(n="bad@qi.example.cn", uscc="91640104MA7ABCDE1X",
                                                    id_number="110105194912310021", password="short",
                                                    confirm="short"), content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "not a valid unified social credit code" in html
    assert "not a valid resident ID number" in html
    assert "at least 8 characters" in html


def test_the_same_credit_code_cannot_register_twice(app):
    code = new_uscc()
    assert post(app, form(n="twice1@qi.example.cn", uscc=code)).status_code == 302
    response = post(app, form(n="twice2@qi.example.cn", uscc=code))
    assert response.status_code == 422 and "已注册" in response.get_data(as_text=True)


def test_uploads_are_stored_outside_static_under_random_names(app):
    post(app, form(n="files@qi.example.cn"))
    with app.app_context():
        attachment = db.session.scalar(sa.select(OrganisationAttachment).join(Organisation).where(
            Organisation.name.contains("files@")))
        from app.accounts.uploads import stored_path

        path = stored_path(attachment.stored_name)
        assert path.read_bytes() == PDF
        assert "static" not in str(path) and attachment.stored_name != attachment.filename
        assert re.fullmatch(r"[0-9a-f]{32}", attachment.stored_name)


def _count(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Organisation))
