"""ip plugin: patents, trademarks, agencies, the licensing board, patent-navigation requests

Revision ID: ip_0001
Revises:
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "ip_0001"
down_revision = None
branch_labels = ("ip",)
depends_on = "qi_core_0003"  # agencies, publishers and requesters are organisations of the accounts module


def upgrade():
    op.create_table(
        "ip_patent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_number", sa.String(length=20), nullable=False),
        sa.Column("number_key", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("applicant", sa.String(length=300), nullable=False),
        sa.Column("patent_type", sa.String(length=20), nullable=False),
        sa.Column("ipc", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("granted_on", sa.Date(), nullable=True),
        sa.Column("abstract", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number_key"),
    )
    op.create_index("ix_ip_patent_applicant", "ip_patent", ["applicant"])
    op.create_index("ix_ip_patent_patent_type", "ip_patent", ["patent_type"])
    op.create_index("ix_ip_patent_status", "ip_patent", ["status"])
    op.create_table(
        "ip_trademark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_number", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("applicant", sa.String(length=300), nullable=False),
        sa.Column("nice_classes", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("registration_number"),
    )
    op.create_index("ix_ip_trademark_applicant", "ip_trademark", ["applicant"])
    op.create_index("ix_ip_trademark_status", "ip_trademark", ["status"])
    op.create_table(
        "ip_agency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("agency_code", sa.String(length=20), nullable=False),
        sa.Column("services", sa.String(length=200), nullable=False),
        sa.Column("agents", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["qi_organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id"),
    )
    op.create_table(
        "ip_offer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("ip_numbers", sa.String(length=300), nullable=True),
        sa.Column("field", sa.String(length=100), nullable=True),
        sa.Column("terms", sa.Text(), nullable=True),
        sa.Column("contact_name", sa.String(length=100), nullable=False),
        sa.Column("contact_phone", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.Column("created_on", sa.DateTime(), nullable=False),
        sa.Column("published_on", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["qi_organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_ip_offer_organisation_id", "ip_offer", ["organisation_id"])
    op.create_index("ix_ip_offer_status", "ip_offer", ["status"])
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


def downgrade():
    op.drop_table("ip_navigation")
    op.drop_table("ip_offer")
    op.drop_table("ip_agency")
    op.drop_table("ip_trademark")
    op.drop_table("ip_patent")
