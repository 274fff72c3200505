"""`flask backup create` and `flask backup restore` on real databases of their own (SQLite, or
PostgreSQL with TEST_DATABASE_URL) and real media folders: a restore gives back every table
row by row and every file byte by byte; a damaged or foreign archive and a non-empty target
are refused before anything is written."""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import stat
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

import flask_migrate
import pytest
from sqlalchemy import inspect, text

from app.backup import archive as backup
from app.extensions import db

from .. import dbutil, factories
from ..conftest import make_app

NAME = re.compile(r"^ksx-backup-\d{8}T\d{6}Z(-\d+)?\.tar\.gz$")


@contextlib.contextmanager
def fresh_site(migrate: bool):
    """An app on a new database (migrated or with no tables at all) and a new media folder."""
    url = dbutil.create_database("backup")
    folder = Path(tempfile.mkdtemp(prefix="ksx-backup-test-"))
    app = make_app(url, MEDIA_ROOT=str(folder / "media"), BACKUP_DIR=str(folder / "backups"))
    if migrate:
        with app.app_context():
            flask_migrate.upgrade()
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()
        dbutil.drop_database(url)
        shutil.rmtree(folder, ignore_errors=True)


def invoke(app, *args):
    return app.test_cli_runner().invoke(args=["backup", *args])


@pytest.fixture(scope="module")
def source():
    """A site with the demo data (its pictures are media files), an upload of our own in a
    sub-folder, and one backup of it."""
    with fresh_site(migrate=True) as app:
        loaded = app.test_cli_runner().invoke(args=["demo", "load"])
        assert loaded.exit_code == 0, loaded.output
        with app.app_context():
            factories.make_user(role="editor", email="sao.luu@kesat.example")
            factories.make_post(title="Bài viết trước khi sao lưu")
            db.session.commit()
        extra = Path(app.config["MEDIA_ROOT"]) / "tai-lieu" / "bien-ban.pdf"
        extra.parent.mkdir()
        extra.write_bytes(factories.pdf_bytes())
        result = invoke(app, "create")
        assert result.exit_code == 0, result.output
        archives = list(Path(app.config["BACKUP_DIR"]).iterdir())
        assert len(archives) == 1
        yield app, archives[0], result.output


def snapshot(app) -> dict[str, list[tuple]]:
    """Every table, every row (sorted, so the order rows come back in does not matter)."""
    with app.app_context():
        quote = db.engine.dialect.identifier_preparer.quote
        tables = {}
        with db.engine.connect() as conn:
            for name in inspect(conn).get_table_names():
                rows = conn.execute(text(f"SELECT * FROM {quote(name)}")).all()
                tables[name] = sorted((tuple(row) for row in rows), key=repr)
        return tables


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}


def rewrite(path: Path, folder: Path, change) -> Path:
    """A copy of the archive with `change(name, data) -> data` applied to every member."""
    copy = folder / "changed.tar.gz"
    with tarfile.open(copy, "w:gz") as tar:
        for name, data in members(path).items():
            data = change(name, data)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return copy


def assert_untouched(app):
    with app.app_context():
        assert backup._tables_with_rows() == []
    media = Path(app.config["MEDIA_ROOT"])
    assert not media.exists() or not any(media.iterdir())
    assert not list(media.parent.glob(".ksx-restore-*"))


def test_create_writes_one_archive_with_manifest_and_checksums(source):
    app, path, output = source
    assert NAME.match(path.name)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "Media: " in output and " files, " in output and re.search(r"in \d+\.\d s", output)
    stored = members(path)
    manifest = json.loads(stored.pop("manifest.json"))
    with app.app_context():
        assert manifest["migration_head"] == backup.code_head()
    assert manifest["format"] == "ksx-backup/1" and manifest["app_version"]
    assert manifest["database"] == dbutil.backend()
    assert datetime.fromisoformat(manifest["created"]).utcoffset().total_seconds() == 0
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(stored)
    for name, data in stored.items():
        assert listed[name]["size"] == len(data)
        assert listed[name]["sha256"] == hashlib.sha256(data).hexdigest()
    media = files_of(Path(app.config["MEDIA_ROOT"]))
    assert len(media) > 20 and "tai-lieu/bien-ban.pdf" in media
    assert {f"media/{name}": data for name, data in media.items()} == {
        name: data for name, data in stored.items() if name.startswith("media/")}
    database = [name for name in stored if name.startswith("database/")]
    assert database == [backup.DATABASE_FILES[dbutil.backend()]]
    assert not [name for name in stored if "secret" in name or name.endswith("env")]


@pytest.mark.parametrize("migrated", [False, True], ids=["no-tables", "migrated-empty"])
def test_restore_gives_back_every_row_and_every_file(source, migrated):
    app, path, _output = source
    with fresh_site(migrate=migrated) as target:
        result = invoke(target, "restore", str(path))
        assert result.exit_code == 0, result.output
        assert "Restored from" in result.output and "flask db upgrade" in result.output
        before, after = snapshot(app), snapshot(target)
        assert "users" in after and "alembic_version" in after
        assert set(after) == set(before)
        for table, rows in before.items():
            assert after[table] == rows, table
        assert sum(len(rows) for rows in after.values()) > 100
        media = Path(target.config["MEDIA_ROOT"])
        assert files_of(media) == files_of(Path(app.config["MEDIA_ROOT"]))
        assert stat.S_IMODE(media.stat().st_mode) == 0o700
        assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in media.rglob("*") if p.is_file())
        # The restored site works: the app reads its data.
        client = target.test_client()
        assert client.get("/").status_code == 200


def test_a_corrupted_archive_is_refused_and_nothing_is_written(source, tmp_path):
    app, path, _output = source
    victim = sorted(n for n in members(path) if n.startswith("media/"))[3]

    def flip(name, data):
        return data[:-1] + bytes([data[-1] ^ 1]) if name == victim else data

    corrupted = rewrite(path, tmp_path, flip)
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with fresh_site(migrate=False) as target:
        result = invoke(target, "restore", str(corrupted))
        assert result.exit_code == 1
        assert "Checksum mismatch" in result.output and victim in result.output
        assert_untouched(target)
        result = invoke(target, "restore", str(truncated))
        assert result.exit_code == 1 and "damaged" in result.output
        assert_untouched(target)
        with target.app_context():
            assert inspect(db.engine).get_table_names() == []


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    not_gzip = tmp_path / "ghi-chu.tar.gz"
    not_gzip.write_text("không phải bản sao lưu")
    no_manifest = tmp_path / "thieu.tar.gz"
    with tarfile.open(no_manifest, "w:gz") as tar:
        info = tarfile.TarInfo("media/a.txt")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"a"))
    escaping = tmp_path / "thoat.tar.gz"
    with tarfile.open(escaping, "w:gz") as tar:
        info = tarfile.TarInfo("media/../../etc/x")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"a"))
    with fresh_site(migrate=False) as target:
        for path, message in ((not_gzip, "damaged or not a backup"),
                              (no_manifest, "has no manifest.json"),
                              (escaping, "unexpected entry")):
            result = invoke(target, "restore", str(path))
            assert result.exit_code == 1 and message in result.output, result.output
            assert_untouched(target)
        result = invoke(target, "create")
        assert result.exit_code == 1 and "no migration head" in result.output
        assert not Path(target.config["BACKUP_DIR"]).exists() or not any(
            Path(target.config["BACKUP_DIR"]).iterdir())


def test_an_archive_that_does_not_match_its_manifest_is_refused(source, tmp_path):
    app, path, _output = source
    listed = json.loads(members(path)["manifest.json"])
    listed["files"] = listed["files"][:-1]
    short = rewrite(path, tmp_path, lambda name, data: json.dumps(listed).encode()
                    if name == "manifest.json" else data)
    with fresh_site(migrate=False) as target:
        result = invoke(target, "restore", str(short))
        assert result.exit_code == 1 and "not listed" in result.output
        assert_untouched(target)


@pytest.mark.parametrize("field, value, message", [
    ("database", "oracle", "This backup is of a oracle database"),
    ("migration_head", "ffffffffffff", "newer than this code knows"),
])
def test_a_foreign_manifest_is_refused(source, tmp_path, field, value, message):
    app, path, _output = source

    def change(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest[field] = value
        return json.dumps(manifest).encode()

    with fresh_site(migrate=False) as target:
        result = invoke(target, "restore", str(rewrite(path, tmp_path, change)))
        assert result.exit_code == 1 and message in result.output
        assert_untouched(target)


def test_a_target_that_is_not_empty_is_refused(source):
    app, path, _output = source
    with fresh_site(migrate=True) as target:
        with target.app_context():
            factories.make_user(role="editor", email="da.co@kesat.example")
            db.session.commit()
        before = snapshot(target)
        result = invoke(target, "restore", str(path))
        assert result.exit_code == 1 and "The database is not empty" in result.output
        assert "users" in result.output
        assert snapshot(target) == before
        assert not Path(target.config["MEDIA_ROOT"]).exists()
    with fresh_site(migrate=False) as target:
        with target.app_context(), db.engine.begin() as conn:
            conn.execute(text("CREATE TABLE ghi_chu (id INTEGER PRIMARY KEY, noi_dung TEXT)"))
            conn.execute(text("INSERT INTO ghi_chu VALUES (1, 'của ứng dụng khác')"))
        result = invoke(target, "restore", str(path))
        assert result.exit_code == 1 and "ghi_chu" in result.output
        assert snapshot(target) == {"ghi_chu": [(1, "của ứng dụng khác")]}
    with fresh_site(migrate=False) as target:
        media = Path(target.config["MEDIA_ROOT"])
        media.mkdir()
        (media / "anh.jpg").write_bytes(b"giu nguyen")
        result = invoke(target, "restore", str(path))
        assert result.exit_code == 1 and "is not empty" in result.output
        assert files_of(media) == {"anh.jpg": b"giu nguyen"}
        with target.app_context():
            assert inspect(db.engine).get_table_names() == []


def test_a_missing_archive_is_a_clear_error(source, tmp_path):
    app, _path, _output = source
    result = invoke(app, "restore", str(tmp_path / "khong-co.tar.gz"))
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: No backup archive at {tmp_path / 'khong-co.tar.gz'}."


def test_keep_leaves_the_newest_backups_and_output_takes_a_folder_or_a_file(source, tmp_path):
    app, _path, _output = source
    folder = tmp_path / "nightly"
    for _ in range(3):
        result = invoke(app, "create", "--output", str(folder), "--keep", "2")
        assert result.exit_code == 0, result.output
    names = sorted(os.listdir(folder))
    assert len(names) == 2 and all(NAME.match(name) for name in names)
    assert "Removed old backup" in result.output
    assert result.output.split("Backup written: ")[1].split(" ")[0] in [
        str(folder / name) for name in names]
    named = tmp_path / "truoc-nang-cap.tar.gz"
    result = invoke(app, "create", "--output", str(named))
    assert result.exit_code == 0 and named.is_file()
    result = invoke(app, "create", "--output", str(named))
    assert result.exit_code == 1 and "already exists" in result.output
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = invoke(app, "create", "--output", str(blocker / "sub"))
    assert result.exit_code == 1 and "Cannot create the backup folder" in result.output
    assert not list(tmp_path.rglob("*.part"))
