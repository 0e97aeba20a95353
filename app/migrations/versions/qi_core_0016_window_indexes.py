"""indexes for the default order of the window modules' lists (appointments, samples, equipment bookings, packages, expert teams)

Revision ID: qi_core_0016
Revises: qi_core_0015
Create Date: 2026-11-26 11:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0016'
down_revision = 'qi_core_0015'
branch_labels = None
depends_on = None

# (index, table, columns): each list's default ORDER BY, read from the index instead of sorting every row
INDEXES = (
    ('ix_qi_appointment_start', 'qi_appointment', ['starts_at', 'id']),
    ('ix_qi_sample_received', 'qi_sample', ['received_at', 'id']),
    ('ix_qi_equipment_booking_start', 'qi_equipment_booking', ['starts_at', 'id']),
    ('ix_qi_need_package_created', 'qi_need_package', ['created_at', 'id']),
    ('ix_qi_expert_team_name', 'qi_expert_team', ['name', 'id']),
)


def upgrade():
    for name, table, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)


def downgrade():
    for name, table, _ in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
