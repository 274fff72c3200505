"""The warning banner on every page, rendered by the server and refreshed by htmx."""
from __future__ import annotations

import hashlib

from flask import Flask, current_app, request
from flask_babel import get_locale
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from .queries import active_alerts


def init_app(app: Flask) -> None:
    @app.context_processor
    def _banner():
        alerts = _safe_active() if request else []
        return {"active_alerts": alerts, "banner_version": banner_version(alerts),
                "alert_poll_seconds": current_app.config["ALERT_POLL_SECONDS"]}


def _safe_active():

    try:
        return active_alerts()
    except SQLAlchemyError:  # error pages still render when the database is down
        db.session.rollback()
        return []


def banner_version(alerts) -> str:
    """Changes whenever what the banner shows changes (and with the reader's language)."""


    basis = "|".join(f"{a.id}:{a.version}" for a in alerts) + f"|{get_locale()}"
    return hashlib.sha1(basis.encode()).hexdigest()[:16]
