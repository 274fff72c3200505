"""The migration that adds the one-published-successor index keeps databases that the old race
left with several live updates of one warning: it chains them in the order they were sent."""
from datetime import datetime, timedelta, timezone

import flask_migrate
import pytest
from sqlalchemy import text

from app.extensions import db

from .. import dbutil
from ..conftest import make_app

BEFORE = "93b9070eb96d"


@pytest.fixture
def old_app():
    url = dbutil.create_database("succ")
    app = make_app(url)
    yield app
    with app.app_context():
        db.engine.dispose()
    dbutil.drop_database(url)


def _insert(conn, id_, references_id, sent):
    now = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
    conn.execute(text(
        "INSERT INTO alerts (id, identifier, sender, sent, status, msg_type, scope, references_id, note,"
        " hazard, category, event, urgency, severity, certainty, headline, description, instruction,"
        " headline_en, description_en, instruction_en, effective, expires, areas, created_at, updated_at,"
        " version) VALUES (:id, :identifier, 's', :sent, 'Actual', :msg_type, 'Public', :ref, '',"
        " 'mua-lon', 'Met', 'Mưa lớn', 'Expected', 'Moderate', 'Likely', 'h', '', '', '', '', '',"
        " :effective, :expires, '[\"toan-xa\"]', :effective, :effective, 1)"),
        {"id": id_, "identifier": f"KS-{id_}", "sent": sent, "ref": references_id,
         "msg_type": "Update" if references_id else "Alert",
         "effective": now, "expires": now + timedelta(days=1)})


def test_duplicate_live_updates_are_chained_before_the_index(old_app):
    base = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
    with old_app.app_context():
        flask_migrate.upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            _insert(conn, 1, None, base)
            _insert(conn, 2, 1, base + timedelta(minutes=5))
            _insert(conn, 3, 1, base + timedelta(minutes=1))  # sent first
            _insert(conn, 4, 1, base + timedelta(minutes=9))
            _insert(conn, 5, 1, None)  # a draft stays as it was
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            rows = dict(conn.execute(text("SELECT id, references_id FROM alerts")).all())
    assert rows == {1: None, 3: 1, 2: 3, 4: 2, 5: 1}


def test_down_and_up_again_with_updates_in_the_table(old_app):
    """Rebuilding the table (SQLite batch mode) keeps messages that reference each other."""
    base = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
    with old_app.app_context():
        flask_migrate.upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            _insert(conn, 1, None, base)
            _insert(conn, 2, 1, base + timedelta(minutes=5))
        flask_migrate.upgrade()
        flask_migrate.downgrade(revision=BEFORE)
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            rows = dict(conn.execute(text("SELECT id, references_id FROM alerts")).all())
    assert rows == {1: None, 2: 1}
