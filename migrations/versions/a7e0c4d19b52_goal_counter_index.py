"""the goal counter's index: contacts by event, owner and live

Revision ID: a7e0c4d19b52
Revises: c4d2e6f8a1b3
Create Date: 2026-12-06 13:40:00

The counter joined events on owner_id, so the planner scanned all of the owner's contacts; a
(event_id, owner_id, deleted_at) index answers it alone and replaces the plain event_id index.
"""
from alembic import op


revision = 'a7e0c4d19b52'
down_revision = 'c4d2e6f8a1b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_contacts_event_owner_live', 'contacts',
                    ['event_id', 'owner_id', 'deleted_at'], unique=False)
    op.drop_index('ix_contacts_event_id', table_name='contacts')


def downgrade():
    op.create_index('ix_contacts_event_id', 'contacts', ['event_id'], unique=False)
    op.drop_index('ix_contacts_event_owner_live', table_name='contacts')
