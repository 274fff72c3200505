"""Server-side sessions: one `UserSession` row per signed-in browser.

The signed cookie carries only a random token (Flask-Login's `_user_id`), besides the CSRF
token and flash messages (with `REDIS_URL` the cookie holds only an id and Redis holds these,
app/web/redisstore.py); the database keeps the token's SHA-256. A request that carries a token
loads the row and its user in one indexed query; a missing, idle or too old row means "not
signed in", so ending a session (sign-out, password change, role change, deactivation, "end the
other sessions") is deleting rows, and a copy of the cookie stops working at once. Anonymous
requests never touch the table.

Flask-Session was weighed: it cannot list one person's sessions or end "the others", and its
SQLAlchemy backend creates its table outside our migrations.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import Flask, current_app, flash, g, request, session
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import delete, or_, select

from ..extensions import db, login_manager
from ..web.timeutil import utcnow
from .models import User, UserSession

TOKEN_BYTES = 32
TOUCH_INTERVAL = timedelta(seconds=60)  # last_seen_at is written at most once a minute


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _idle() -> timedelta:
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])


def _absolute() -> timedelta:
    return timedelta(hours=current_app.config["SESSION_MAX_HOURS"])


def is_expired(row: UserSession, now: datetime) -> bool:
    return now - row.last_seen_at > _idle() or now - row.created_at > _absolute()


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """The user of a live session, or None. One query: the row, its user and their school."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    row = db.session.scalar(select(UserSession).where(UserSession.token_hash == token_hash(token)))
    if row is None or is_expired(row, utcnow()) or not row.user.active:
        return None
    user = row.user
    user.current_session = row
    user.session_token = token
    return user


def _delete_expired(user: User, now: datetime) -> None:
    """Opportunistic clean-up at sign-in: this person's sessions that ended by time."""
    db.session.execute(delete(UserSession).where(
        UserSession.user_id == user.id,
        or_(UserSession.last_seen_at < now - _idle(), UserSession.created_at < now - _absolute()),
    ))


def start(user: User) -> UserSession:
    """A fresh session for a fresh sign-in (never the fixation of an earlier one).
    The caller commits."""
    earlier = session.get("_user_id")
    if earlier:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == token_hash(earlier)))
    session.clear()
    now = utcnow()
    _delete_expired(user, now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row = UserSession(token_hash=token_hash(token), user=user, created_at=now, last_seen_at=now,
                      user_agent=(request.user_agent.string or "")[:255],
                      ip=(request.remote_addr or "")[:45])
    db.session.add(row)
    user.current_session = row
    user.session_token = token
    login_user(user)
    session.permanent = True
    return row


def rotate() -> None:
    """Give the current session a new token (after a password change); the old cookie dies."""
    user = current_user._get_current_object()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    user.current_session.token_hash = token_hash(token)
    user.session_token = token
    session["_user_id"] = token


def end() -> None:
    """Sign-out: the row goes, and the cookie forgets everything. The caller commits."""
    token = session.get("_user_id")
    if token:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == token_hash(token)))
    logout_user()
    session.clear()


def sessions_of(user: User) -> list[UserSession]:
    """The live sessions of a person, most recently seen first."""
    now = utcnow()
    rows = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)
                              .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc()))
    return [row for row in rows if not is_expired(row, now)]


def _background() -> bool:
    """The warning banner that every open page polls (templates/_partials/alert_banner.html)."""
    return (request.headers.get("HX-Request-Type") == "partial"
            and request.headers.get("HX-Target", "").endswith("alert-banner"))


def _check_session() -> None:
    """Before each request that carries a session token: end it if it is no longer live,
    and note that it was seen (at most once a minute)."""
    if request.endpoint == "static":
        return  # stylesheets and scripts need no session
    token = session.get("_user_id")
    if not token:
        return  # anonymous: no query
    user = current_user._get_current_object()  # the one query, through load_user
    if not user.is_authenticated:
        # Signed out elsewhere, ended by time, by an admin, or by a password change.
        db.session.execute(delete(UserSession).where(UserSession.token_hash == token_hash(token)))
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("Your session has ended. Please sign in again."), "info")
        g.session_ended = True  # says enough: no "please sign in" on top of it
        return
    if _background():
        return  # an open tab polling for warnings is not someone at work: no idle reprieve
    now = utcnow()
    row = user.current_session
    if now - row.last_seen_at >= TOUCH_INTERVAL:
        row.last_seen_at = now
        db.session.commit()  # before the view runs: nothing else is pending yet


def init_app(app: Flask) -> None:
    app.before_request(_check_session)
    login_manager.login_view = "auth.login"
    # Off: "basic" only flags a session as not fresh, which nothing here reads, and Flask-Login
    # checks it on every template render, so every page and banner poll rewrote the cookie of
    # any visitor holding a CSRF token (Set-Cookie on cacheable public responses), and a poll in
    # flight during sign-in put the old cookie back: signed out again at once. Sessions are
    # checked on the server instead (_check_session).
    login_manager.session_protection = None
