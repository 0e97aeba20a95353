"""ip plugin: patent-navigation requests become needs of the type ip_navigation

Each row of ``ip_navigation`` becomes a need of the platform (``qi_need``) with a case number, its
deadlines counted from when it was sent, the field, goal and wanted date in the need's details, and
a history rebuilt from the row: a new request is a submitted need; an assigned one was matched to
its agency, which had started on it; an answered one is delivered with the answer; a closed one is
closed (cancelled when it was closed unanswered). The token ``ip_navigation-<id>`` keeps old links
(/ip/navigation/<id>) working. Then the table is dropped.

Downgrading recreates the table empty: the needs stay (they are the platform's case records).

Revision ID: ip_0003
Revises: ip_0002
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

from app.kit import move_into_needs

revision = "ip_0003"
down_revision = "ip_0002"
branch_labels = None
depends_on = "qi_core_0009"  # needs

NEED_TYPE = "ip_navigation"
ITEM = "ip-navigation-protection-finance"
MOVED = "系统迁移 / moved into needs"


def _moved(row) -> dict:
    created = row.created_on
    answered = row.answered_on or created
    agency = row.agency_name or ""
    events = [{"at": created, "actor": row.created_by, "action": "file", "from_state": None,
               "to_state": "submitted"}]
    state = "submitted"
    matched = bool(row.agency_id) and (row.status in ("assigned", "answered") or bool(row.answer))
    if matched:
        events += [
            {"at": created, "actor": MOVED, "action": "plan", "from_state": "submitted", "to_state": "planned",
             "comment": f"转交 {agency} / passed to the agency"},
            {"at": created, "actor": MOVED, "action": "match", "from_state": "planned", "to_state": "matched"},
            {"at": created, "actor": agency, "action": "accept", "from_state": "matched", "to_state": "in_service"}]
        state = "in_service"
        if row.answer:
            events.append({"at": answered, "actor": agency, "action": "deliver", "from_state": "in_service",
                           "to_state": "delivered", "comment": row.answer})
            state = "delivered"
    if row.status == "closed":
        target = "closed" if state == "delivered" else "cancelled"
        events.append({"at": answered, "actor": row.created_by, "action": "close" if target == "closed" else "cancel",
                       "from_state": state, "to_state": target, "comment": MOVED})
        state = target
    return {
        "token": f"ip_navigation-{row.id}", "submitted_at": created, "organisation_id": row.organisation_id,
        "institution_id": row.agency_id if matched else None, "contact_name": row.contact_person,
        "contact": row.contact_phone, "title": f"专利导航：{row.field}", "description": row.description or "",
        "item": ITEM, "category": "ip", "state": state,
        "details": {"field": row.field, "goal": row.goal,
                    "wanted_by": row.wanted_by.isoformat() if row.wanted_by else None},
        "responded_at": created if matched else None, "answered_at": created if matched else None,
        "plan": f"转交 {agency} / passed to the agency" if matched else None, "result": row.answer,
        "events": events}


def upgrade():
    connection = op.get_bind()
    meta = sa.MetaData()
    requests, orgs = (sa.Table(n, meta, autoload_with=connection) for n in ("ip_navigation", "qi_organisation"))
    agency = orgs.alias("agency")
    rows = connection.execute(
        sa.select(requests, orgs.c.contact_person, orgs.c.contact_phone, agency.c.name.label("agency_name"))
        .join(orgs, orgs.c.id == requests.c.organisation_id)
        .outerjoin(agency, agency.c.id == requests.c.agency_id).order_by(requests.c.id)).all()
    move_into_needs(op, NEED_TYPE, [_moved(row) for row in rows])
    op.drop_table("ip_navigation")


def downgrade():
    op.create_table(
        "ip_navigation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("goal", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("wanted_by", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_on", sa.DateTime(), nullable=False),
        sa.Column("answered_on", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["qi_organisation.id"]),
        sa.ForeignKeyConstraint(["agency_id"], ["qi_organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token"),
    )
    op.create_index("ix_ip_navigation_organisation_id", "ip_navigation", ["organisation_id"])
    op.create_index("ix_ip_navigation_agency_id", "ip_navigation", ["agency_id"])
    op.create_index("ix_ip_navigation_status", "ip_navigation", ["status"])
