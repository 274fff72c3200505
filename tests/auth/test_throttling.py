import uuid

import pytest
import redis

from .. import factories


def _attempt(client, email, password):
    token = client.csrf_token("/dang-nhap")
    return client.post("/dang-nhap", data={"email": email, "password": password,
                                           "csrf_token": token})


def test_failed_sign_ins_are_throttled_per_account(client, db, app):
    user = factories.make_user(role="editor")
    db.session.commit()
    limit = int(app.config["LOGIN_LIMIT_PER_ACCOUNT"].split()[0])
    for _ in range(limit):
        assert _attempt(client, user.email, "sai mật khẩu rồi").status_code == 401
    # Even the right password is refused for a while now.
    response = _attempt(client, user.email, factories.PASSWORD)
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    # Another account from the same address is not locked by this one.
    other = factories.make_user(role="editor")
    db.session.commit()
    assert _attempt(client, other.email, factories.PASSWORD).status_code == 303


def test_failed_sign_ins_are_throttled_per_ip(client, db, app):
    limit = int(app.config["LOGIN_LIMIT_PER_IP"].split()[0])
    for i in range(limit):
        assert _attempt(client, f"khong-co-{i}@kesat.example", "sai mật khẩu").status_code == 401
    assert _attempt(client, "khong-co-nua@kesat.example", "sai mật khẩu").status_code == 429


def test_successful_sign_ins_do_not_count(client, db, app):
    user = factories.make_user(role="editor")
    db.session.commit()
    limit = int(app.config["LOGIN_LIMIT_PER_ACCOUNT"].split()[0])
    for _ in range(limit + 2):
        assert _attempt(client, user.email, factories.PASSWORD).status_code == 303
        client.post("/dang-xuat", data={"csrf_token": client.csrf_token("/quan-tri/")})


@pytest.fixture
def redis_app(database_url):
    """An app whose limiter shares its counters through Redis, as gunicorn workers do."""
    from app.extensions import limiter

    from ..conftest import IsolatedClient, make_app

    # Flask-Limiter keeps one storage per extension object: remember the suite's own
    # and put it back afterwards.
    saved = {name: getattr(limiter, name) for name in
             ("_storage", "_limiter", "_key_prefix", "_storage_uri", "_storage_options")}
    prefix = f"ksx-test-{uuid.uuid4().hex[:10]}"
    limiter._key_prefix = ""  # let the new app's RATELIMIT_KEY_PREFIX apply
    url = "redis://127.0.0.1:6379/15"
    app = make_app(database_url, RATELIMIT_STORAGE_URI=url, RATELIMIT_KEY_PREFIX=prefix,
                   REDIS_URL=url)
    app.test_client_class = IsolatedClient
    yield app
    with app.app_context():
        from app.extensions import db

        db.engine.dispose()
    for name, value in saved.items():
        setattr(limiter, name, value)
    conn = redis.Redis.from_url(url)
    keys = list(conn.scan_iter(f"*{prefix}*"))
    if keys:
        conn.delete(*keys)
    conn.close()


def test_throttle_counts_live_in_redis_shared_by_all_workers(redis_app):
    limit = int(redis_app.config["LOGIN_LIMIT_PER_ACCOUNT"].split()[0])
    client = redis_app.test_client()
    email = f"{uuid.uuid4().hex[:8]}@kesat.example"
    for _ in range(limit):
        assert _attempt(client, email, "sai mật khẩu").status_code == 401
    assert _attempt(client, email, "sai mật khẩu").status_code == 429
    # The counters are in Redis, where every gunicorn worker reads them.
    conn = redis.Redis.from_url(redis_app.config["REDIS_URL"])
    keys = [k.decode() for k in conn.scan_iter("*")
            if redis_app.config["RATELIMIT_KEY_PREFIX"] in k.decode()]
    conn.close()
    assert any(email in key for key in keys), keys
