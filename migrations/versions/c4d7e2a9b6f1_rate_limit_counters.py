"""rate limit counters in the database, so every worker and server counts together

Revision ID: c4d7e2a9b6f1
Revises: b1e5a0c3d2f4
Create Date: 2026-12-06 10:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c4d7e2a9b6f1'
down_revision = 'b1e5a0c3d2f4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rate_limit_counters',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('rate_limit_counters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_limit_counters_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('rate_limit_counters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_limit_counters_expires_at'))
    op.drop_table('rate_limit_counters')
