"""resident ID numbers encrypted at rest: qi_user_profile.id_number becomes a text column of Fernet
tokens, and the numbers already there are sealed with the configured key (app.accounts.sealed;
issue 17)

Revision ID: qi_core_0037
Revises: qi_core_0036
Create Date: 2026-11-27 19:10:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0037'
down_revision = 'qi_core_0036'
branch_labels = None
depends_on = None


def _rewrite(convert) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, id_number FROM qi_user_profile")).all()
    for key, value in rows:
        bind.execute(sa.text("UPDATE qi_user_profile SET id_number = :value WHERE id = :key"),
                     {"value": convert(value), "key": key})


def upgrade():
    from app.accounts.sealed import PREFIX, seal

    with op.batch_alter_table('qi_user_profile', schema=None) as batch_op:
        batch_op.alter_column('id_number', existing_type=sa.String(length=18), type_=sa.Text(),
                              existing_nullable=False)
    _rewrite(lambda value: value if value.startswith(PREFIX) else seal(value))


def downgrade():
    from app.accounts.sealed import unseal

    _rewrite(unseal)
    with op.batch_alter_table('qi_user_profile', schema=None) as batch_op:
        batch_op.alter_column('id_number', existing_type=sa.Text(), type_=sa.String(length=18),
                              existing_nullable=False)
