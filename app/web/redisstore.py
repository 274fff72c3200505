"""Redis, when `REDIS_URL` is set: the Flask session kept on the server, and what happens when
Redis is down.

Every gunicorn worker shares Redis: the rate-limit counters and the sign-in throttle (through
Flask-Limiter's storage, `RATELIMIT_STORAGE_URI`) and the Flask session (the CSRF token,
flash messages and the sign-in token of app/auth/sessions.py). The cookie then carries only an
opaque random id; Redis keeps the data under `<RATELIMIT_KEY_PREFIX>/session/<sha256 of the
id>` for `PERMANENT_SESSION_LIFETIME`, so a copy of Redis holds no live cookie. A visitor who
has no session gets no cookie and costs no Redis round trip. The id changes whenever the
signed-in token does (sign-in, password change, sign-out): an id planted before sign-in never
becomes a signed-in one. Without `REDIS_URL` Flask's signed cookie stays (development, tests).

Redis down: pages that only read keep serving (the visitor looks signed out); a request that
needs the store (any POST: its CSRF token lives there; a view marked `@needs_store`, such as
the sign-in page) is refused with 503 and a clear message; a rate limit whose counter cannot
be read refuses too (Flask-Limiter's errors are not swallowed): nothing is let through
unthrottled.
"""
from __future__ import annotations

import hashlib
import logging
import re
import secrets
from datetime import timedelta

import redis
from flask import Flask, current_app, request, session
from flask.sessions import SessionInterface, SessionMixin, session_json_serializer
from flask_babel import lazy_gettext as _l
from limits.errors import StorageError
from werkzeug.datastructures import CallbackDict

from ..extensions import db
from . import errors

log = logging.getLogger(__name__)

EXTENSION = "redis"
TIMEOUT_SECONDS = 1.0  # a local Redis answers in well under a millisecond
SID_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
STORE_DOWN = (_l("Temporarily unavailable"),
              _l("This action is temporarily unavailable. Please try again in a few minutes."))
STORE_ERRORS = (redis.exceptions.RedisError, StorageError)


def client(app: Flask | None = None) -> redis.Redis | None:
    """The app's Redis client, or None when `REDIS_URL` is not set."""
    return (app or current_app).extensions.get(EXTENSION)


def ping() -> str:
    """"ok", "unreachable" or "not configured" (for /healthz and the sign-in page)."""
    conn = client()
    if conn is None:
        return "not configured"
    try:
        conn.ping()
    except STORE_ERRORS:
        log.warning("Redis does not answer")
        return "unreachable"
    return "ok"


def needs_store(message):
    """Mark a view that must not run while Redis is down: it answers 503 with `message`."""
    def mark(view):
        view.needs_store = message
        return view
    return mark


class StoredSession(CallbackDict, SessionMixin):
    def __init__(self, initial=None, sid: str | None = None, unavailable: bool = False):
        def on_update(self):
            self.modified = True
        super().__init__(initial, on_update)
        self.sid = sid
        self.signed_in_as = (initial or {}).get("_user_id")
        self.modified = False
        # Redis did not answer when the session was read: nothing is written back.
        self.unavailable = unavailable

    # As Flask's SecureCookieSession: reading the session adds "Vary: Cookie" to the answer.
    def __getitem__(self, key):
        self.accessed = True
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.accessed = True
        return super().get(key, default)

    def setdefault(self, key, default=None):
        self.accessed = True
        return super().setdefault(key, default)


class RedisSessionInterface(SessionInterface):
    """Same cookie name and flags as Flask's cookie session; the data lives in Redis."""

    def _key(self, app: Flask, sid: str) -> str:
        digest = hashlib.sha256(sid.encode()).hexdigest()
        return f"{app.config['RATELIMIT_KEY_PREFIX']}/session/{digest}"

    def open_session(self, app: Flask, request) -> StoredSession:
        sid = request.cookies.get(self.get_cookie_name(app))
        if not sid or not SID_PATTERN.fullmatch(sid):
            return StoredSession()  # no session yet: no round trip
        try:
            raw = client(app).get(self._key(app, sid))
        except STORE_ERRORS:
            log.warning("Session store unreachable", exc_info=True)
            return StoredSession(sid=sid, unavailable=True)
        if raw is None:
            return StoredSession()  # expired or unknown: a fresh one, with a new id if saved
        try:
            return StoredSession(session_json_serializer.loads(raw.decode()), sid=sid)
        except (ValueError, KeyError, TypeError):
            return StoredSession()

    def save_session(self, app: Flask, session: StoredSession, response) -> None:
        if session.unavailable:
            return
        name = self.get_cookie_name(app)
        domain, path = self.get_cookie_domain(app), self.get_cookie_path(app)
        conn = client(app)
        if session.accessed:
            response.vary.add("Cookie")
        if not session:
            if session.modified and session.sid:
                self._delete(conn, app, session.sid)
                response.delete_cookie(name, domain=domain, path=path,
                                       secure=self.get_cookie_secure(app),
                                       samesite=self.get_cookie_samesite(app),
                                       httponly=self.get_cookie_httponly(app),
                                       partitioned=self.get_cookie_partitioned(app))
                response.vary.add("Cookie")
            return
        if not self.should_set_cookie(app, session):
            return
        lifetime: timedelta = app.permanent_session_lifetime
        sid = session.sid
        if sid is None or session.get("_user_id") != session.signed_in_as:
            # New session, or a new sign-in state: a new id, and the old one is gone.
            if sid is not None:
                self._delete(conn, app, sid)
            sid = secrets.token_urlsafe(32)
        try:
            key = self._key(app, sid)
            if session.modified or sid != session.sid:
                conn.set(key, session_json_serializer.dumps(dict(session)), ex=lifetime)
            else:
                conn.expire(key, lifetime)  # SESSION_REFRESH_EACH_REQUEST
        except STORE_ERRORS:
            # The answer is already made; the visitor keeps the cookie they had.
            log.warning("Could not save the session", exc_info=True)
            return
        response.set_cookie(name, sid, expires=self.get_expiration_time(app, session),
                            httponly=self.get_cookie_httponly(app), domain=domain, path=path,
                            secure=self.get_cookie_secure(app),
                            samesite=self.get_cookie_samesite(app),
                            partitioned=self.get_cookie_partitioned(app))
        response.vary.add("Cookie")

    def _delete(self, conn: redis.Redis, app: Flask, sid: str) -> None:
        try:
            conn.delete(self._key(app, sid))
        except STORE_ERRORS:
            log.warning("Could not delete a session", exc_info=True)


def _view_message():
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "needs_store", None)


def _refuse_without_store():
    """Before CSRF and the limiter: 503 with a clear message rather than a confusing refusal."""
    if client() is None:
        return None
    message = _view_message()
    if message is not None and ping() != "ok":
        return errors.render_error(503, STORE_DOWN[0], message)
    if getattr(session, "unavailable", False) and request.method not in SAFE_METHODS:
        return errors.render_error(503, *STORE_DOWN)
    return None


def init_app(app: Flask, after=None) -> None:
    """With `REDIS_URL`: the session in Redis. Always: a Redis error anywhere is a 503.
    `after` is the before-request function ours must follow (the host and origin checks)."""
    @app.errorhandler(redis.exceptions.RedisError)
    @app.errorhandler(StorageError)
    def _store_down(error):
        log.warning("Redis error on %s %s", request.method, request.path, exc_info=error)
        db.session.rollback()
        return errors.render_error(503, STORE_DOWN[0], _view_message() or STORE_DOWN[1])

    url = app.config.get("REDIS_URL")
    if not url:
        return
    app.extensions[EXTENSION] = redis.Redis.from_url(
        url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS)
    app.session_interface = RedisSessionInterface()
    funcs = app.before_request_funcs.setdefault(None, [])
    funcs.insert(funcs.index(after) + 1 if after in funcs else 0, _refuse_without_store)
