"""Each test run makes its own databases and drops them (never reuses what a run left).

TEST_DATABASE_URL chooses the server: unset means SQLite files in a temporary folder;
a postgresql:// URL means fresh databases on that server, created and dropped here.
"""
from __future__ import annotations

import os
import tempfile
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.config import normalise_database_url


def backend() -> str:
    url = os.environ.get("TEST_DATABASE_URL", "")
    return "postgresql" if url.startswith("postgres") else "sqlite"


def create_database(label: str = "t") -> str:
    name = f"ksx_{label}_{uuid.uuid4().hex[:12]}"
    if backend() == "sqlite":
        folder = tempfile.mkdtemp(prefix="ksx-test-")
        return f"sqlite:///{folder}/{name}.db"
    server = make_url(normalise_database_url(os.environ["TEST_DATABASE_URL"]))
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database
        for suffix in ("", "-wal", "-shm"):
            try:
                os.remove(path + suffix)
            except FileNotFoundError:
                pass
        try:
            os.rmdir(os.path.dirname(path))
        except OSError:
            pass
        return
    server = make_url(normalise_database_url(os.environ["TEST_DATABASE_URL"]))
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    engine.dispose()
