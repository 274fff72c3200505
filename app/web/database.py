"""Engine set-up: SQLite gets WAL, foreign keys, a busy timeout and real transactions, and
its file is created readable by the owner only."""
from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from ..extensions import db

SQLITE_BUSY_TIMEOUT_MS = 5000


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record) -> None:
    # Let SQLAlchemy, not pysqlite, emit BEGIN, so SAVEPOINTs work (SQLAlchemy docs,
    # "Serializable isolation / Savepoints / Transactional DDL").
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


_IMMEDIATE: ContextVar[bool] = ContextVar("sqlite_begin_immediate", default=False)


def _sqlite_on_begin(conn) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if _IMMEDIATE.get() else "BEGIN")


@contextmanager
def write_transaction():
    """Run the next transaction as a writer from its first statement. SQLite's default BEGIN
    starts as a reader, and a reader that turns writer after another writer committed fails
    at once with "database is locked" (the busy timeout does not apply). BEGIN IMMEDIATE
    waits its turn instead. The session's current transaction is ended first, so call this
    before reading what the write needs. PostgreSQL needs nothing: this changes nothing there.
    """
    db.session.rollback()
    token = _IMMEDIATE.set(True)
    try:
        yield
    finally:
        _IMMEDIATE.reset(token)


def configure_sqlite(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    if not event.contains(engine, "connect", _sqlite_on_connect):
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)


FILE_MODE = 0o600
DIR_MODE = 0o700


def create_private_sqlite_file(engine: Engine, instance_path: str | None = None) -> None:
    """Make a SQLite database file that does not exist yet with mode 0600, in a folder made
    0700, before SQLite makes it with the umask's wider mode (often 0644). SQLite gives the
    -wal and -shm files it adds the database file's mode. The app's instance folder, which
    holds the database by default, is closed to others on that first run too."""
    if engine.dialect.name != "sqlite" or engine.url.query.get("uri"):
        return
    database = engine.url.database
    if not database or database == ":memory:":
        return
    path = Path(database).resolve()
    if path.exists():
        return
    folder = path.parent
    if not folder.exists():
        folder.mkdir(mode=DIR_MODE, parents=True)
        folder.chmod(DIR_MODE)  # mkdir's mode passes through the umask
    elif instance_path and folder == Path(instance_path).resolve():
        folder.chmod(DIR_MODE)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:  # another worker made it first
        return
    os.chmod(path, FILE_MODE)  # os.open's mode passes through the umask as well


def configure_postgresql(engine: Engine, seconds: int) -> None:
    """A database that does not answer (a cut cable, a host gone, not a refused connection)
    fails within seconds instead of holding a worker for the minutes of TCP's own timeouts:
    libpq's connect_timeout for a new connection, tcp_user_timeout for one already open
    (the pool's pre-ping included). The request then gets its 503 (app/web/errors.py).

    A connection attempt that failed slowly is not tried again for that many seconds: the
    same request (its error page asks for the banner and the settings) and the next ones fail
    at once instead of waiting again. A refused connection fails at once by itself and leaves
    nothing to wait out, so a restarted database is used again immediately."""
    if engine.dialect.name != "postgresql" or seconds <= 0:
        return
    slow_failure = [-float(seconds)]

    def _connect(dialect, _record, cargs, cparams):
        cparams.setdefault("connect_timeout", seconds)
        cparams.setdefault("tcp_user_timeout", seconds * 2000)
        started = time.monotonic()
        if started - slow_failure[0] < seconds:
            raise dialect.loaded_dbapi.OperationalError(
                "the database did not answer a moment ago; not waiting for it again yet")
        try:
            return dialect.connect(*cargs, **cparams)
        except dialect.loaded_dbapi.OperationalError:
            if time.monotonic() - started >= 1:
                slow_failure[0] = time.monotonic()
            raise

    event.listen(engine, "do_connect", _connect)


def configure_engines(app: Flask) -> None:
    with app.app_context():
        for engine in db.engines.values():
            create_private_sqlite_file(engine, app.instance_path)
            configure_sqlite(engine)
            configure_postgresql(engine, app.config.get("DATABASE_TIMEOUT_SECONDS", 5))


# Made by hand in the migrations, per database, so autogenerate must not see them as extra.
HAND_MADE = {"search_fts", "ix_search_entries_fts"}


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic filter: leave the full-text objects of the search index alone."""
    if name and (name in HAND_MADE or name.startswith("search_fts_")):
        return False
    return True
