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
    for key, entry in list(cache.entries.items()):
        cache.entries[key] = (0.0, *entry[1:])
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
    assert all(b"csrf_token" not in entry[3] and b"Ng\xc6\xb0\xe1\xbb\x9di" not in entry[3]
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
    assert frontcache._max_age(value) == seconds
