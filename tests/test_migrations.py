"""The migrations build the schema the models describe, on SQLite and PostgreSQL alike,
and survive a downgrade → upgrade round trip (SecureDrop test_alembic.py)."""
import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from app.extensions import db

from . import dbutil
from .conftest import make_app


@pytest.fixture
def empty_app():
    url = dbutil.create_database("mig")
    app = make_app(url)
    yield app
    with app.app_context():
        db.engine.dispose()
    dbutil.drop_database(url)


def _diff(app):
    with app.app_context(), db.engine.connect() as conn:
        from app.web.database import include_object

        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "render_as_batch": True,
                                                         "include_object": include_object})
        return compare_metadata(context, db.metadata)


def test_migrations_match_the_models(empty_app):
    with empty_app.app_context():
        flask_migrate.upgrade()
    assert _diff(empty_app) == []


def test_downgrade_then_upgrade_round_trip(empty_app):
    with empty_app.app_context():
        flask_migrate.upgrade()
        tables = set(inspect(db.engine).get_table_names())
        flask_migrate.downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        flask_migrate.upgrade()
        assert set(inspect(db.engine).get_table_names()) == tables
    assert _diff(empty_app) == []


def test_sqlite_pragmas(empty_app):
    with empty_app.app_context(), db.engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            pytest.skip("SQLite only")
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
