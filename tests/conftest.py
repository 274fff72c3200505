"""Fixtures after flaskr and STYLE §2.10: app, db, client, runner, login_as."""
from __future__ import annotations

import contextvars
import re
import socket
import tempfile
import uuid

import flask_migrate
import pytest
import redis
from flask.testing import FlaskClient

from app import create_app
from app.config import TEST_OVERRIDES
from app.extensions import db as _db
from app.extensions import limiter

from . import dbutil, factories


MEDIA_ROOT = tempfile.mkdtemp(prefix="ksx-media-")


def make_app(database_url: str, **overrides):
    return create_app({**TEST_OVERRIDES, "SQLALCHEMY_DATABASE_URI": database_url,
                       "MEDIA_ROOT": MEDIA_ROOT, **overrides})


class IsolatedClient(FlaskClient):
    """Each request runs in a fresh context, as in production: its own app context, `g`,
    login state and database session (joined to the test's outer transaction)."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)

    def csrf_token(self, path: str = "/dang-nhap") -> str:
        page = self.get(path).get_data(as_text=True)
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
            r'name="csrf_token" value="([^"]+)"', page)
        assert match, f"no CSRF token on {path}"
        return match.group(1)


@pytest.fixture(scope="session")
def database_url():
    url = dbutil.create_database("test")
    yield url
    dbutil.drop_database(url)


@pytest.fixture(scope="session")
def app(database_url):
    app = make_app(database_url)
    app.test_client_class = IsolatedClient
    with app.app_context():
        flask_migrate.upgrade()  # test databases are built by the migrations
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture
def db(app):
    """The test runs in an outer transaction; every commit inside is a savepoint."""
    with app.app_context():
        engines = _db.engines
        engine = engines[None]
        connection = engine.connect()
        outer = connection.begin()
        engines[None] = connection
        original = _db.session
        _db.session = _db._make_scoped_session({"join_transaction_mode": "create_savepoint"})
        limiter.reset()
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = original
            engines[None] = engine
            outer.rollback()
            connection.close()


REDIS_TEST_URL = "redis://127.0.0.1:6379/15"  # the machine's Redis; a database of its own


@pytest.fixture
def make_redis_app():
    """make(database_url, url=REDIS_TEST_URL, **overrides): an app whose limiter, throttle and
    sessions live in Redis at `url`, as under gunicorn, each under a key prefix of its own;
    its keys are deleted afterwards (never FLUSHALL: the machine's Redis is shared)."""
    # Flask-Limiter keeps one storage per extension object: remember the suite's own
    # and put it back afterwards.
    saved = {name: getattr(limiter, name) for name in
             ("_storage", "_limiter", "_key_prefix", "_storage_uri", "_storage_options")}
    made = []

    def make(database_url: str, url: str = REDIS_TEST_URL, **overrides):
        prefix = f"ksx-test-{uuid.uuid4().hex[:10]}"
        limiter._key_prefix = ""  # let the new app's RATELIMIT_KEY_PREFIX apply
        app = make_app(database_url, RATELIMIT_STORAGE_URI=url, RATELIMIT_KEY_PREFIX=prefix,
                       REDIS_URL=url, **overrides)
        app.test_client_class = IsolatedClient
        made.append(app)
        return app

    yield make
    for name, value in saved.items():
        setattr(limiter, name, value)
    conn = redis.Redis.from_url(REDIS_TEST_URL)
    for app in made:
        with app.app_context():
            for engine in _db.engines.values():
                engine.dispose()
        keys = list(conn.scan_iter(f"*{app.config['RATELIMIT_KEY_PREFIX']}*"))
        if keys:
            conn.delete(*keys)
    conn.close()


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def runner(app, db):
    return app.test_cli_runner()


@pytest.fixture
def login_as(client, db):
    """login_as("editor") signs the test client in through the real sign-in form."""

    def _login(role: str = "admin", **kwargs):
        user = factories.make_user(role=role, **kwargs)
        _db.session.commit()
        token = client.csrf_token("/dang-nhap")
        response = client.post("/dang-nhap", data={
            "email": user.email, "password": factories.PASSWORD, "csrf_token": token})
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        return user

    return _login


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch, request):
    """Fail any test that reaches beyond this machine (Indico's disallow_emails)."""
    if request.node.get_closest_marker("browser"):
        return
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost") and not host.startswith("/"):
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
