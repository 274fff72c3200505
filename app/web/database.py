"""Engine set-up: SQLite gets WAL, foreign keys, a busy timeout and real transactions."""
from __future__ import annotations

import sqlite3

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


def _sqlite_on_begin(conn) -> None:
    conn.exec_driver_sql("BEGIN")


def configure_sqlite(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    if not event.contains(engine, "connect", _sqlite_on_connect):
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)


def configure_engines(app: Flask) -> None:
    with app.app_context():
        for engine in db.engines.values():
            configure_sqlite(engine)


# Made by hand in the migrations, per database, so autogenerate must not see them as extra.
HAND_MADE = {"search_fts", "ix_search_entries_fts"}


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic filter: leave the full-text objects of the search index alone."""
    if name and (name in HAND_MADE or name.startswith("search_fts_")):
        return False
    return True
