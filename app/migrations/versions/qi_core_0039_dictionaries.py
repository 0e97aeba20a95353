"""dictionaries (qi_dictionary, qi_dictionary_item): coded lists administrators edit, shipped by the
platform and plugins through qi_dictionaries (issue 18); `flask qi init` fills them

Revision ID: qi_core_0039
Revises: qi_core_0038
Create Date: 2026-11-27 22:00:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0039'
down_revision = 'qi_core_0038'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'qi_dictionary',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('name_zh', sa.String(length=100), nullable=False),
        sa.Column('name_en', sa.String(length=100), nullable=False),
        sa.Column('plugin', sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('code'),
    )
    op.create_table(
        'qi_dictionary_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dictionary_id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('label_zh', sa.String(length=200), nullable=False),
        sa.Column('label_en', sa.String(length=200), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('shipped', sa.Boolean(), nullable=False),
        sa.Column('customised', sa.Boolean(), nullable=False),
        sa.Column('changed_by', sa.String(length=128), nullable=True),
        sa.Column('changed_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['dictionary_id'], ['qi_dictionary.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('dictionary_id', 'code', name='uq_qi_dictionary_item_code'),
    )
    op.create_index('ix_qi_dictionary_item_order', 'qi_dictionary_item', ['dictionary_id', 'position', 'id'],
                    unique=False)


def downgrade():
    op.drop_index('ix_qi_dictionary_item_order', table_name='qi_dictionary_item')
    op.drop_table('qi_dictionary_item')
    op.drop_table('qi_dictionary')
