"""accounts, events, contacts and contact history

Revision ID: f18cca7572ad
Revises: 
Create Date: 2026-11-21 22:49:27.298265

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f18cca7572ad'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('current_event_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('goal', sa.Integer(), nullable=False),
    sa.Column('challenge_mode', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_updated_at'), ['updated_at'], unique=False)

    # users <-> events is a cycle: the users side gets its foreign key once events exists.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_users_current_event_id', 'events',
                                    ['current_event_id'], ['id'], ondelete='SET NULL')

    op.create_table('contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('headline', sa.String(length=200), nullable=False),
    sa.Column('company', sa.String(length=200), nullable=False),
    sa.Column('mnemonic', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=50), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('tags', sa.String(length=1000), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('follow_up', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('chat_seconds', sa.Integer(), nullable=True),
    sa.Column('met_at', sa.DateTime(), nullable=False),
    sa.Column('last_contacted_at', sa.DateTime(), nullable=True),
    sa.Column('follow_up_by', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('owner_id', 'uuid', name='uq_contacts_owner_uuid')
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contacts_event_id'), ['event_id'], unique=False)
        batch_op.create_index('ix_contacts_owner_follow_up_by', ['owner_id', 'follow_up_by'], unique=False)
        batch_op.create_index('ix_contacts_owner_met_at', ['owner_id', 'met_at'], unique=False)
        batch_op.create_index('ix_contacts_owner_name', ['owner_id', 'name'], unique=False)
        batch_op.create_index(batch_op.f('ix_contacts_updated_at'), ['updated_at'], unique=False)

    op.create_table('contact_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contact_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_history_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_history_owner_id'), ['owner_id'], unique=False)



def downgrade():
    with op.batch_alter_table('contact_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_history_owner_id'))
        batch_op.drop_index(batch_op.f('ix_contact_history_contact_id'))

    op.drop_table('contact_history')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contacts_updated_at'))
        batch_op.drop_index('ix_contacts_owner_name')
        batch_op.drop_index('ix_contacts_owner_met_at')
        batch_op.drop_index('ix_contacts_owner_follow_up_by')
        batch_op.drop_index(batch_op.f('ix_contacts_event_id'))

    op.drop_table('contacts')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_updated_at'))
        batch_op.drop_index(batch_op.f('ix_events_owner_id'))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint('fk_users_current_event_id', type_='foreignkey')
    op.drop_table('events')
    op.drop_table('users')
