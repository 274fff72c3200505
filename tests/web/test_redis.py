"""Redis when REDIS_URL is set (issue 12, line 4): the Flask session on the server, the sign-in
limit shared by two gunicorn workers, Redis stopped, and what /healthz reports.

Real Redis (the machine's, database 15, a key prefix per app, keys deleted afterwards) and a
database of this module's own, on SQLite or PostgreSQL (TEST_DATABASE_URL).
"""
from __future__ import annotations

import hashlib
import http.client
import os
import re
import subprocess
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import flask_migrate
import pytest
import redis
from alembic.script import ScriptDirectory
from flask.sessions import session_json_serializer
from sqlalchemy import text

from app.extensions import db
from tools import serve

from .. import dbutil, factories
from ..conftest import REDIS_TEST_URL, free_port, make_app

WRONG = "không phải mật khẩu"


@pytest.fixture(scope="module")
def module_db():
    """A migrated database of this module's own: the tests here commit for real."""
    url = dbutil.create_database("redis")
    app = make_app(url)
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    yield url
    dbutil.drop_database(url)


@pytest.fixture
def conn():
    conn = redis.Redis.from_url(REDIS_TEST_URL)
    yield conn
    conn.close()


def _session_key(app, sid: str) -> str:
    digest = hashlib.sha256(sid.encode()).hexdigest()
    return f"{app.config['RATELIMIT_KEY_PREFIX']}/session/{digest}"


def _sid(response) -> str | None:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith("session="):
            return header.split(";")[0].split("=", 1)[1]
    return None


def _stored(conn, app, sid: str) -> dict | None:
    raw = conn.get(_session_key(app, sid))
    return None if raw is None else session_json_serializer.loads(raw.decode())


def _user(app, role="admin"):
    with app.app_context():
        user = factories.make_user(role=role, email=f"{uuid.uuid4().hex[:10]}@kesat.example")
        db.session.commit()
        return user.email


def test_session_lives_in_redis_and_the_cookie_holds_only_an_id(module_db, make_redis_app, conn):
    app = make_redis_app(module_db)
    client = app.test_client()
    # A reader without a session gets no cookie.
    home = client.get("/")
    assert home.status_code == 200 and _sid(home) is None

    page = client.get("/dang-nhap")
    anonymous = _sid(page)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", anonymous)  # an opaque id, nothing signed
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      page.get_data(as_text=True)).group(1)
    data = _stored(conn, app, anonymous)
    assert data["csrf_token"] and data["csrf_token"] not in anonymous
    ttl = conn.ttl(_session_key(app, anonymous))
    assert 0 < ttl <= app.permanent_session_lifetime.total_seconds()
    # Read but not changed: no new cookie, and the answer varies with the cookie, as in Flask.
    home = client.get("/")
    assert _sid(home) is None and "Cookie" in home.headers.get("Vary", "")

    email = _user(app)
    response = client.post("/dang-nhap", data={"email": email, "password": factories.PASSWORD,
                                               "csrf_token": token})
    assert response.status_code == 303
    signed_in = _sid(response)
    # Signing in gives a new id; the one from before sign-in is gone (no fixation).
    assert signed_in and signed_in != anonymous
    assert _stored(conn, app, anonymous) is None
    assert _stored(conn, app, signed_in)["_user_id"]
    response = client.get("/tai-khoan/")
    assert response.status_code == 200 and "Cookie" in response.headers["Vary"]

    account = response.get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', account).group(1)
    response = client.post("/dang-xuat", data={"csrf_token": token})
    assert response.status_code == 303
    assert _stored(conn, app, signed_in) is None  # sign-out deletes it
    assert client.get("/tai-khoan/").status_code == 302  # signed out


def test_redis_stopped_public_pages_serve_and_sign_in_fails_closed(module_db, make_redis_app):
    app = make_redis_app(module_db, url=f"redis://127.0.0.1:{free_port()}/0")  # nobody there
    client = app.test_client()
    assert client.get("/").status_code == 200
    # A returning visitor whose session cannot be read still reads the page, signed out.
    client.set_cookie("session", "A" * 43)
    assert client.get("/tin-tuc/").status_code == 200

    for response in (client.get("/dang-nhap"),
                     client.post("/dang-nhap", data={"email": "a@kesat.example",
                                                     "password": WRONG, "csrf_token": "x"})):
        assert response.status_code == 503
        assert "Đăng nhập tạm thời không thực hiện được" in response.get_data(as_text=True)
    # Any other form needs the store for its CSRF token: a clear 503, not "form expired".
    response = client.post("/dang-xuat", data={"csrf_token": "x"})
    assert response.status_code == 503
    assert "tạm thời không thực hiện được" in response.get_data(as_text=True)

    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.get_json() | {"revision": None} == {
        "status": "degraded", "database": "ok", "redis": "unreachable", "migrations": "head",
        "revision": None}


def test_healthz_ok_with_redis_and_behind_when_the_database_lags(module_db, make_redis_app):
    app = make_redis_app(module_db)
    client = app.test_client()
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["redis"] == "ok" and body["migrations"] == "head"
    head = body["revision"]
    with app.app_context():
        previous = ScriptDirectory(app.extensions["migrate"].directory).get_revision(head)
        db.session.execute(text("UPDATE alembic_version SET version_num = :v"),
                           {"v": previous.down_revision})
        db.session.commit()
        try:
            response = client.get("/healthz")
            assert response.status_code == 200
            assert response.get_json() == {"status": "degraded", "database": "ok", "redis": "ok",
                                           "migrations": "behind",
                                           "revision": previous.down_revision}
        finally:
            db.session.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
            db.session.commit()


# --- two gunicorn workers ------------------------------------------------------------------

def _request(port: int, method: str, path: str, body: str = "", cookie: str = ""):
    """A fresh connection each time, so that either worker may take it."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Cookie": cookie} if cookie else {}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read().decode()
    finally:
        conn.close()


@pytest.fixture
def two_workers(tmp_path):
    """gunicorn with deploy/gunicorn.conf.py and two workers sharing Redis under a fresh prefix;
    the access log names the worker (pid) that answered each request."""
    prefix = f"ksx-test-{uuid.uuid4().hex[:10]}"
    port = free_port()
    database = dbutil.create_database("gunicorn")
    env = serve.production_env(str(tmp_path), f"http://127.0.0.1:{port}", DATABASE_URL=database,
                               REDIS_URL=REDIS_TEST_URL, RATELIMIT_KEY_PREFIX=prefix,
                               LOGIN_LIMIT_PER_IP="3 per minute")
    subprocess.run([os.path.join(serve.BIN, "flask"), "db", "upgrade"], env=env, cwd=serve.ROOT,
                   check=True, capture_output=True)
    log = tmp_path / "access.log"
    server = serve.start_gunicorn(env, port, 2, GUNICORN_ACCESS_LOG=str(log),
                                  GUNICORN_CMD_ARGS="--access-logformat '%(p)s %(m)s %(U)s %(s)s'")
    try:
        serve.wait_until_up(f"http://127.0.0.1:{port}")
        yield port, log
    finally:
        server.terminate()
        server.wait(timeout=30)
        conn = redis.Redis.from_url(REDIS_TEST_URL)
        keys = list(conn.scan_iter(f"*{prefix}*"))
        if keys:
            conn.delete(*keys)
        conn.close()
        dbutil.drop_database(database)


def test_sign_in_limit_holds_across_two_gunicorn_workers(two_workers):
    port, log = two_workers
    status, set_cookie, page = _request(port, "GET", "/dang-nhap")
    assert status == 200
    cookie = SimpleCookie(set_cookie)["session"]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    statuses = []

    def posts_by_worker() -> dict[str, list[str]]:
        seen: dict[str, list[str]] = {}
        for line in log.read_text().splitlines():
            pid, method, path, code = line.strip("'").split()
            if method == "POST" and path == "/dang-nhap":
                seen.setdefault(pid, []).append(code)
        return seen

    # A different email each time: the per-account delay never starts, only the address limit.
    while len(statuses) < 60:
        body = urlencode({"email": f"{uuid.uuid4().hex[:8]}@kesat.example", "password": WRONG,
                          "csrf_token": token})
        status, _, _ = _request(port, "POST", "/dang-nhap", body, f"session={cookie.value}")
        statuses.append(status)
        refused = [codes for codes in posts_by_worker().values() if "429" in codes]
        if len(statuses) > 6 and len(refused) == 2:
            break
    # The CSRF token of one worker's session was good on the other (sessions in Redis), three
    # failures were counted, and every attempt after them was refused, by both workers.
    assert statuses[:3] == [401, 401, 401]
    assert set(statuses[3:]) == {429}
    workers = posts_by_worker()
    assert len(workers) == 2, workers
    assert all("429" in codes for codes in workers.values()), workers
