"""The organisation's own page stays one size however long its history (issue 16): the newest 20
change requests, files and history entries, the files in force always among them, and a note of how
many there are in all, in the reader's language."""
import datetime as dt
import uuid

from app.accounts.models import ChangeRequest, OrganisationAttachment, OrganisationEvent
from app.extensions import db
from tests.accounts.helpers import make_org
from tests.auth.helpers import login


def _file(org_id, purpose, name, change_request_id=None):
    return OrganisationAttachment(organisation_id=org_id, change_request_id=change_request_id, purpose=purpose,
                                  filename=name, stored_name=uuid.uuid4().hex, content_type="application/pdf",
                                  size=1, sha256="0" * 64)


def test_a_long_history_shows_the_newest_twenty_of_each_and_the_files_in_force(app):
    with app.app_context():
        org_id, username = make_org("enterprise", "历史很长的企业")
        db.session.add(_file(org_id, "licence", "最早的营业执照.pdf"))
        for n in range(30):
            change = ChangeRequest(organisation_id=org_id, new_address=f"新地址{n:02d}号", changed_on_date=dt.date(2026, 1, 1))
            db.session.add(change)
            db.session.flush()
            db.session.add(_file(org_id, "supporting", f"变更证明{n:02d}.pdf", change.id))
            db.session.add(OrganisationEvent(organisation_id=org_id, action="change_submitted", reason=f"第{n:02d}次"))
        db.session.commit()
    client = app.test_client()
    assert login(client, username, "pw-member-123").status_code == 302
    page = client.get("/account/organisation/").get_data(as_text=True)
    assert "新地址29号" in page and "新地址10号" in page and "新地址09号" not in page
    assert "变更证明29.pdf" in page and "变更证明09.pdf" not in page
    assert "最早的营业执照.pdf" in page  # in force, however old
    assert "第29次" in page and "第09次" not in page
    assert "显示最新的 20 条" in page and "共 30 条" in page
    english = client.get("/account/organisation/?_l_=en").get_data(as_text=True)
    assert "The newest 20 of 30 are shown." in english
