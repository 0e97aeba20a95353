"""Building organisations and their users for the accounts tests."""
import io
import itertools
import random

from app.accounts.identifiers import USCC_CHARS, uscc_check_character
from app.accounts.models import APPROVED, Organisation, UserProfile
from app.cli import ensure_user
from app.extensions import db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64

_counter = itertools.count(1)
_rng = random.Random(7)


def new_uscc() -> str:
    body = "91" + "640104" + "".join(_rng.choice(USCC_CHARS) for _ in range(9))
    return body + uscc_check_character(body)


def upload(data: bytes, name: str):
    return (io.BytesIO(data), name)


def make_org(kind: str, name: str, status: str = APPROVED, types: str = "", role: str | None = None,
             password: str = "pw-member-123"):
    """An organisation with one member user (username returned); commits."""
    n = next(_counter)
    org = Organisation(kind=kind, institution_types=types, uscc=new_uscc(), name=name, legal_representative="张三",
                       address=f"银川市金凤区{n}号", region_code="640106", contact_person="李四",
                       contact_phone="13800000000", status=status)
    db.session.add(org)
    db.session.flush()
    username = f"m{n}_{kind}"
    role = role or ("Institution" if kind == "institution" else "Enterprise")
    ensure_user(username, password, role, f"{username}@test.local", name[:4], "")
    from flask import current_app

    user = current_app.appbuilder.sm.find_user(username=username)
    db.session.add(UserProfile(user_id=user.id, organisation_id=org.id, real_name="王五", id_number="11010519491231002X",
                               display_name=name[:4]))
    db.session.commit()
    return org.id, username
