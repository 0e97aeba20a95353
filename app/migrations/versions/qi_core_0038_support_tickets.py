"""support tickets (qi_support_ticket, qi_support_message) and an index of the audit trail by kind
and user, for a user's last server error the ticket carries (4.1-4c; issue 17)

Revision ID: qi_core_0038
Revises: qi_core_0037
Create Date: 2026-11-27 21:40:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0038'
down_revision = 'qi_core_0037'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'qi_support_ticket',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=20), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('page', sa.String(length=300), nullable=True),
        sa.Column('browser', sa.String(length=300), nullable=True),
        sa.Column('error_id', sa.String(length=64), nullable=True),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('closed_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['ab_user.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('number'),
        sa.UniqueConstraint('token'),
    )
    op.create_index('ix_qi_support_ticket_user', 'qi_support_ticket', ['user_id', 'id'], unique=False)
    op.create_index('ix_qi_support_ticket_state', 'qi_support_ticket', ['state', 'id'], unique=False)
    op.create_table(
        'qi_support_message',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('from_support', sa.Boolean(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['ab_user.id'], ),
        sa.ForeignKeyConstraint(['ticket_id'], ['qi_support_ticket.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_qi_support_message_ticket', 'qi_support_message', ['ticket_id', 'id'], unique=False)
    # not in a batch: on SQLite that would copy the audit table and drop its append-only triggers
    op.create_index('ix_qi_audit_entry_kind_actor', 'qi_audit_entry', ['kind', 'actor_id', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_qi_audit_entry_kind_actor', table_name='qi_audit_entry')
    op.drop_index('ix_qi_support_message_ticket', table_name='qi_support_message')
    op.drop_table('qi_support_message')
    op.drop_index('ix_qi_support_ticket_state', table_name='qi_support_ticket')
    op.drop_index('ix_qi_support_ticket_user', table_name='qi_support_ticket')
    op.drop_table('qi_support_ticket')
