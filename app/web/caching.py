"""Who may keep a copy of a response, and for how long.

- Static files: fingerprinted URLs (`?v=<hash>`) cached for a year.
- Anonymous pages (`@public_page`): ETag/304, public caching, a short per-worker page cache.
- Private responses: `Cache-Control: no-store`, whatever the view said (see `_private`).
"""
from __future__ import annotations

import hashlib
import os
import time
from functools import wraps

from flask import Flask, Response, current_app, g, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user

from .roles import GUARDED_BLUEPRINTS

YEAR = 365 * 24 * 3600
# Pages outside the guarded blueprints that are private all the same: the sign-in form
# (its CSRF token is bound to the visitor's session) and sign-out.
PRIVATE_ENDPOINTS = ("auth.login", "auth.logout")


def _fingerprint(app: Flask, filename: str) -> str | None:
    cache = app.extensions.setdefault("ksx_static_hashes", {})
    if filename not in cache:
        path = os.path.join(app.static_folder, filename)
        try:
            with open(path, "rb") as fh:
                cache[filename] = hashlib.sha256(fh.read()).hexdigest()[:12]
        except OSError:
            cache[filename] = None
    return cache[filename]


def init_app(app: Flask) -> None:
    @app.url_defaults
    def _static_version(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = _fingerprint(app, values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def _static_cache(response: Response) -> Response:
        if request.endpoint == "static" and response.status_code in (200, 304):
            if request.args.get("v"):
                response.cache_control.public = True
                response.cache_control.max_age = YEAR
                response.cache_control.immutable = True
            response.headers.pop("Set-Cookie", None)
        return response

    @app.after_request
    def _no_store_private(response: Response) -> Response:
        if _private(app, response):
            no_store(response)
        return response


def no_store(response: Response) -> Response:
    """Nobody (browser, proxy, nginx microcache) keeps a copy: replaces public/max-age."""
    response.headers["Cache-Control"] = "no-store"
    response.headers.pop("Expires", None)
    return response


def _private_prefixes(app: Flask) -> tuple[str, ...]:
    """Path prefixes of the signed-in areas (/quan-tri, /truong, /giam-khao, /tai-khoan)
    and the sign-in pages, read once from the registered blueprints and rules."""
    cached = app.extensions.get("ksx_private_prefixes")
    if cached is None:
        prefixes = [app.blueprints[name].url_prefix for name in GUARDED_BLUEPRINTS
                    if name in app.blueprints and app.blueprints[name].url_prefix]
        prefixes += [rule.rule for rule in app.url_map.iter_rules()
                     if rule.endpoint in PRIVATE_ENDPOINTS]
        cached = tuple(p.rstrip("/") for p in prefixes if p.rstrip("/"))
        app.extensions["ksx_private_prefixes"] = cached
    return cached


def _private(app: Flask, response: Response) -> bool:
    """A response only its reader may see: to a signed-in person, from a signed-in area
    (its 404s and sign-in redirects too), the sign-in pages, or one that sets the session
    cookie (its Set-Cookie must never be served to someone else)."""
    if request.endpoint == "static":
        return False
    if any(name in GUARDED_BLUEPRINTS for name in request.blueprints):
        return True
    path = request.path.rstrip("/")
    if any(path == p or path.startswith(p + "/") for p in _private_prefixes(app)):
        return True
    if "_user_id" in session or current_user.is_authenticated:
        return True
    if "Set-Cookie" in response.headers:
        return True
    # The session cookie is written after these hooks: predict it as Flask's
    # SecureCookieSessionInterface.save_session does (set, refreshed or deleted).
    interface = app.session_interface
    return not interface.is_null_session(session) and (
        session.modified or bool(session) and interface.should_set_cookie(app, session))


def public_page(max_age: int = 60, stale_if_error: int = 0):
    """Anonymous pages: ETag and Last-Modified, 304 on a conditional request, cacheable
    by anyone for `max_age` seconds. Visitors with a session (staff, or a flash message
    waiting) get a private, uncached copy instead. Views may set g.last_modified.

    `stale_if_error` (RFC 5861): a cache may answer its last copy for that many seconds more
    when the app fails (the database is down); the front cache and nginx do. The warnings ask
    for it.

    Each worker also keeps the rendered page for PAGE_CACHE_SECONDS (a few seconds), so a
    crowd opening the same page costs one rendering, not one per reader."""


    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            private = "_user_id" in session or "_flashes" in session
            ttl = current_app.config.get("PAGE_CACHE_SECONDS", 0)
            key = None
            if not private and ttl and request.method in ("GET", "HEAD"):
                # The host and scheme too: a page is never served to another origin's readers.
                key = (request.scheme, request.host, request.full_path, str(get_locale()),
                       request.headers.get("HX-Request-Type", ""), request.headers.get("HX-Target", ""))
                hit = _PAGE_CACHE.get(key)
                if hit is not None and hit[0] > time.monotonic():
                    response = current_app.response_class(hit[1], headers=hit[2])
                    return response.make_conditional(request)
            response = make_response(view(*args, **kwargs))
            if request.method not in ("GET", "HEAD") or response.status_code != 200:
                return response
            response.vary.add("Cookie")
            if private:
                response.cache_control.private = True
                response.cache_control.no_cache = True
                return response
            response.cache_control.public = True
            response.cache_control.max_age = max_age
            if stale_if_error:
                response.cache_control.stale_if_error = stale_if_error
            response.add_etag()
            if g.get("last_modified") is not None:
                response.last_modified = g.last_modified
            if key is not None and "Set-Cookie" not in response.headers:
                if len(_PAGE_CACHE) > PAGE_CACHE_LIMIT:
                    _PAGE_CACHE.clear()
                _PAGE_CACHE[key] = (time.monotonic() + ttl, response.get_data(),
                                    list(response.headers.items()))
            return response.make_conditional(request)

        return wrapped

    return decorator


_PAGE_CACHE: dict = {}
PAGE_CACHE_LIMIT = 2000


def clear_page_cache() -> None:
    _PAGE_CACHE.clear()
