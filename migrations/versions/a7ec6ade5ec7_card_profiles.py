"""card profiles

Revision ID: a7ec6ade5ec7
Revises: f18cca7572ad
Create Date: 2026-11-21 22:51:21.862242

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7ec6ade5ec7'
down_revision = 'f18cca7572ad'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('card_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('pronouns', sa.String(length=40), nullable=False),
    sa.Column('headline', sa.String(length=200), nullable=False),
    sa.Column('company', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=50), nullable=False),
    sa.Column('website', sa.String(length=500), nullable=False),
    sa.Column('linkedin', sa.String(length=500), nullable=False),
    sa.Column('portfolio', sa.String(length=500), nullable=False),
    sa.Column('ask_me_about', sa.String(length=120), nullable=False),
    sa.Column('pitch', sa.Text(), nullable=False),
    sa.Column('public_fields', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('owner_id'),
    sa.UniqueConstraint('slug')
    )


def downgrade():
    op.drop_table('card_profiles')
