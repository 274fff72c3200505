"""One backup = one `.tar.gz`: the database (SQLite's online backup API, or `pg_dump
--format=custom`), every file under MEDIA_ROOT, and `manifest.json` (written last) listing the
app version, the migration head, the database kind, the UTC time and each file's size and SHA-256.

Restoring verifies every file against the manifest in a staging folder before anything in the
database or MEDIA_ROOT is touched, and fills only an empty database and an empty media folder.
Secrets outside the database (the environment file, instance/secret_key) are never archived.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from flask import current_app
from sqlalchemy import inspect, text
from sqlalchemy.engine import URL

from ..extensions import db

FORMAT = "ksx-backup/1"
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database/kesat.sqlite3", "postgresql": "database/kesat.pgdump"}
PREFIX = "ksx-backup-"
SUFFIX = ".tar.gz"
NAME = re.compile(r"^ksx-backup-(\d{8}T\d{6}Z)(?:-(\d+))?\.tar\.gz$")
MANIFEST_LIMIT = 64 * 1024 * 1024
CHUNK = 1024 * 1024
# The tables SQLite's FTS3/4/5 keep beside a virtual table named X, as X_<part>.
SHADOW_TABLES = ("data", "idx", "content", "docsize", "config", "segments", "segdir", "stat")
# The same modes content.media gives uploads (a shared service cannot import the domain).
MEDIA_DIR_MODE, MEDIA_FILE_MODE = 0o700, 0o600


class BackupError(Exception):
    """A refusal or failure with a message for the console."""


@dataclass
class Report:
    archive: Path
    database_kind: str
    database_bytes: int = 0
    media_files: int = 0
    media_bytes: int = 0
    archive_bytes: int = 0
    seconds: float = 0.0
    migration_head: str = ""
    removed: list[Path] = field(default_factory=list)


def human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


# --- what the running app knows ------------------------------------------------------------

def database_kind() -> str:
    name = db.engine.dialect.name
    if name not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {name}.")
    return name


def media_root() -> Path:
    return Path(current_app.config["MEDIA_ROOT"])


def _scripts() -> ScriptDirectory:
    return ScriptDirectory(current_app.extensions["migrate"].directory)


def code_head() -> str:
    return ",".join(sorted(_scripts().get_heads()))


def database_head() -> str:
    if "alembic_version" not in inspect(db.engine).get_table_names():
        return ""
    with db.engine.connect() as conn:
        heads = conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
        return ",".join(sorted(heads))


def app_version() -> str:
    """The code's git commit when the checkout has one, else 'unknown'."""
    root = Path(current_app.root_path).parent
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"],
                              capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else "unknown"


def _pg_env(url: URL) -> dict[str, str]:
    """libpq's variables for the app's database, so no password shows in the process list."""
    env = dict(os.environ)
    host = url.host or url.query.get("host")
    for key, value in (("PGHOST", host), ("PGPORT", url.port), ("PGUSER", url.username),
                       ("PGPASSWORD", url.password), ("PGDATABASE", url.database)):
        if value:
            env[key] = str(value)
    return env


def _run(command: list[str], url: URL) -> None:
    try:
        done = subprocess.run(command, env=_pg_env(url), capture_output=True, text=True,
                              check=False)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (Debian: apt install "
                          "postgresql-client).") from None
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed ({done.returncode}): "
                          f"{done.stderr.strip() or done.stdout.strip()}")


def _sqlite_path() -> str:
    path = db.engine.url.database
    if not path or path == ":memory:":
        raise BackupError("The SQLite database is in memory: there is no file to back up "
                          "or restore into.")
    return path


# --- create ----------------------------------------------------------------------------------

class _Hashing:
    """A reader that hashes what tarfile copies, so the manifest describes the archived bytes
    even if a media file changes while the backup runs."""

    def __init__(self, stream):
        self.stream, self.sha, self.size = stream, hashlib.sha256(), 0

    def read(self, size=-1):
        data = self.stream.read(size)
        self.sha.update(data)
        self.size += len(data)
        return data


def _dump_database(kind: str, target: Path) -> None:
    if kind == "sqlite":
        _sqlite_path()
        raw = db.engine.raw_connection()
        try:
            dest = sqlite3.connect(target)
            try:
                raw.driver_connection.backup(dest)
            finally:
                dest.close()
        finally:
            raw.close()
    else:
        _run(["pg_dump", "--format=custom", "--file", str(target)], db.engine.url)


def _media_files(root: Path) -> list[tuple[str, Path]]:
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append((path.relative_to(root).as_posix(), path))
    return found


def _destination(output: str | None, now: datetime) -> Path:
    if output and output.endswith(SUFFIX):
        path = Path(output).expanduser().resolve()
    else:
        folder = Path(output or current_app.config["BACKUP_DIR"]).expanduser().resolve()
        stamp = now.strftime("%Y%m%dT%H%M%SZ")
        path = folder / f"{PREFIX}{stamp}{SUFFIX}"
        counter = 2
        while path.exists():
            path = folder / f"{PREFIX}{stamp}-{counter}{SUFFIX}"
            counter += 1
    if path.exists():
        raise BackupError(f"{path} already exists; choose another --output.")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"Cannot create the backup folder {path.parent}: {error}") from None
    return path


def _add(tar: tarfile.TarFile, name: str, path: Path, mtime: float) -> dict:
    with open(path, "rb") as stream:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = os.fstat(stream.fileno()).st_size, mtime, 0o600
        reader = _Hashing(stream)
        tar.addfile(info, reader)
    return {"path": name, "size": reader.size, "sha256": reader.sha.hexdigest()}


def create(output: str | None = None, keep: int | None = None) -> Report:
    started = time.monotonic()
    kind = database_kind()
    head = database_head()
    if not head:
        raise BackupError("The database has no migration head (alembic_version): run "
                          "`flask db upgrade` first.")
    now = datetime.now(UTC).replace(microsecond=0)
    target = _destination(output, now)
    report = Report(archive=target, database_kind=kind, migration_head=head)
    part = target.with_name(target.name + ".part")
    try:
        with tempfile.TemporaryDirectory(prefix=".ksx-backup-", dir=target.parent) as staging:
            dump = Path(staging) / "database"
            _dump_database(kind, dump)
            files = []
            with tarfile.open(part, "w:gz") as tar:
                entry = _add(tar, DATABASE_FILES[kind], dump, now.timestamp())
                report.database_bytes = entry["size"]
                files.append(entry)
                for name, path in _media_files(media_root()):
                    try:
                        entry = _add(tar, f"media/{name}", path, path.stat().st_mtime)
                    except FileNotFoundError:
                        continue  # deleted while the backup ran: it is no longer part of the site
                    report.media_files += 1
                    report.media_bytes += entry["size"]
                    files.append(entry)
                manifest = json.dumps({
                    "format": FORMAT,
                    "app_version": app_version(),
                    "migration_head": head,
                    "database": kind,
                    "created": now.isoformat().replace("+00:00", "Z"),
                    "files": files,
                }, ensure_ascii=False, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(manifest), now.timestamp(), 0o600
                tar.addfile(info, io.BytesIO(manifest))
        part.chmod(0o600)
        os.replace(part, target)
    except BackupError:
        part.unlink(missing_ok=True)
        raise
    except (OSError, sqlite3.Error, tarfile.TarError) as error:
        part.unlink(missing_ok=True)
        raise BackupError(f"The backup failed: {error}") from None
    report.archive_bytes = target.stat().st_size
    if keep is not None:
        report.removed = prune(target.parent, keep)
    report.seconds = time.monotonic() - started
    return report


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest archives named by `create` in `folder`."""
    archives = []
    for path in folder.iterdir():
        match = NAME.match(path.name)
        if match and path.is_file():
            archives.append(((match.group(1), int(match.group(2) or 1)), path))
    archives.sort(reverse=True)
    removed = [path for _key, path in archives[keep:]]
    for path in removed:
        path.unlink()
    return removed


# --- restore ---------------------------------------------------------------------------------

def _tables_with_rows() -> list[str]:
    """Every table that holds a row, whoever made it (a restore overwrites or drops them all),
    but for alembic's bookkeeping and SQLite's full-text shadow tables, which hold their
    configuration rows even when the index is empty."""
    engine = db.engine
    quote = engine.dialect.identifier_preparer.quote
    full = []
    with engine.connect() as conn:
        skip = {"alembic_version"}
        if engine.dialect.name == "sqlite":
            virtual = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND sql LIKE 'CREATE VIRTUAL TABLE%'")).scalars()
            skip |= {f"{name}_{part}" for name in virtual for part in SHADOW_TABLES}
        for name in sorted(set(inspect(conn).get_table_names()) - skip):
            if conn.execute(text(f"SELECT 1 FROM {quote(name)} LIMIT 1")).first():
                full.append(name)
    return full


def _media_is_empty(root: Path) -> bool:
    return not root.exists() or (root.is_dir() and not any(root.iterdir()))


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (not path.is_absolute() and ".." not in path.parts and "" not in path.parts
            and "\\" not in name and (name == MANIFEST or path.parts[0] in ("database", "media"))
            and (path.parts[0] != "media" or len(path.parts) > 1))


def _unpack(archive: Path, staging: Path) -> dict:
    """Extract into `staging`, hashing as it goes; return the manifest once every file
    matches it. Raises BackupError on anything else."""
    seen: dict[str, tuple[int, str]] = {}
    manifest = None
    try:
        with tarfile.open(archive, "r|gz") as tar:
            for member in tar:
                name = member.name
                if not member.isfile() or not _safe_name(name) or name in seen:
                    raise BackupError(f"The archive holds an unexpected entry {name!r}: "
                                      "it was not made by `flask backup create`.")
                stream = tar.extractfile(member)
                if name == MANIFEST:
                    if member.size > MANIFEST_LIMIT:
                        raise BackupError("The manifest is too large.")
                    manifest = stream.read()
                    seen[name] = (0, "")
                    continue
                path = staging / name
                path.parent.mkdir(parents=True, exist_ok=True)
                sha, size = hashlib.sha256(), 0
                with open(path, "wb") as out:
                    while chunk := stream.read(CHUNK):
                        sha.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                seen[name] = (size, sha.hexdigest())
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(f"The archive is damaged or not a backup ({error}).") from None
    if manifest is None:
        raise BackupError("The archive has no manifest.json: it was not made by "
                          "`flask backup create`.")
    try:
        data = json.loads(manifest)
        files = {f["path"]: (int(f["size"]), str(f["sha256"])) for f in data["files"]}
    except (ValueError, KeyError, TypeError):
        raise BackupError("The manifest is not readable.") from None
    if data.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {data.get('format')!r} (expected {FORMAT}).")
    del seen[MANIFEST]
    missing = sorted(set(files) - set(seen))
    extra = sorted(set(seen) - set(files))
    if missing or extra:
        raise BackupError("The archive does not match its manifest: "
                          + "; ".join([f"missing {', '.join(missing)}"] * bool(missing)
                                      + [f"not listed {', '.join(extra)}"] * bool(extra)))
    wrong = sorted(name for name, stored in seen.items() if files[name] != stored)
    if wrong:
        raise BackupError("Checksum mismatch, the archive is corrupted: " + ", ".join(wrong)
                          + ". Nothing was restored.")
    return data


def _check_manifest(data: dict, kind: str) -> None:
    if data.get("database") != kind:
        raise BackupError(f"This backup is of a {data.get('database')} database; the app uses "
                          f"{kind}. Restore it into a {data.get('database')} database.")
    if DATABASE_FILES[kind] not in {f["path"] for f in data["files"]}:
        raise BackupError("The archive holds no database file.")
    if not data.get("migration_head"):
        raise BackupError("The manifest names no migration head: it was not made by "
                          "`flask backup create`.")
    scripts = _scripts()
    for revision in str(data["migration_head"]).split(","):
        try:
            known = revision and scripts.get_revision(revision)
        except CommandError:
            known = None
        if not known:
            raise BackupError(f"The backup's migration head {revision!r} is newer than this "
                              "code knows: update the code first.")


def _clear_empty_postgres() -> None:
    """A migrated but empty database (the service runs `flask db upgrade` on start): drop its
    tables so the dump recreates them as they were."""
    with db.engine.begin() as conn:
        names = conn.execute(text("SELECT tablename FROM pg_tables "
                                  "WHERE schemaname = current_schema()")).scalars().all()
        quote = db.engine.dialect.identifier_preparer.quote
        for name in names:
            conn.execute(text(f"DROP TABLE IF EXISTS {quote(name)} CASCADE"))


def _restore_database(kind: str, dump: Path) -> None:
    if kind == "sqlite":
        path = _sqlite_path()
        db.engine.dispose()
        source = sqlite3.connect(dump)
        try:
            dest = sqlite3.connect(path)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
        os.chmod(path, 0o600)
    else:
        _clear_empty_postgres()
        db.engine.dispose()
        url = db.engine.url
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
              "--single-transaction", "--dbname", str(url.database), str(dump)], url)
    db.engine.dispose()


def _restore_media(source: Path, root: Path) -> None:
    root.mkdir(mode=MEDIA_DIR_MODE, parents=True, exist_ok=True)
    root.chmod(MEDIA_DIR_MODE)
    for folder, _dirs, files in os.walk(source):
        for name in files:
            path = Path(folder) / name
            target = root / path.relative_to(source)
            if target.parent != root:
                target.parent.mkdir(mode=MEDIA_DIR_MODE, parents=True, exist_ok=True)
            shutil.move(path, target)
            target.chmod(MEDIA_FILE_MODE)


def restore(archive: str) -> Report:
    started = time.monotonic()
    path = Path(archive).expanduser()
    if not path.is_file():
        raise BackupError(f"No backup archive at {path}.")
    kind = database_kind()
    root = media_root()
    full = _tables_with_rows()
    if full:
        raise BackupError("The database is not empty (" + ", ".join(sorted(full)[:5])
                          + (" …" if len(full) > 5 else "") + " hold rows): restore fills an "
                          "empty database only. Create a new empty database and point "
                          "DATABASE_URL at it.")
    if not _media_is_empty(root):
        raise BackupError(f"The media folder {root} is not empty: restore fills an empty "
                          "folder only. Move it aside first.")
    report = Report(archive=path, database_kind=kind)
    parent = root.parent if root.parent.is_dir() else None
    try:
        with tempfile.TemporaryDirectory(prefix=".ksx-restore-", dir=parent) as folder:
            staging = Path(folder)
            data = _unpack(path, staging)
            _check_manifest(data, kind)
            report.migration_head = data["migration_head"]
            for entry in data["files"]:
                if entry["path"].startswith("media/"):
                    report.media_files += 1
                    report.media_bytes += int(entry["size"])
                else:
                    report.database_bytes += int(entry["size"])
            _restore_database(kind, staging / DATABASE_FILES[kind])
            if (staging / "media").is_dir():
                _restore_media(staging / "media", root)
    except (OSError, sqlite3.Error) as error:
        raise BackupError(f"The restore failed: {error}") from None
    report.archive_bytes = path.stat().st_size
    report.seconds = time.monotonic() - started
    return report
