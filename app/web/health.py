"""What /healthz reports: the database, Redis, and whether the migrations are at head.

Cheap enough to be asked every second: one SELECT (the database's revision, which also proves
it answers), one PING with a short timeout, and the migrations' head read from the scripts
once per process.
"""
from __future__ import annotations

import functools
import logging

from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from . import redisstore

log = logging.getLogger(__name__)


@functools.cache
def _heads(directory: str) -> frozenset[str]:
    return frozenset(ScriptDirectory(directory).get_heads())


def heads() -> frozenset[str]:
    """The revisions the code expects (empty if the scripts cannot be read)."""
    try:
        return _heads(current_app.extensions["migrate"].directory)
    except Exception:  # noqa: BLE001 - a broken scripts folder makes "unknown", not a 500
        log.warning("Could not read the migration heads", exc_info=True)
        return frozenset()


def _database() -> tuple[str, list[str] | None]:
    """("ok", the revisions in alembic_version) or ("unreachable", None); None also when the
    database answers but has no alembic_version table."""
    try:
        return "ok", sorted(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError:
        db.session.rollback()
    try:  # only on the failure path: is it the database, or the table?
        db.session.execute(text("SELECT 1"))
        return "ok", None
    except SQLAlchemyError:
        db.session.rollback()
        log.exception("Health check: database unreachable")
        return "unreachable", None


def report() -> tuple[dict, int]:
    """The health document and its status: 200 for ok and degraded, 503 without a database."""
    database, revisions = _database()
    expected = heads()
    if revisions is None or not expected:
        migrations = "unknown"
    elif set(revisions) == expected:
        migrations = "head"
    else:
        migrations = "behind"
    body = {"database": database, "redis": redisstore.ping(), "migrations": migrations,
            "revision": ",".join(revisions) if revisions else None}
    if database != "ok":
        return {"status": "error", **body}, 503
    degraded = body["redis"] == "unreachable" or migrations != "head"
    return {"status": "degraded" if degraded else "ok", **body}, 200
