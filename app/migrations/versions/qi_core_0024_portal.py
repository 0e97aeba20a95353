"""portal conventions: consent to the privacy policy at registration (qi_user_profile.privacy_consent_at,
privacy_version) and password resets by e-mail or SMS (qi_password_reset)

Members registered before have no consent on file (NULL): the policy applies to them as published.

Revision ID: qi_core_0024
Revises: qi_core_0023
Create Date: 2026-11-26 16:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'qi_core_0024'
down_revision = 'qi_core_0023'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('qi_password_reset',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('wrong_tries', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['ab_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('qi_password_reset', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qi_password_reset_secret_hash'), ['secret_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_password_reset_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('qi_user_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('privacy_consent_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('privacy_version', sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table('qi_user_profile', schema=None) as batch_op:
        batch_op.drop_column('privacy_version')
        batch_op.drop_column('privacy_consent_at')

    with op.batch_alter_table('qi_password_reset', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qi_password_reset_user_id'))
        batch_op.drop_index(batch_op.f('ix_qi_password_reset_secret_hash'))

    op.drop_table('qi_password_reset')
