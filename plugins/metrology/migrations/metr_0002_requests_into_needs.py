"""metrology plugin: calibration requests become needs of the type metrology_calibration

Each row of ``metr_request`` becomes a need of the platform (``qi_need``) with a case number, its
deadlines counted from when it was sent, its instruments (``metr_request_item``) in the need's
details, and a history rebuilt from the row: filed, the enterprise's choice of institution as the
plan and the match, then accepted, declined, completed or cancelled as recorded. A declined request
had ended for the enterprise, so its need is cancelled after the decline instead of waiting for
staff to match it again. The token ``metr_request-<id>`` keeps old links (/metrology/requests/<id>)
working. Then both tables are dropped.

Downgrading recreates the two tables empty: the needs stay (they are the platform's case records).

Revision ID: metr_0002
Revises: metr_0001
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

from app.kit import move_into_needs

revision = "metr_0002"
down_revision = "metr_0001"
branch_labels = None
depends_on = "qi_core_0009"  # needs

NEED_TYPE = "metrology_calibration"
ITEM = "metrology-verification-calibration"
MOVED = "系统迁移 / moved into needs"


def _events(row, name):
    created, decided = row.created_on, row.decided_on or row.created_on
    events = [
        {"at": created, "actor": row.created_by, "action": "file", "from_state": None, "to_state": "submitted"},
        {"at": created, "actor": row.created_by, "action": "plan", "from_state": "submitted", "to_state": "planned",
         "comment": f"企业选定 {name} / chosen by the enterprise"},
        {"at": created, "actor": row.created_by, "action": "match", "from_state": "planned", "to_state": "matched"},
    ]
    if row.status in ("accepted", "completed"):
        events.append({"at": decided if row.status == "accepted" else created, "actor": name, "action": "accept",
                       "from_state": "matched", "to_state": "in_service", "comment": row.reply})
    if row.status == "completed":
        events.append({"at": decided, "actor": name, "action": "deliver", "from_state": "in_service",
                       "to_state": "delivered", "comment": row.reply or f"{row.completed_on}"})
    if row.status == "declined":
        events.append({"at": decided, "actor": name, "action": "decline", "from_state": "matched",
                       "to_state": "planned", "comment": row.reply})
        events.append({"at": decided, "actor": MOVED, "action": "cancel", "from_state": "planned",
                       "to_state": "cancelled", "comment": MOVED})
    if row.status == "cancelled":
        events.append({"at": decided, "actor": row.created_by, "action": "cancel", "from_state": "matched",
                       "to_state": "cancelled", "comment": row.reply or MOVED})
    return events


STATES = {"submitted": "matched", "accepted": "in_service", "completed": "delivered", "declined": "cancelled",
          "cancelled": "cancelled"}


def upgrade():
    connection = op.get_bind()
    meta = sa.MetaData()
    requests, items, orgs, instruments = (sa.Table(n, meta, autoload_with=connection) for n in (
        "metr_request", "metr_request_item", "qi_organisation", "metr_instrument"))
    institution = orgs.alias("institution")
    rows = connection.execute(
        sa.select(requests, orgs.c.contact_person, orgs.c.contact_phone, institution.c.name.label("institution_name"))
        .join(orgs, orgs.c.id == requests.c.organisation_id)
        .join(institution, institution.c.id == requests.c.institution_id).order_by(requests.c.id)).all()
    moved = []
    for row in rows:
        ids = list(connection.execute(sa.select(items.c.instrument_id).where(items.c.request_id == row.id)
                                      .order_by(items.c.instrument_id)).scalars())
        names = list(dict.fromkeys(connection.execute(
            sa.select(instruments.c.name).where(instruments.c.id.in_(ids)).order_by(instruments.c.name)).scalars()))
        answered = row.created_on
        moved.append({
            "token": f"metr_request-{row.id}", "submitted_at": row.created_on, "organisation_id": row.organisation_id,
            "institution_id": None if row.status == "declined" else row.institution_id,
            "contact_name": row.contact_person, "contact": row.contact_phone,
            "title": "检定/校准 " + "、".join(names), "description": row.message or "", "item": ITEM,
            "category": "metrology", "state": STATES.get(row.status, "matched"),
            "details": {"instruments": ids, "chosen_institution": row.institution_id,
                        **({"completed_on": row.completed_on.isoformat()} if row.completed_on else {})},
            "responded_at": answered, "answered_at": answered,
            "plan": f"企业选定 {row.institution_name} / chosen by the enterprise",
            "result": (row.reply or str(row.completed_on)) if row.status == "completed" else None,
            "events": _events(row, row.institution_name)})
    move_into_needs(op, NEED_TYPE, moved)
    op.drop_table("metr_request_item")
    op.drop_table("metr_request")


def downgrade():
    op.create_table(
        "metr_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_on", sa.DateTime(), nullable=False),
        sa.Column("decided_on", sa.DateTime(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["qi_organisation.id"]),
        sa.ForeignKeyConstraint(["institution_id"], ["qi_organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token"),
    )
    op.create_index("ix_metr_request_organisation_id", "metr_request", ["organisation_id"])
    op.create_index("ix_metr_request_institution_id", "metr_request", ["institution_id"])
    op.create_index("ix_metr_request_status", "metr_request", ["status"])
    op.create_table(
        "metr_request_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["metr_request.id"]),
        sa.ForeignKeyConstraint(["instrument_id"], ["metr_instrument.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("request_id", "instrument_id"),
    )
    op.create_index("ix_metr_request_item_request_id", "metr_request_item", ["request_id"])
    op.create_index("ix_metr_request_item_instrument_id", "metr_request_item", ["instrument_id"])
