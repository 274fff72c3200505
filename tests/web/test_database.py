"""The SQLite database is created readable by its owner only (it holds password hashes,
sessions and entrants' phone numbers)."""
import os
import stat

from sqlalchemy import text

from app import create_app
from app.config import TEST_OVERRIDES
from app.extensions import db


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_sqlite_file_and_its_folder_are_private(tmp_path):
    folder = tmp_path / "du-lieu"
    path = folder / "kesat.db"
    old_umask = os.umask(0o022)  # a usual umask: SQLite alone would make the file 0644
    try:
        app = create_app({**TEST_OVERRIDES, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                          "MEDIA_ROOT": str(tmp_path / "media")})
        with app.app_context():
            db.session.execute(text("CREATE TABLE t (x INTEGER)"))
            db.session.execute(text("INSERT INTO t VALUES (1)"))
            db.session.commit()
            files = [path, path.with_name("kesat.db-wal"), path.with_name("kesat.db-shm")]
            assert all(f.exists() for f in files)  # WAL mode: SQLite adds -wal and -shm
            assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}
            assert _mode(folder) == 0o700
            db.engine.dispose()
    finally:
        os.umask(old_umask)


def test_the_instance_folder_is_closed_when_the_database_is_made_in_it(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    monkeypatch.setenv("INSTANCE_PATH", str(instance))
    old_umask = os.umask(0o022)
    try:
        overrides = {k: v for k, v in TEST_OVERRIDES.items()}
        app = create_app({**overrides, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'kesat.db'}",
                          "MEDIA_ROOT": str(tmp_path / "media")})
        assert _mode(instance) == 0o700 and _mode(instance / "kesat.db") == 0o600
        with app.app_context():
            db.engine.dispose()
    finally:
        os.umask(old_umask)


def test_an_existing_database_file_is_left_as_it_is(tmp_path):
    path = tmp_path / "co-san.db"
    path.touch(mode=0o640)
    os.chmod(path, 0o640)
    app = create_app({**TEST_OVERRIDES, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                      "MEDIA_ROOT": str(tmp_path / "media")})
    assert _mode(path) == 0o640
    with app.app_context():
        db.engine.dispose()
