"""A few seconds of memory in front of Flask for anonymous readers (issue 12, lines 2 and 7).

On a storm day most requests are the same few public pages asked for by people with no
session. Each worker keeps the bytes of a public response (Cache-Control: public, no
Set-Cookie) for at most PAGE_CACHE_SECONDS and answers the next identical request from them
without running Flask at all: no routing, no session, no hooks, no template. A request that
carries any cookie but the language choice, or credentials, always goes through the app, so a
signed-in person, or someone with a flash message or a CSRF token waiting, never sees a stored
copy; nor does a response that sets a cookie or is marked private get stored.

When the database fails, the warnings must still be readable. A response that declares
`stale-if-error=N` (RFC 5861; the warning pages do, see caching.public_page) is kept N seconds
more, at most STALE_IF_ERROR_SECONDS, even when it may not be reused fresh (`no-cache`, as the
banner fragment every page polls). If the app then fails on that URL (it raises, or answers
500, 502, 503 or 504), the last copy is answered instead of the error, marked `X-Stale: 1`
with its `Age`, and alone for the next PAGE_CACHE_SECONDS, so a crowd does not hammer a failing
app. A 304 from the app confirms the stored copy, which is then kept longer again.

A copy that has just expired (by less than PAGE_CACHE_SECONDS) is rendered again by one thread
of the worker while its other threads keep answering it, so a crowd on a page never waits
behind several renderings of the same page.

The key holds everything a public response may vary on: method, host and forwarded host and
scheme, path and query, the language cookie and the htmx request headers. Conditional requests
(If-None-Match) get a 304 from the stored ETag.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from itertools import chain
from typing import NamedTuple

from werkzeug.http import parse_cookie, parse_etags, unquote_etag
from werkzeug.wsgi import ClosingIterator

log = logging.getLogger(__name__)

LANG_COOKIE = "lang"
MAX_BODY = 512 * 1024
MAX_ENTRIES = 2000
SKIP_PREFIXES = ("/static/", "/media/")
# Request headers a public response may differ by (besides the path and the language).
KEY_HEADERS = ("HTTP_HOST", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PROTO",
               "HTTP_HX_REQUEST", "HTTP_HX_REQUEST_TYPE", "HTTP_HX_TARGET")
DROP_ON_304 = {"content-length", "content-type", "content-encoding"}
# Answers of a failing app that a stale copy may replace (RFC 5861 §4).
FAILURES = {500, 502, 503, 504}


class Entry(NamedTuple):
    fresh_until: float  # answered without asking the app until then
    stale_until: float  # answered instead of the app's failure until then
    stored_at: float
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str
    held: bool = False  # answering for a failing app (marked stale)


def _directives(cache_control: str) -> dict[str, str]:
    directives = {}
    for part in cache_control.lower().split(","):
        name, _, value = part.strip().partition("=")
        directives[name] = value.strip('"')
    return directives


def _seconds(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0


def _lifetimes(cache_control: str) -> tuple[int, int]:
    """(fresh, stale-if-error) seconds a shared cache may keep the response; 0 when it may not."""
    directives = _directives(cache_control)
    if "public" not in directives or {"private", "no-store"} & directives.keys():
        return 0, 0
    stale = _seconds(directives.get("stale-if-error"))
    if "no-cache" in directives:
        return 0, stale
    return _seconds(directives.get("s-maxage") or directives.get("max-age")), stale


def _close(result) -> None:
    close = getattr(result, "close", None)
    if close is not None:
        close()


class FrontCache:
    def __init__(self, app: Callable, seconds: int, stale_seconds: int = 0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.app, self.seconds, self.stale_seconds = app, seconds, stale_seconds
        self.clock = clock  # tests move time forward here
        self.entries: dict[tuple, Entry] = {}
        self.refreshing: set[tuple] = set()  # keys a thread of this worker is rendering now
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
        now = self.clock()
        entry = self.entries.get(key)
        if entry is not None and entry.fresh_until > now:
            return self._answer(entry, environ, start_response, stale=entry.held)
        stale = entry if entry is not None and entry.stale_until > now else None
        if entry is not None and not entry.held and entry.fresh_until > entry.stored_at \
                and now < entry.fresh_until + self.seconds:
            # Just expired: one thread renders it again while the others answer the copy
            # (stale-while-revalidate, as nginx's "updating"): a crowd on a page costs one
            # rendering, not one per thread, and nobody waits behind the others' renderings.
            with self.lock:
                busy = key in self.refreshing
                self.refreshing.add(key)
            if busy:
                return self._answer(entry, environ, start_response)
            try:
                return self._fill(key, environ, start_response, stale)
            finally:
                with self.lock:
                    self.refreshing.discard(key)
        return self._fill(key, environ, start_response, stale)

    def _answer(self, entry: Entry, environ, start_response, *, stale: bool = False):
        headers = entry.headers
        if stale:
            age = str(max(0, int(self.clock() - entry.stored_at)))
            headers = [(k, v) for k, v in headers if k.lower() != "age"] + [
                ("Age", age), ("X-Stale", "1")]
        wanted = environ.get("HTTP_IF_NONE_MATCH")
        if wanted and entry.etag and parse_etags(wanted).contains_weak(entry.etag):
            start_response("304 NOT MODIFIED",
                           [(k, v) for k, v in headers if k.lower() not in DROP_ON_304])
            return []
        start_response(entry.status, headers)
        return [entry.body]

    def _fill(self, key, environ, start_response, stale: Entry | None) -> Iterable[bytes]:
        seen: dict = {}
        written: list[bytes] = []

        def remember(status, headers, exc_info=None):
            # Held back until we know whether a stale copy answers instead.
            seen.update(status=status, headers=headers, exc_info=exc_info)
            return written.append

        try:
            result = self.app(environ, remember)
            if "status" not in seen:  # an app that starts its response lazily
                rest = iter(result)
                first = next(rest, b"")
                result = ClosingIterator(chain([first], rest), getattr(result, "close", None))
        except Exception:
            if stale is None:
                raise
            log.exception("Answering a stale copy of %s: the app failed", environ.get("PATH_INFO"))
            return self._answer(self._hold(key, stale), environ, start_response, stale=True)
        status, headers = seen.get("status", "500 INTERNAL SERVER ERROR"), seen.get("headers") or []
        code = int(status[:3]) if status[:3].isdigit() else 500
        if stale is not None and code in FAILURES:
            _close(result)
            log.warning("Answering a stale copy of %s: the app said %s",
                        environ.get("PATH_INFO"), status)
            return self._answer(self._hold(key, stale), environ, start_response, stale=True)
        if seen.get("exc_info"):
            start_response(status, headers, seen["exc_info"])
        else:
            start_response(status, headers)
        if code == 304:
            self._confirm(key, headers)
        if written:
            result = ClosingIterator(chain(written, result), getattr(result, "close", None))
        lifetimes = self._storable(status, headers)
        if lifetimes is None or written:
            return result
        try:
            body = b"".join(result)
        finally:
            _close(result)
        lookup = {k.lower(): v for k, v in headers}
        etag = unquote_etag(lookup["etag"])[0] if lookup.get("etag") else ""
        now = self.clock()
        fresh, stale_for = lifetimes
        self._store(key, Entry(now + fresh, now + fresh + stale_for, now,
                               status, headers, body, etag))
        return [body]

    def _hold(self, key, stale: Entry) -> Entry:
        """After a failure the stale copy answers alone for PAGE_CACHE_SECONDS (not past its
        window): a crowd does not make a failing app, or a database that does not answer,
        try again for every reader."""
        held = stale._replace(fresh_until=min(self.clock() + self.seconds, stale.stale_until),
                              held=True)
        with self.lock:
            if self.entries.get(key) is stale:
                self.entries[key] = held
        return held

    def _confirm(self, key, headers) -> None:
        """The app's 304 says the stored copy is still the page: keep it as if just stored."""
        entry = self.entries.get(key)
        lookup = {k.lower(): v for k, v in headers}
        if entry is None or not entry.etag or not lookup.get("etag"):
            return
        if unquote_etag(lookup["etag"])[0] != entry.etag:
            return
        fresh, stale_for = self._lifetimes(lookup.get("cache-control", ""))
        now = self.clock()
        self._store(key, entry._replace(fresh_until=now + fresh, stale_until=now + fresh + stale_for,
                                        stored_at=now, held=False))

    def _store(self, key, entry: Entry) -> None:
        with self.lock:
            self.entries.pop(key, None)  # to the end: the oldest entries go first
            if len(self.entries) >= MAX_ENTRIES:
                self._make_room(entry.stored_at)
            self.entries[key] = entry

    def _make_room(self, now: float) -> None:
        """Drop what is past its last use, then the oldest quarter (called under the lock)."""
        for old in [k for k, e in self.entries.items() if e.stale_until <= now]:
            del self.entries[old]
        if len(self.entries) >= MAX_ENTRIES:
            for old in list(self.entries)[: MAX_ENTRIES // 4]:
                del self.entries[old]

    def _lifetimes(self, cache_control: str) -> tuple[int, int]:
        fresh, stale = _lifetimes(cache_control)
        return min(self.seconds, fresh), min(self.stale_seconds, stale)

    def _storable(self, status: str, headers: list[tuple[str, str]]) -> tuple[int, int] | None:
        """The (fresh, stale-if-error) seconds to keep this response, or None."""
        if not status.startswith("200"):
            return None
        lookup = {k.lower(): v for k, v in headers}
        if "set-cookie" in lookup or "content-length" not in lookup:
            return None
        try:
            if int(lookup["content-length"]) > MAX_BODY:
                return None
        except ValueError:
            return None
        lifetimes = self._lifetimes(lookup.get("cache-control", ""))
        return lifetimes if any(lifetimes) else None


def init_app(app) -> None:
    """Wrap the app when PAGE_CACHE_SECONDS or STALE_IF_ERROR_SECONDS is set (both are in
    production; both 0 in tests unless asked). With PAGE_CACHE_SECONDS at 0 the warnings still
    outlive a database failure: nothing is reused fresh, but the last copy answers an error."""
    seconds = app.config.get("PAGE_CACHE_SECONDS", 0)
    stale_seconds = app.config.get("STALE_IF_ERROR_SECONDS", 0)
    if seconds > 0 or stale_seconds > 0:
        app.wsgi_app = FrontCache(app.wsgi_app, seconds, stale_seconds)
        app.extensions["ksx_front_cache"] = app.wsgi_app


def clear(app) -> None:
    cache = app.extensions.get("ksx_front_cache")
    if cache is not None:
        cache.clear()
