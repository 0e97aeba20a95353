"""certification plugin: certificates, the CCC catalogue, certification body approvals

Revision ID: cert_0001
Revises:
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "cert_0001"
down_revision = None
branch_labels = ("certification",)
depends_on = "qi_core_0003"  # certification bodies are organisations of the accounts module


def upgrade():
    op.create_table(
        "cert_certificate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("scheme", sa.String(length=100), nullable=False),
        sa.Column("scheme_type", sa.String(length=20), nullable=False),
        sa.Column("body_name", sa.String(length=200), nullable=False),
        sa.Column("scope", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    op.create_index("ix_cert_certificate_status", "cert_certificate", ["status"])
    op.create_table(
        "cert_ccc_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("rule", sa.String(length=100), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "cert_body",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("approval_number", sa.String(length=40), nullable=False),
        sa.Column("scope_types", sa.String(length=60), nullable=False),
        sa.Column("scope_detail", sa.Text(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["qi_organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("approval_number"),
        sa.UniqueConstraint("organisation_id"),
    )


def downgrade():
    op.drop_table("cert_body")
    op.drop_table("cert_ccc_category")
    op.drop_table("cert_certificate")
