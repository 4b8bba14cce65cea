"""contact channels, name tag tables, sync clock and receipts, contact revision

Revision ID: a82e52e926a1
Revises: a7ec6ade5ec7
Create Date: 2026-11-22 00:04:34.654394

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a82e52e926a1'
down_revision = 'a7ec6ade5ec7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sync_clocks',
    sa.Column('owner_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('owner_id')
    )
    op.create_table('sync_receipts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('op_id', sa.String(length=36), nullable=False),
    sa.Column('op', sa.String(length=10), nullable=False),
    sa.Column('contact_uuid', sa.String(length=36), nullable=False),
    sa.Column('applied_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('owner_id', 'op_id', name='uq_sync_receipts_owner_op')
    )
    with op.batch_alter_table('sync_receipts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_receipts_applied_at'), ['applied_at'], unique=False)

    op.create_table('tag_calibrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('stock_key', sa.String(length=80), nullable=False),
    sa.Column('offset_x_mm', sa.Double(), nullable=False),
    sa.Column('offset_y_mm', sa.Double(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('owner_id', 'stock_key', name='uq_tag_calibrations_owner_stock')
    )
    with op.batch_alter_table('tag_calibrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tag_calibrations_owner_id'), ['owner_id'], unique=False)

    op.create_table('tag_stocks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('brand', sa.String(length=60), nullable=False),
    sa.Column('part', sa.String(length=60), nullable=False),
    sa.Column('geometry_json', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('tag_stocks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tag_stocks_owner_id'), ['owner_id'], unique=False)

    op.create_table('tag_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('attendees_json', sa.Text(), nullable=False),
    sa.Column('messages_json', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('tag_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tag_batches_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tag_batches_owner_id'), ['owner_id'], unique=False)

    op.create_table('contact_channels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('value', sa.String(length=254), nullable=False),
    sa.Column('types', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contact_channels', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_channels_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_channels_owner_id'), ['owner_id'], unique=False)

    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.create_index('ix_contacts_owner_live_met_at', ['owner_id', 'deleted_at', 'met_at'], unique=False)
        batch_op.create_index('ix_contacts_owner_revision', ['owner_id', 'revision'], unique=False)



def downgrade():
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index('ix_contacts_owner_revision')
        batch_op.drop_index('ix_contacts_owner_live_met_at')
        batch_op.drop_column('revision')

    with op.batch_alter_table('contact_channels', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_channels_owner_id'))
        batch_op.drop_index(batch_op.f('ix_contact_channels_contact_id'))

    op.drop_table('contact_channels')
    with op.batch_alter_table('tag_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tag_batches_owner_id'))
        batch_op.drop_index(batch_op.f('ix_tag_batches_event_id'))

    op.drop_table('tag_batches')
    with op.batch_alter_table('tag_stocks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tag_stocks_owner_id'))

    op.drop_table('tag_stocks')
    with op.batch_alter_table('tag_calibrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tag_calibrations_owner_id'))

    op.drop_table('tag_calibrations')
    with op.batch_alter_table('sync_receipts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_receipts_applied_at'))

    op.drop_table('sync_receipts')
    op.drop_table('sync_clocks')
