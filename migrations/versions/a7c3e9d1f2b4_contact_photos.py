"""contact photos: a downscaled JPEG per contact (from an imported vCard, or taken on the phone)

Revision ID: a7c3e9d1f2b4
Revises: 4f1e2d3c5b6a
Create Date: 2026-12-06 13:50:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9d1f2b4'
down_revision = '4f1e2d3c5b6a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'contact_photos',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('contact_id', sa.Integer(), nullable=False),
        sa.Column('jpeg', sa.LargeBinary(), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('contact_id'),
    )
    op.create_index('ix_contact_photos_owner_id', 'contact_photos', ['owner_id'])


def downgrade():
    op.drop_index('ix_contact_photos_owner_id', table_name='contact_photos')
    op.drop_table('contact_photos')
