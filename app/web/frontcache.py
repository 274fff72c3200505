"""A few seconds of memory in front of Flask for anonymous readers (issue 12, line 2).

On a storm day most requests are the same few public pages asked for by people with no
session. Each worker keeps the bytes of a public response (Cache-Control: public, no
Set-Cookie) for at most PAGE_CACHE_SECONDS and answers the next identical request from them
without running Flask at all: no routing, no session, no hooks, no template. A request that
carries any cookie but the language choice, or credentials, always goes through the app, so a
signed-in person, or someone with a flash message or a CSRF token waiting, never sees a stored
copy; nor does a response that sets a cookie or is marked private get stored.

The key holds everything a public response may vary on: method, host and forwarded host and
scheme, path and query, the language cookie and the htmx request headers. Conditional requests
(If-None-Match) get a 304 from the stored ETag.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from werkzeug.http import parse_cookie, parse_etags, unquote_etag

LANG_COOKIE = "lang"
MAX_BODY = 512 * 1024
MAX_ENTRIES = 2000
SKIP_PREFIXES = ("/static/", "/media/")
# Request headers a public response may differ by (besides the path and the language).
KEY_HEADERS = ("HTTP_HOST", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PROTO",
               "HTTP_HX_REQUEST", "HTTP_HX_REQUEST_TYPE", "HTTP_HX_TARGET")
DROP_ON_304 = {"content-length", "content-type", "content-encoding"}


def _max_age(cache_control: str) -> int:
    """Seconds a shared cache may keep the response; 0 when it may not."""
    directives = {}
    for part in cache_control.lower().split(","):
        name, _, value = part.strip().partition("=")
        directives[name] = value
    if "public" not in directives or {"private", "no-store", "no-cache"} & directives.keys():
        return 0
    try:
        return int(directives.get("s-maxage") or directives.get("max-age") or 0)
    except ValueError:
        return 0


class FrontCache:
    def __init__(self, app: Callable, seconds: int) -> None:
        self.app, self.seconds = app, seconds
        self.entries: dict[tuple, tuple[float, str, list[tuple[str, str]], bytes, str]] = {}
        self.lock = threading.Lock()

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()

    def _key(self, environ) -> tuple | None:
        if environ.get("REQUEST_METHOD") != "GET" or "HTTP_AUTHORIZATION" in environ:
            return None
        path = environ.get("PATH_INFO", "")
        if path.startswith(SKIP_PREFIXES):
            return None
        lang = ""
        raw_cookie = environ.get("HTTP_COOKIE")
        if raw_cookie:
            cookies = parse_cookie(raw_cookie)
            if any(name != LANG_COOKIE for name in cookies):
                return None
            lang = cookies.get(LANG_COOKIE, "")
        return (path, environ.get("QUERY_STRING", ""), lang,
                *(environ.get(name, "") for name in KEY_HEADERS))

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        key = self._key(environ)
        if key is None:
            return self.app(environ, start_response)
        entry = self.entries.get(key)
        if entry is not None and entry[0] > time.monotonic():
            _expires, status, headers, body, etag = entry
            wanted = environ.get("HTTP_IF_NONE_MATCH")
            if wanted and etag and parse_etags(wanted).contains_weak(etag):
                start_response("304 NOT MODIFIED",
                               [(k, v) for k, v in headers if k.lower() not in DROP_ON_304])
                return []
            start_response(status, headers)
            return [body]
        return self._fill(key, environ, start_response)

    def _fill(self, key, environ, start_response) -> Iterable[bytes]:
        seen: dict = {}

        def remember(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        result = self.app(environ, remember)
        status, headers = seen.get("status", ""), seen.get("headers") or []
        if not self._storable(status, headers):
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        lookup = {k.lower(): v for k, v in headers}
        ttl = min(self.seconds, _max_age(lookup.get("cache-control", "")))
        etag = unquote_etag(lookup["etag"])[0] if lookup.get("etag") else ""
        with self.lock:
            if len(self.entries) >= MAX_ENTRIES:
                self.entries.clear()
            self.entries[key] = (time.monotonic() + ttl, status, headers, body, etag)
        return [body]

    def _storable(self, status: str, headers: list[tuple[str, str]]) -> bool:
        if not status.startswith("200"):
            return False
        lookup = {k.lower(): v for k, v in headers}
        if "set-cookie" in lookup or "content-length" not in lookup:
            return False
        try:
            if int(lookup["content-length"]) > MAX_BODY:
                return False
        except ValueError:
            return False
        return min(self.seconds, _max_age(lookup.get("cache-control", ""))) > 0


def init_app(app) -> None:
    """Wrap the app when PAGE_CACHE_SECONDS is set (production; off in tests unless asked)."""
    seconds = app.config.get("PAGE_CACHE_SECONDS", 0)
    if seconds > 0:
        app.wsgi_app = FrontCache(app.wsgi_app, seconds)
        app.extensions["ksx_front_cache"] = app.wsgi_app


def clear(app) -> None:
    cache = app.extensions.get("ksx_front_cache")
    if cache is not None:
        cache.clear()
