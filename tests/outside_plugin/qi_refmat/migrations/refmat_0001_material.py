"""refmat plugin: the refmat_material table, on the plugin's own branch

Revision ID: refmat_0001
Revises:
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "refmat_0001"
down_revision = None
branch_labels = ("refmat",)
depends_on = "qi_core_0003"  # the producers are organisations of the accounts module


def upgrade():
    op.create_table(
        "refmat_material",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), sa.ForeignKey("qi_organisation.id"), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("certificate_number", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("certificate_number"),
    )
    op.create_index("ix_refmat_material_organisation_id", "refmat_material", ["organisation_id"])


def downgrade():
    op.drop_index("ix_refmat_material_organisation_id", table_name="refmat_material")
    op.drop_table("refmat_material")
