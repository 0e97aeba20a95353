"""sign-in attempts for throttling

Revision ID: qi_core_0004
Revises: qi_core_0003
Create Date: 2026-11-26 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'qi_core_0004'
down_revision = 'qi_core_0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('qi_login_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account', sa.String(length=64), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.Column('attempted_on', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('qi_login_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qi_login_attempt_account'), ['account'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_login_attempt_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_login_attempt_attempted_on'), ['attempted_on'], unique=False)


def downgrade():
    with op.batch_alter_table('qi_login_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qi_login_attempt_attempted_on'))
        batch_op.drop_index(batch_op.f('ix_qi_login_attempt_address'))
        batch_op.drop_index(batch_op.f('ix_qi_login_attempt_account'))

    op.drop_table('qi_login_attempt')
