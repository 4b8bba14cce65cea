"""Migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import uuid

import pytest
from helpers import TEST_DATABASE_URL
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from netpwa import create_app
from netpwa.contacts.fulltext import is_managed_here
from netpwa.extensions import db


@pytest.fixture
def empty_database_url(tmp_path):
    """A database nobody else uses: a new SQLite file, or a new PostgreSQL database."""
    if not TEST_DATABASE_URL:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    name = f"netpwa_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(TEST_DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_matches_models_and_downgrades(empty_database_url):
    """`flask db upgrade` leaves nothing for autogenerate to add; downgrade empties it."""
    app = create_app({"TESTING": True, "SECRET_KEY": "t",
                      "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            # The contact search index is plain SQL beside the models (contacts/fulltext.py).
            context = MigrationContext.configure(connection, opts={
                "compare_type": False,
                "include_object": lambda obj, name, type_, reflected, compare_to: not (
                    reflected and compare_to is None and is_managed_here(name or ""))})
            diff = compare_metadata(context, db.metadata)
        assert diff == []
        downgrade(revision="base")
        with db.engine.connect() as connection:
            tables = db.inspect(connection).get_table_names()
        assert set(tables) <= {"alembic_version"}
        db.engine.dispose()
