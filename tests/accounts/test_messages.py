"""Site messages: opening one changes nothing (GET never writes); marking it read is a POST."""
import sqlalchemy as sa

from app.extensions import db
from app.notify.models import Message
from app.notify.send import notify
from tests.accounts.helpers import make_org
from tests.conftest import login


def test_opening_a_message_changes_nothing_and_marking_it_read_is_a_post(app):
    with app.app_context():
        _org, username = make_org("enterprise", "消息测试企业")
        _other, stranger = make_org("enterprise", "消息旁观企业")
        notify(db.session, [app.appbuilder.sm.find_user(username=username)], "审核结果通知")
        db.session.commit()
        message_id = db.session.scalar(sa.select(sa.func.max(Message.id)))
    client = app.test_client()
    login(client, username, "pw-member-123")
    assert client.get(f"/messageview/show/{message_id}").status_code == 200
    with app.app_context():
        assert db.session.get(Message, message_id).read_on is None
    outsider = app.test_client()
    login(outsider, stranger, "pw-member-123")
    assert outsider.post("/messageview/action_post", data={"action": "mark_read", "rowid": message_id}).status_code == 404
    response = client.post("/messageview/action_post", data={"action": "mark_read", "rowid": message_id})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Message, message_id).read_on is not None
