"""Site messages in both languages; e-mail through the outbox only where mail is configured."""
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.notify.models import Message, OutboxMail
from app.notify.send import notify


def test_messages_in_both_languages_and_mail_only_when_enabled(make_app):
    app = make_app(QI_MAIL_ENABLED=False)
    with app.app_context():
        from app.cli import ensure_user

        ensure_user("n1", "pw-notify-123", "Enterprise", "n1@mail.example.cn", "n1", "")
        user = app.appbuilder.sm.find_user(username="n1")
        notify(db.session, [user], _l("Your registration is approved"), _l("Reason: %(reason)s"), reason="材料齐全")
        db.session.commit()
        message = db.session.scalar(sa.select(Message).where(Message.user_id == user.id))
        assert (message.title_zh, message.title_en) == ("您的注册申请已通过", "Your registration is approved")
        assert message.body_zh == "原因：材料齐全"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMail)) == 0
        app.config["QI_MAIL_ENABLED"] = True
        notify(db.session, [user], _l("Your registration is approved"), url="/account/organisation/")
        db.session.commit()
        mail = db.session.scalar(sa.select(OutboxMail))
        assert mail.to_address == "n1@mail.example.cn" and "/account/organisation/" in mail.body


def test_outbox_is_sent_and_failures_are_kept(make_app, monkeypatch):
    import smtplib

    delivered = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            assert (host, port) == ("127.0.0.1", 2525)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def send_message(self, message):
            if message["To"].startswith("bounce"):
                raise smtplib.SMTPRecipientsRefused({message["To"]: (550, b"no such user")})
            delivered.append((message["To"], message["Subject"]))

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app = make_app(QI_SMTP_HOST="127.0.0.1", QI_SMTP_PORT=2525)
    with app.app_context():
        db.session.add_all([OutboxMail(to_address="ok@mail.example.cn", subject="审核结果", body="已通过"),
                            OutboxMail(to_address="bounce@mail.example.cn", subject="审核结果", body="已通过")])
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["qi", "outbox", "send"])
    assert "sent 1, failed 1" in result.output
    assert delivered == [("ok@mail.example.cn", "审核结果")]
    with app.app_context():
        bounced = db.session.scalar(sa.select(OutboxMail).where(OutboxMail.to_address.startswith("bounce")))
        assert bounced.sent_on is None and "no such user" in bounced.error
    again = app.test_cli_runner().invoke(args=["qi", "outbox", "send"])
    assert "sent 0, failed 1" in again.output and len(delivered) == 1
