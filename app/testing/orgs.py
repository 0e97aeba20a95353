"""Organisations and their member users for tests: ``make_org`` and ``new_uscc``.

Use inside an application context::

    org_id, username = make_org("enterprise", "甲企业有限公司")
    client = login_client(app, username, MEMBER_PASSWORD)
"""
from __future__ import annotations

import itertools
import random

from flask import current_app

from ..accounts.identifiers import USCC_CHARS, uscc_check_character
from ..accounts.models import APPROVED, Organisation, UserProfile
from ..cli import ensure_user
from ..extensions import db

MEMBER_PASSWORD = "pw-member-123"  # test-only: the default password of the member users made here

_counter = itertools.count(1)
_rng = random.Random(7)


def new_uscc() -> str:
    """A valid, random unified social credit code (统一社会信用代码) of a Yinchuan company."""
    body = "91" + "640104" + "".join(_rng.choice(USCC_CHARS) for _ in range(9))
    return body + uscc_check_character(body)


def make_org(kind: str, name: str, status: str = APPROVED, types: str = "", role: str | None = None,
             password: str = MEMBER_PASSWORD) -> tuple[int, str]:
    """An organisation of ``kind`` (enterprise, institution, resource) with one member user; commits.

    ``types`` are the institution types (comma-separated codes), ``role`` the member's role
    (Institution for an institution, Enterprise otherwise). Returns ``(organisation id, username)``.
    """
    n = next(_counter)
    org = Organisation(kind=kind, institution_types=types, uscc=new_uscc(), name=name, legal_representative="张三",
                       address=f"银川市金凤区{n}号", region_code="640106", contact_person="李四",
                       contact_phone="13800000000", status=status)
    db.session.add(org)
    db.session.flush()
    username = f"m{n}_{kind}"
    role = role or ("Institution" if kind == "institution" else "Enterprise")
    ensure_user(username, password, role, f"{username}@test.local", name[:4], "")
    user = current_app.appbuilder.sm.find_user(username=username)
    db.session.add(UserProfile(user_id=user.id, organisation_id=org.id, real_name="王五", id_number="11010519491231002X",
                               display_name=name[:4]))
    db.session.commit()
    return org.id, username
