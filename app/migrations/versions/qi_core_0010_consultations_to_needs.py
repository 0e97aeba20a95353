"""consultations become needs of kind "consultation": rows of qi_consultation move into qi_need

Each consultation keeps its link token (``/consultation/<token>`` still opens it), its question,
its answer and who gave it; it gets a case number of the year it was asked and deadlines counted on
weekends (the calendar's holidays are not known to a migration; these consultations are past).
Its secret code is random and never shown: the old link is how the asker follows it.

Revision ID: qi_core_0010
Revises: qi_core_0009
Create Date: 2026-11-26 07:00:00

"""
import datetime as dt
import hashlib
import secrets

from alembic import op
import sqlalchemy as sa


revision = 'qi_core_0010'
down_revision = 'qi_core_0009'
branch_labels = None
depends_on = None

CHINA = dt.timedelta(hours=8)
CUTOFF_HOUR = 17


def _add_weekdays(day, n):
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def _deadlines(submitted_at):
    local = submitted_at + CHINA
    start = local.date()
    if local.hour >= CUTOFF_HOUR or start.weekday() >= 5:
        start = _add_weekdays(start, 1)
    return start, _add_weekdays(start, 1), _add_weekdays(start, 3)


def upgrade():
    bind = op.get_bind()
    meta = sa.MetaData()
    consultation = sa.Table('qi_consultation', meta, autoload_with=bind)
    item = sa.Table('qi_service_item', meta, autoload_with=bind)
    need = sa.Table('qi_need', meta, autoload_with=bind)
    event = sa.Table('qi_need_event', meta, autoload_with=bind)
    counter = sa.Table('qi_case_counter', meta, autoload_with=bind)
    categories = dict(bind.execute(sa.select(item.c.id, item.c.category_id)).all())
    last = {year: n for year, n in bind.execute(
        sa.select(counter.c.year, counter.c.last).where(counter.c.prefix == 'XQ')).all()}
    rows = bind.execute(sa.select(consultation).order_by(consultation.c.created_on, consultation.c.id)).mappings().all()
    for row in rows:
        submitted = row['created_on']
        year = (submitted + CHINA).year
        last[year] = last.get(year, 0) + 1
        start, respond_due, answer_due = _deadlines(submitted)
        answered = row['status'] == 'answered' and row['answer']
        question = row['question'] or ''
        need_id = bind.execute(need.insert().values(
            number=f"XQ-{year}-{last[year]:06d}",
            code_hash=hashlib.sha256(secrets.token_hex(16).encode()).hexdigest(),
            token=row['token'], need_type='consultation', item_id=row['item_id'],
            category_id=categories.get(row['item_id']), channel='online', contact_name=row['name'],
            contact=row['contact'], title=(question.splitlines() or [''])[0][:60] or '-', description=question,
            state='to_evaluate' if answered else 'submitted', submitted_at=submitted, counted_from=start,
            respond_due=respond_due, answer_due=answer_due,
            responded_at=row['answered_on'] if answered else None,
            answered_at=row['answered_on'] if answered else None, plan=row['answer'] if answered else None,
            changed_at=row['answered_on'] or submitted,
        ).returning(need.c.id)).scalar_one()
        bind.execute(event.insert().values(need_id=need_id, at=submitted, actor=row['name'][:128], action='file',
                                           from_state=None, to_state='submitted'))
        if answered:
            bind.execute(event.insert().values(
                need_id=need_id, at=row['answered_on'] or submitted, actor=row['answered_by'] or '-',
                action='answer', from_state='submitted', to_state='to_evaluate', comment=row['answer']))
    for year, n in last.items():
        updated = bind.execute(counter.update().where(counter.c.prefix == 'XQ', counter.c.year == year)
                               .values(last=n)).rowcount
        if not updated:
            bind.execute(counter.insert().values(prefix='XQ', year=year, last=n))
    with op.batch_alter_table('qi_consultation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qi_consultation_status'))
        batch_op.drop_index(batch_op.f('ix_qi_consultation_item_id'))
        batch_op.drop_index(batch_op.f('ix_qi_consultation_created_on'))
    op.drop_table('qi_consultation')


def downgrade():
    op.create_table('qi_consultation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('contact', sa.String(length=200), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_by', sa.String(length=128), nullable=True),
    sa.Column('answered_on', sa.DateTime(), nullable=True),
    sa.Column('created_on', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['qi_service_item.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token')
    )
    with op.batch_alter_table('qi_consultation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qi_consultation_created_on'), ['created_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_consultation_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_consultation_status'), ['status'], unique=False)
    # the consultations go back to their table (their needs stay: their numbers were given out)
    bind = op.get_bind()
    meta = sa.MetaData()
    consultation = sa.Table('qi_consultation', meta, autoload_with=bind)
    need = sa.Table('qi_need', meta, autoload_with=bind)
    for row in bind.execute(sa.select(need).where(need.c.need_type == 'consultation')).mappings():
        bind.execute(consultation.insert().values(
            token=row['token'][:64], item_id=row['item_id'], name=row['contact_name'], contact=row['contact'],
            question=row['description'], status='answered' if row['plan'] else 'new', answer=row['plan'],
            answered_on=row['answered_at'], created_on=row['submitted_at']))
