"""contact search index: SQLite FTS5 trigram table with triggers, PostgreSQL pg_trgm GIN

Revision ID: d5f1a8c6e2b9
Revises: a7c3e9d1f2b4
Create Date: 2026-12-06 14:30:00

The SQL lives in netpwa/contacts/fulltext.py (tests build the schema with create_all, which
runs the same statements); this migration runs it for databases built by migrations, and
fills the index from the contacts already stored.
"""
from alembic import op

from netpwa.contacts import fulltext


revision = 'd5f1a8c6e2b9'
down_revision = 'a7c3e9d1f2b4'
branch_labels = None
depends_on = None


def upgrade():
    fulltext.install(op.get_bind())


def downgrade():
    fulltext.uninstall(op.get_bind())
