"""metrology plugin: verification capabilities, instrument ledgers, calibration requests

Revision ID: metr_0001
Revises:
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "metr_0001"
down_revision = None
branch_labels = ("metrology",)
depends_on = "qi_core_0003"  # institutions and enterprises are organisations of the accounts module


def upgrade():
    op.create_table(
        "metr_capability",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("instrument_type", sa.String(length=100), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("measuring_range", sa.String(length=200), nullable=True),
        sa.Column("accuracy", sa.String(length=200), nullable=True),
        sa.Column("authorisation_number", sa.String(length=60), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["qi_organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "instrument_type", "method"),
    )
    op.create_index("ix_metr_capability_organisation_id", "metr_capability", ["organisation_id"])
    op.create_index("ix_metr_capability_instrument_type", "metr_capability", ["instrument_type"])
    op.create_table(
        "metr_instrument",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=True),
        sa.Column("serial_number", sa.String(length=100), nullable=False),
        sa.Column("measuring_range", sa.String(length=100), nullable=True),
        sa.Column("accuracy", sa.String(length=100), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("cycle_months", sa.Integer(), nullable=False),
        sa.Column("last_date", sa.Date(), nullable=True),
        sa.Column("next_due", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("certificate_number", sa.String(length=60), nullable=True),
        sa.Column("certificate_name", sa.String(length=200), nullable=True),
        sa.Column("certificate_stored", sa.String(length=64), nullable=True),
        sa.Column("certificate_type", sa.String(length=40), nullable=True),
        sa.Column("reminded_for", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["qi_organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "serial_number"),
    )
    op.create_index("ix_metr_instrument_organisation_id", "metr_instrument", ["organisation_id"])
    op.create_index("ix_metr_instrument_next_due", "metr_instrument", ["next_due"])
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


def downgrade():
    op.drop_table("metr_request_item")
    op.drop_table("metr_request")
    op.drop_table("metr_instrument")
    op.drop_table("metr_capability")
