"""interactions (the follow-up notebook), contact cadence and thank-you owed

Revision ID: b3c1d2e4f5a6
Revises: e3a91c5d7b20
Create Date: 2026-12-06 10:20:00

Existing contacts met in person get their "met" interaction, and a hand-set "last contacted"
becomes a message on that day, so "last contacted" (now derived from the
timeline) keeps its value.
"""
import uuid
from datetime import datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3c1d2e4f5a6'
down_revision = 'e3a91c5d7b20'
branch_labels = None
depends_on = None


def upgrade():
    interactions = op.create_table('interactions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('channel', sa.String(length=20), server_default='', nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), server_default='', nullable=False),
    sa.Column('helped', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('revision', sa.BigInteger(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('owner_id', 'uuid', name='uq_interactions_owner_uuid')
    )
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.create_index('ix_interactions_contact_live_day',
                              ['contact_id', 'deleted_at', 'occurred_on'], unique=False)
        batch_op.create_index('ix_interactions_owner_deleted', ['owner_id', 'deleted_at'],
                              unique=False)
        batch_op.create_index('ix_interactions_owner_revision', ['owner_id', 'revision'],
                              unique=False)

    op.create_table('interaction_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('interaction_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['interaction_id'], ['interactions.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('interaction_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interaction_history_interaction_id'),
                              ['interaction_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interaction_history_owner_id'), ['owner_id'],
                              unique=False)

    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cadence', sa.String(length=4), server_default='2m',
                                      nullable=False))
        batch_op.add_column(sa.Column('thank_by', sa.Date(), nullable=True))
        batch_op.create_index('ix_contacts_owner_live_follow_up',
                              ['owner_id', 'deleted_at', 'follow_up_by'], unique=False)
        batch_op.create_index('ix_contacts_owner_live_thank_by',
                              ['owner_id', 'deleted_at', 'thank_by'], unique=False)

    _backfill(interactions)


def _backfill(interactions):
    connection = op.get_bind()
    contacts = sa.table('contacts', sa.column('id'), sa.column('owner_id'),
                        sa.column('event_id'), sa.column('source'), sa.column('met_at', sa.DateTime()),
                        sa.column('last_contacted_at', sa.DateTime()))
    now = datetime.utcnow()
    rows = []
    for contact in connection.execute(sa.select(contacts)):
        met_day = contact.met_at.date() if contact.met_at else None
        base = {"owner_id": contact.owner_id, "contact_id": contact.id, "channel": "",
                "helped": "", "created_at": now, "updated_at": now, "revision": 0}
        if met_day and contact.source in ("capture", "scan", "connect"):
            rows.append(dict(base, uuid=str(uuid.uuid4()), event_id=contact.event_id,
                             kind="met", occurred_on=met_day, text=""))
        if contact.last_contacted_at:
            rows.append(dict(base, uuid=str(uuid.uuid4()), event_id=None, kind="message",
                             occurred_on=contact.last_contacted_at.date(),
                             text="Contacted (marked before the timeline existed)"))
        if len(rows) >= 1000:
            op.bulk_insert(interactions, rows)
            rows = []
    if rows:
        op.bulk_insert(interactions, rows)


def downgrade():
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index('ix_contacts_owner_live_thank_by')
        batch_op.drop_index('ix_contacts_owner_live_follow_up')
        batch_op.drop_column('thank_by')
        batch_op.drop_column('cadence')

    with op.batch_alter_table('interaction_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interaction_history_owner_id'))
        batch_op.drop_index(batch_op.f('ix_interaction_history_interaction_id'))
    op.drop_table('interaction_history')

    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.drop_index('ix_interactions_owner_revision')
        batch_op.drop_index('ix_interactions_owner_deleted')
        batch_op.drop_index('ix_interactions_contact_live_day')
    op.drop_table('interactions')
