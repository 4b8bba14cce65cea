"""friends at the same event: join codes, who joined each board, hiding from boards

Revision ID: 4f1e2d3c5b6a
Revises: c2b7e9a0d315
Create Date: 2026-12-06 13:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '4f1e2d3c5b6a'
down_revision = 'c2b7e9a0d315'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('event_shares',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('event_shares', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_shares_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_shares_owner_id'), ['owner_id'], unique=False)

    op.create_table('event_friends',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('own_event_id', sa.Integer(), nullable=False),
    sa.Column('shown_name', sa.String(length=60), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('joined_at', sa.DateTime(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['own_event_id'], ['events.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id', 'user_id', name='uq_event_friends_event_user')
    )
    with op.batch_alter_table('event_friends', schema=None) as batch_op:
        batch_op.create_index('ix_event_friends_own_event', ['own_event_id', 'user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_friends_user_id'), ['user_id'], unique=False)

    op.create_table('friend_settings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('hidden', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id')
    )


def downgrade():
    op.drop_table('friend_settings')
    with op.batch_alter_table('event_friends', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_friends_user_id'))
        batch_op.drop_index('ix_event_friends_own_event')
    op.drop_table('event_friends')
    with op.batch_alter_table('event_shares', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_shares_owner_id'))
        batch_op.drop_index(batch_op.f('ix_event_shares_event_id'))
    op.drop_table('event_shares')
