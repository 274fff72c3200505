"""The warning banner on every page, rendered by the server and refreshed by htmx."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app, request
from flask_babel import get_locale
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..web import workercache
from .queries import active_alerts


def init_app(app: Flask) -> None:
    @app.context_processor
    def _banner():
        alerts = _safe_active() if request else []
        return {"active_alerts": alerts, "banner_version": banner_version(alerts),
                "alert_poll_seconds": current_app.config["ALERT_POLL_SECONDS"]}


@dataclass(frozen=True)
class BannerAlert:
    """What the banner shows of a warning in force: plain values, kept per worker."""
    id: int
    version: int
    identifier: str
    headline: str
    risk_level: int | None
    expires: datetime


CACHE_NAME = "banner"


def banner_alerts() -> tuple[BannerAlert, ...]:
    """The warnings in force, highest first; every page shows them, so each worker reads
    them at most once per PAGE_CACHE_SECONDS (and at once after it changed one: clear())."""
    return workercache.cached(CACHE_NAME, lambda: tuple(
        BannerAlert(a.id, a.version, a.identifier, a.headline, a.risk_level, a.expires)
        for a in active_alerts()))


def clear() -> None:
    workercache.clear(CACHE_NAME)


def _safe_active():
    try:
        return banner_alerts()
    except SQLAlchemyError:  # error pages still render when the database is down
        db.session.rollback()
        return ()


def banner_version(alerts) -> str:
    """Changes whenever what the banner shows changes (and with the reader's language)."""
    basis = "|".join(f"{a.id}:{a.version}" for a in alerts) + f"|{get_locale()}"
    return hashlib.sha1(basis.encode()).hexdigest()[:16]
