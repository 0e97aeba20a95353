"""placeholder for the workdays calendar (replaced by the workdays branch)

Revision ID: qi_core_0008
Revises: qi_core_0007
"""
revision = 'qi_core_0008'
down_revision = 'qi_core_0007'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
