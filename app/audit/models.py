"""One audit entry: an append-only row (see ``app.audit``)."""
from __future__ import annotations

import datetime as dt
import json

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from ..i18n.enums import Choices

CREATE, UPDATE, DELETE, BULK_UPDATE, BULK_DELETE = "create", "update", "delete", "bulk_update", "bulk_delete"
LOGIN, LOGIN_FAILED, DOWNLOAD, EXPORT, VIEW_PERSONAL = "login", "login_failed", "download", "export", "view_personal"
SERVER_ERROR = "server_error"


KINDS = Choices({
    CREATE: _l("Created"), UPDATE: _l("Changed"), DELETE: _l("Deleted"),
    BULK_UPDATE: _l("Changed in bulk"), BULK_DELETE: _l("Deleted in bulk"),
    LOGIN: _l("Signed in"), LOGIN_FAILED: _l("Failed sign-in"), DOWNLOAD: _l("File downloaded"),
    EXPORT: _l("List exported"), VIEW_PERSONAL: _l("Personal data viewed"), SERVER_ERROR: _l("Server error"),
})


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class AuditEntry(Model):
    __tablename__ = "qi_audit_entry"
    __table_args__ = (
        Index("ix_qi_audit_entry_at", "at", "id"),  # the list's order: newest first
        Index("ix_qi_audit_entry_record", "table_name", "record_id", "id"),  # one record's history
        Index("ix_qi_audit_entry_actor", "actor", "id"),
        Index("ix_qi_audit_entry_kind_actor", "kind", "actor_id", "id"),  # a user's last server error (app.support)
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)  # UTC
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    actor: Mapped[str] = mapped_column(String(128), nullable=False)  # a username, or "system"
    actor_id: Mapped[int | None] = mapped_column(Integer)
    address: Mapped[str | None] = mapped_column(String(64))  # the client's
    request_id: Mapped[str | None] = mapped_column(String(64))
    path: Mapped[str | None] = mapped_column(String(300))  # the request (or the command) it came from
    table_name: Mapped[str | None] = mapped_column(String(100))
    record_id: Mapped[str | None] = mapped_column(String(100))
    details: Mapped[str | None] = mapped_column(Text)  # JSON: before/after, what was exported …

    @property
    def kind_label(self) -> str:
        return str(KINDS.label(self.kind))

    @property
    def details_text(self) -> str:
        try:
            return json.dumps(json.loads(self.details), ensure_ascii=False, indent=1) if self.details else ""
        except ValueError:
            return self.details or ""


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _append_only(_mapper, _connection, target):
    raise PermissionError(f"audit entries are append-only (entry {target.id})")
