"""card: the name I go by, printed very large on a "first name large" name tag

Revision ID: d8a1f2c3b4e5
Revises: 9c2595b2c03e
Create Date: 2026-12-06 11:35:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd8a1f2c3b4e5'
down_revision = '9c2595b2c03e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('card_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('preferred_name', sa.String(length=60), nullable=False,
                                      server_default=''))


def downgrade():
    with op.batch_alter_table('card_profiles', schema=None) as batch_op:
        batch_op.drop_column('preferred_name')
