"""The per-worker front cache (issue 12, line 2): anonymous public pages are answered from
memory without running Flask; anything personal always goes through the app."""
import pytest

from app.web import frontcache

from .. import factories


@pytest.fixture
def counted(app, monkeypatch):
    """The app behind a front cache, counting the requests that reach Flask."""
    calls = []
    inner = app.wsgi_app

    def counting(environ, start_response):
        calls.append(environ["PATH_INFO"])
        return inner(environ, start_response)

    cache = frontcache.FrontCache(counting, 30)
    monkeypatch.setattr(app, "wsgi_app", cache)
    return cache, calls


def test_anonymous_page_is_answered_from_memory(client, db, counted):
    cache, calls = counted
    factories.make_post(slug="bao-so-9")
    db.session.commit()
    first = client.get("/tin-tuc/")
    second = client.get("/tin-tuc/")
    assert calls == ["/tin-tuc/"]
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert "public" in second.headers["Cache-Control"]
    again = client.get("/tin-tuc/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b"" and calls == ["/tin-tuc/"]
    assert "Content-Security-Policy" in again.headers
    # Another query string, an htmx fragment, another language: each its own copy.
    client.get("/tin-tuc/?trang=1")
    client.get("/tin-tuc/", headers={"HX-Request": "true", "HX-Request-Type": "partial"})
    client.set_cookie("lang", "en")
    english = client.get("/tin-tuc/")
    assert english.data != first.data and len(calls) == 4
    client.get("/tin-tuc/")
    assert len(calls) == 4


def test_expired_copies_are_rendered_again(client, db, counted):
    cache, calls = counted
    client.get("/robots.txt")
    start = cache.clock()
    cache.clock = lambda: start + 3600
    client.get("/robots.txt")
    assert calls == ["/robots.txt", "/robots.txt"]


def test_signed_in_and_cookie_bearing_requests_always_reach_the_app(client, db, counted, login_as):
    cache, calls = counted
    client.get("/tin-tuc/")
    login_as("editor")
    calls.clear()
    staff = client.get("/tin-tuc/")
    assert calls == ["/tin-tuc/"] and staff.headers["Cache-Control"] == "no-store"
    client.get("/tin-tuc/")
    assert calls == ["/tin-tuc/", "/tin-tuc/"]
    # A personal page is never stored, so no later anonymous reader can be shown it.
    assert all(b"csrf_token" not in entry.body and b"Ng\xc6\xb0\xe1\xbb\x9di" not in entry.body
               for entry in cache.entries.values())
    assert len(cache.entries) == 1


def test_responses_that_set_a_cookie_or_are_private_are_not_stored(client, db, counted):
    cache, calls = counted
    client.get("/dang-nhap")  # sets the session cookie (its CSRF token)
    client.delete_cookie("session")
    client.get("/dang-nhap")
    assert calls == ["/dang-nhap", "/dang-nhap"]
    assert not any(key[0] == "/dang-nhap" for key in cache.entries)
    assert client.get("/khong-co-trang-nay").status_code == 404
    client.get("/khong-co-trang-nay")
    assert calls.count("/khong-co-trang-nay") == 2
    client.post("/tim-kiem")
    assert not any(key[0] == "/tim-kiem" for key in cache.entries)


def test_an_untrusted_host_is_never_stored(client, db, counted):
    cache, calls = counted
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert calls == ["/", "/"] and not cache.entries


def test_health_check_is_fresh_within_a_second(client, db, counted):
    cache, calls = counted
    client.get("/healthz")
    client.get("/healthz")
    assert calls == ["/healthz"]
    (expires, *_rest), = cache.entries.values()
    import time

    assert expires - time.monotonic() <= 1


@pytest.mark.parametrize("value,seconds", [
    ("public, max-age=60", 60), ("public, s-maxage=5, max-age=60", 5), ("max-age=60", 0),
    ("public, no-cache", 0), ("private, max-age=60", 0), ("no-store", 0), ("public, max-age=x", 0)])
def test_max_age_reading(value, seconds):
    assert frontcache._lifetimes(value)[0] == seconds


@pytest.mark.parametrize("value,lifetimes", [
    ("public, max-age=30, stale-if-error=900", (30, 900)),
    ("public, no-cache, max-age=30, stale-if-error=900", (0, 900)),
    ("private, stale-if-error=900", (0, 0)), ("public, no-store, stale-if-error=900", (0, 0)),
    ("stale-if-error=900", (0, 0)), ("public, max-age=30, stale-if-error=x", (30, 0))])
def test_stale_if_error_reading(value, lifetimes):
    assert frontcache._lifetimes(value) == lifetimes


class Origin:
    """A WSGI app whose answer the test sets: a status, or an exception to raise."""

    def __init__(self):
        self.status, self.body, self.calls = "200 OK", b"first", 0
        self.cache_control = "public, max-age=30, stale-if-error=900"

    def __call__(self, environ, start_response):
        self.calls += 1
        if isinstance(self.status, Exception):
            raise self.status
        etag = '"%s"' % self.body.decode()
        headers = [("Content-Type", "text/html"), ("Content-Length", str(len(self.body))),
                   ("Cache-Control", self.cache_control), ("ETag", etag)]
        if self.status.startswith("200") and environ.get("HTTP_IF_NONE_MATCH") == etag:
            start_response("304 NOT MODIFIED", headers[2:])
            return []
        start_response(self.status, headers)
        return [self.body]


def _get(cache, headers=None):
    answer = {}
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/canh-bao/", **(headers or {})}
    body = b"".join(cache(environ, lambda status, headers, exc_info=None: answer.update(
        status=status, headers=dict(headers))))
    return answer["status"][:3], answer["headers"], body


@pytest.fixture
def stale_cache():
    origin, now = Origin(), [100.0]
    cache = frontcache.FrontCache(origin, 5, 600, clock=lambda: now[0])
    return cache, origin, now


@pytest.mark.parametrize("failure", ["500 INTERNAL SERVER ERROR", "502 BAD GATEWAY",
                                     "503 SERVICE UNAVAILABLE", "504 GATEWAY TIMEOUT",
                                     RuntimeError("database gone")])
def test_a_failing_app_is_answered_from_the_last_copy_within_its_stale_window(stale_cache, failure):
    cache, origin, now = stale_cache
    assert _get(cache)[0] == "200"
    origin.status, now[0] = failure, now[0] + 300  # the page declared 900: the config's 600 wins
    status, headers, body = _get(cache)
    assert (status, body, headers["X-Stale"], headers["Age"]) == ("200", b"first", "1", "300")
    assert origin.calls == 2  # the app is asked each time: the copy is only a stand-in
    assert _get(cache, {"HTTP_IF_NONE_MATCH": '"first"'})[0] == "304"
    now[0] += 306  # 600 s after the copy went stale (RFC 5861 counts from there)
    if isinstance(failure, Exception):
        with pytest.raises(RuntimeError):
            _get(cache)
    else:
        assert _get(cache)[:1] == (failure[:3],) and "X-Stale" not in _get(cache)[1]


def test_only_failures_are_replaced_and_a_new_copy_replaces_the_old(stale_cache):
    cache, origin, now = stale_cache
    _get(cache)
    origin.status, now[0] = "404 NOT FOUND", now[0] + 60
    assert _get(cache)[0] == "404"  # the page is gone: say so, no stale copy
    origin.status, origin.body = "200 OK", b"second"
    assert _get(cache)[2] == b"second"
    origin.status, now[0] = "503 SERVICE UNAVAILABLE", now[0] + 60
    assert _get(cache)[2] == b"second"


def test_a_no_cache_page_is_always_asked_for_but_kept_for_failures(stale_cache):
    """The banner fragment: revalidated on every poll; a 304 from the app keeps the copy."""
    cache, origin, now = stale_cache
    origin.cache_control = "public, no-cache, max-age=30, stale-if-error=900"
    _get(cache)
    now[0] += 500
    assert _get(cache, {"HTTP_IF_NONE_MATCH": '"first"'})[0] == "304"  # from the app
    assert origin.calls == 2
    origin.status, now[0] = RuntimeError("database gone"), now[0] + 500  # 1000 s after storing
    status, headers, body = _get(cache)
    assert (status, body, headers["Age"]) == ("200", b"first", "500")


def test_pages_without_stale_if_error_are_not_kept_for_failures(stale_cache):
    cache, origin, now = stale_cache
    origin.cache_control = "public, max-age=30"
    _get(cache)
    origin.status, now[0] = "503 SERVICE UNAVAILABLE", now[0] + 6
    assert _get(cache)[0] == "503"


def test_a_full_cache_drops_what_is_past_use_first(stale_cache, monkeypatch):
    cache, origin, now = stale_cache
    monkeypatch.setattr(frontcache, "MAX_ENTRIES", 4)
    _get(cache)  # the warning list, kept for failures
    origin.cache_control = "public, max-age=30"
    for n in range(3):
        _get(cache, {"QUERY_STRING": f"trang={n}"})
    now[0] += 60  # the three pages are past use; the warning list is not
    _get(cache, {"QUERY_STRING": "trang=9"})
    assert len(cache.entries) == 2 and any(key[1] == "" for key in cache.entries)


def test_after_a_failure_the_last_copy_answers_alone_for_a_few_seconds(stale_cache):
    cache, origin, now = stale_cache
    _get(cache)
    origin.status, now[0] = "503 SERVICE UNAVAILABLE", now[0] + 60
    _get(cache)
    now[0] += 4  # within PAGE_CACHE_SECONDS (5) of the failure: the app is not asked
    status, headers, body = _get(cache)
    assert (origin.calls, body, headers["X-Stale"], headers["Age"]) == (2, b"first", "1", "64")
    now[0] += 2
    _get(cache)
    assert origin.calls == 3
    origin.status, now[0] = "200 OK", now[0] + 6
    assert "X-Stale" not in _get(cache)[1] and origin.calls == 4


def test_one_thread_renders_an_expired_page_while_the_others_answer_the_copy(app, client, db):
    """stale-while-revalidate within a worker: while one request renders the page again, a
    second one for the same page is answered from the copy that just expired; later the new
    copy is served."""
    import threading

    rendering, release, calls = threading.Event(), threading.Event(), []
    inner = app.wsgi_app

    def slow(environ, start_response):
        calls.append(environ["PATH_INFO"])
        if len(calls) == 2:  # the second rendering waits until the test lets it finish
            rendering.set()
            release.wait(10)
        return inner(environ, start_response)

    clock = [1000.0]
    cache = frontcache.FrontCache(slow, 5, clock=lambda: clock[0])
    first = b"".join(cache(_environ(), lambda *a: None))
    clock[0] += 6  # expired one second ago
    answers = []
    renderer = threading.Thread(target=lambda: answers.append(b"".join(cache(_environ(), lambda *a: None))))
    renderer.start()
    assert rendering.wait(10)
    copy = b"".join(cache(_environ(), lambda *a: None))  # while the other one renders
    release.set()
    renderer.join(10)
    assert copy == first and len(calls) == 2 and answers and answers[0]
    clock[0] += 20  # long expired: rendered again by whoever asks
    b"".join(cache(_environ(), lambda *a: None))
    assert len(calls) == 3


def _environ(path="/robots.txt"):
    from werkzeug.test import EnvironBuilder

    return EnvironBuilder(path=path, headers={"Host": "localhost"}).get_environ()
