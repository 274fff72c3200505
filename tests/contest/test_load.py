"""16 entries with 2 photos each, sent at the same moment to a real threaded server: all
succeed, on SQLite and on PostgreSQL (issue 9, line 5). The timing lives in `make bench`."""
from __future__ import annotations

import threading
from pathlib import Path

import flask_migrate
import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from app.contest.models import Entry, EntryFile
from app.extensions import db
from tests import dbutil, factories
from tests.conftest import free_port, make_app
from tools.contest_load import send_entries

ENTRANTS = 16


@pytest.fixture
def live_contest(tmp_path):
    url = dbutil.create_database("load")
    media = tmp_path / "media"
    app = make_app(url, MEDIA_ROOT=str(media), CONTEST_ENTRY_LIMIT="1000 per minute",
                   TESTING=False)
    with app.app_context():
        flask_migrate.upgrade()
        contest = factories.make_contest()
        db.session.commit()
        slug, category_id = contest.slug, contest.categories[0].id
        db.session.remove()
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}", slug, category_id, media
    finally:
        server.shutdown()
        thread.join(timeout=30)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        dbutil.drop_database(url)


def test_sixteen_entries_with_two_photos_sent_at_once_all_succeed(live_contest):
    app, base, slug, category_id, media = live_contest
    results = send_entries(base, slug, ENTRANTS, factories.png_bytes(size=(480, 360)))
    failures = [r for r in results if r is None or r[0] != 200 or "/bien-nhan" not in r[1]]
    assert not failures, failures
    with app.app_context():
        assert db.session.scalar(select(func.count(Entry.id))) == ENTRANTS
        files = db.session.scalars(select(EntryFile)).all()
        assert len(files) == 2 * ENTRANTS
        for f in files:
            assert (Path(media) / f"{f.media.key}.jpg").is_file()
        db.session.remove()
    assert not any((Path(media) / ".incoming").iterdir())
