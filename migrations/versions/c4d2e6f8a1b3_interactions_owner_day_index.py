"""interactions by owner and day: the calendar feed's meetings scheduled ahead

Revision ID: c4d2e6f8a1b3
Revises: b3c1d2e4f5a6
Create Date: 2026-12-06 13:40:00
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c4d2e6f8a1b3'
down_revision = 'b3c1d2e4f5a6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_interactions_owner_day', 'interactions', ['owner_id', 'occurred_on'])


def downgrade():
    op.drop_index('ix_interactions_owner_day', table_name='interactions')
