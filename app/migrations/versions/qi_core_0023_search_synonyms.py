"""search synonyms (qi_search_synonym): problem words staff map to services, seeded with defaults

The index's tokens changed too (NFKC, letters apart from digits, pinyin of titles): run
``flask qi search rebuild`` once after upgrading so records indexed before find their new tokens.

Revision ID: qi_core_0023
Revises: qi_core_0022
Create Date: 2026-11-26 14:40:00.000000

"""
import datetime as dt

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'qi_core_0023'
down_revision = 'qi_core_0022'
branch_labels = None
depends_on = None

# The defaults staff start from (words stored normalised, as app.search.tokens.normalise gives them).
DEFAULTS = [
    ("压力表", "计量器具检定校准", "zh"),
    ("血压计", "计量器具检定校准", "zh"),
    ("电子秤", "计量器具检定校准", "zh"),
    ("加油机", "计量器具检定校准", "zh"),
    ("出租车计价器", "计量器具检定校准", "zh"),
    ("3c认证", "强制性与自愿性认证咨询", "zh"),
    ("营业执照", "企业登记注册咨询", "zh"),
    ("pressure gauge", "measuring instruments", "en"),
    ("weighing scale", "measuring instruments", "en"),
    ("ccc", "compulsory certification", "en"),
    ("business licence", "business registration", "en"),
]


def upgrade():
    table = op.create_table('qi_search_synonym',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('word', sa.String(length=50), nullable=False),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('changed_on', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('word')
    )
    op.bulk_insert(table, [{"word": w, "terms": t, "language": lang, "changed_on": dt.datetime(2026, 11, 26)}
                           for w, t, lang in DEFAULTS])


def downgrade():
    op.drop_table('qi_search_synonym')
