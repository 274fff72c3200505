"""Session lifetime: renewed at sign-in, ended after an idle time or an absolute limit.

Flask-Login loads the user from `<id>.<session_version>`; bumping the version (deactivation,
role change, password reset) ends every session of that account at once.
"""
from __future__ import annotations

import time

from flask import Flask, current_app, flash, session
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from ..extensions import db, login_manager
from .models import User

SEEN_WRITE_INTERVAL = 60  # seconds; avoids rewriting the cookie on every request


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    try:
        pk, version = (int(part) for part in user_id.split("."))
    except ValueError:
        return None
    user = db.session.scalar(select(User).where(User.id == pk))
    if user is None or not user.active or user.session_version != version:
        return None
    return user


def start(user: User) -> None:
    """A fresh session for a fresh sign-in (no fixation of an earlier one)."""
    session.clear()
    login_user(user)
    session.permanent = True
    now = int(time.time())
    session["auth_at"] = now
    session["seen_at"] = now


def end() -> None:
    logout_user()
    session.clear()


def _enforce_limits() -> None:
    if not session.get("_user_id") or not current_user.is_authenticated:
        return
    now = int(time.time())
    idle = current_app.config["SESSION_IDLE_MINUTES"] * 60
    absolute = current_app.config["SESSION_MAX_HOURS"] * 3600
    if now - session.get("seen_at", 0) > idle or now - session.get("auth_at", 0) > absolute:
        end()
        flash(_("Your session has ended. Please sign in again."), "info")
        return
    if now - session.get("seen_at", 0) >= SEEN_WRITE_INTERVAL:
        session["seen_at"] = now


def init_app(app: Flask) -> None:
    app.before_request(_enforce_limits)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    # Off: "basic" only flags a session as not fresh, which nothing here reads, and Flask-Login
    # checks it on every template render, so every page and banner poll rewrote the cookie of
    # any visitor holding a CSRF token (Set-Cookie on cacheable public responses), and a poll in
    # flight during sign-in put the old cookie back: signed out again at once.
    login_manager.session_protection = None
