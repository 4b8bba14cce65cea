"""recall practice: per-contact Leitner state and every answer (idempotent by answer id)

Revision ID: e3a91c5d7b20
Revises: d8a1f2c3b4e5
Create Date: 2026-12-06 11:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e3a91c5d7b20'
down_revision = 'd8a1f2c3b4e5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('recall_cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('box', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('last_answered_on', sa.Date(), nullable=True),
    sa.Column('right_count', sa.Integer(), nullable=False),
    sa.Column('wrong_count', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('contact_id', name='uq_recall_cards_contact')
    )
    with op.batch_alter_table('recall_cards', schema=None) as batch_op:
        batch_op.create_index('ix_recall_cards_owner_due', ['owner_id', 'due_on'], unique=False)

    op.create_table('recall_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.String(length=36), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=False),
    sa.Column('given', sa.String(length=200), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('owner_id', 'answer_id', name='uq_recall_answers_owner_id')
    )
    with op.batch_alter_table('recall_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recall_answers_contact_id'), ['contact_id'], unique=False)


def downgrade():
    with op.batch_alter_table('recall_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recall_answers_contact_id'))
    op.drop_table('recall_answers')
    with op.batch_alter_table('recall_cards', schema=None) as batch_op:
        batch_op.drop_index('ix_recall_cards_owner_due')
    op.drop_table('recall_cards')
