"""record marks: the records to beat at an event, taken at its first capture

Revision ID: c2b7e9a0d315
Revises: a7e0c4d19b52
Create Date: 2026-12-06 13:55:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'c2b7e9a0d315'
down_revision = 'a7e0c4d19b52'
branch_labels = None
depends_on = None

def upgrade():
    op.create_table('record_marks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('most_at_other_event', sa.Integer(), nullable=False),
    sa.Column('most_in_other_month', sa.Integer(), nullable=False),
    sa.Column('fastest_other_chat', sa.Float(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id', 'month', name='uq_record_marks_event_month')
    )
    op.create_index('ix_record_marks_owner_id', 'record_marks', ['owner_id'], unique=False)

def downgrade():
    op.drop_index('ix_record_marks_owner_id', table_name='record_marks')
    op.drop_table('record_marks')
