"""login sessions: one row per logged-in device, so a login can be revoked

Revision ID: b1e5a0c3d2f4
Revises: a82e52e926a1
Create Date: 2026-12-06 10:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b1e5a0c3d2f4'
down_revision = 'a82e52e926a1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('device', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_sessions_owner_id'), ['owner_id'], unique=False)


def downgrade():
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_sessions_owner_id'))
    op.drop_table('login_sessions')
