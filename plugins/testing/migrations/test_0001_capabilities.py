"""testing plugin: institutions' qualifications, capabilities, test reports

Revision ID: test_0001
Revises:
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "test_0001"
down_revision = None
branch_labels = ("testing",)
depends_on = "qi_core_0003"  # testing institutions are organisations of the accounts module


def upgrade():
    op.create_table(
        "test_institution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("cma_number", sa.String(length=20), nullable=False),
        sa.Column("cma_valid_until", sa.Date(), nullable=True),
        sa.Column("cnas_number", sa.String(length=20), nullable=True),
        sa.Column("open_days", sa.Text(), nullable=True),
        sa.Column("platform_member", sa.Boolean(), nullable=False),
        sa.Column("satisfaction", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["qi_organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cma_number"),
        sa.UniqueConstraint("organisation_id"),
    )
    op.create_table(
        "test_capability",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("product", sa.String(length=100), nullable=False),
        sa.Column("parameter", sa.String(length=100), nullable=False),
        sa.Column("method_standard", sa.String(length=100), nullable=False),
        sa.Column("limits", sa.String(length=200), nullable=True),
        sa.Column("product_key", sa.String(length=100), nullable=False),
        sa.Column("parameter_key", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["qi_organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "product", "parameter", "method_standard"),
    )
    op.create_index("ix_test_capability_organisation_id", "test_capability", ["organisation_id"])
    op.create_index("ix_test_capability_match", "test_capability", ["product_key", "parameter_key", "organisation_id"])
    op.create_table(
        "test_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("verification_code", sa.String(length=12), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("product", sa.String(length=200), nullable=False),
        sa.Column("client", sa.String(length=200), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("conclusion", sa.String(length=10), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["qi_organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    op.create_index("ix_test_report_organisation_id", "test_report", ["organisation_id"])


def downgrade():
    op.drop_table("test_report")
    op.drop_table("test_capability")
    op.drop_table("test_institution")
