"""Sign-in throttling: a hard limit per address (IPv6 per /64), a growing delay per account
that never locks the owner out, and a bounded audit trail of failures and 403s.

Time is moved by patching `time.time`, which the limiter's memory storage reads; nothing sleeps.
"""
import time
import uuid

import pytest
import redis
from limits.storage import storage_from_string
from sqlalchemy import func, select, text

from app.audit.models import AuditEntry
from app.auth import throttle
from app.web.clientip import client_key

from .. import factories

ATTACKER = "203.0.113.7"
OWNER = "198.51.100.20"
WRONG = "sai mật khẩu rồi"


def _attempt(client, email, password, ip=None):
    if ip:
        client.environ_base["REMOTE_ADDR"] = ip
    token = client.csrf_token("/dang-nhap")
    return client.post("/dang-nhap", data={"email": email, "password": password,
                                           "csrf_token": token})


@pytest.fixture
def clock(monkeypatch):
    """Time stands still for the limiter's storage and the throttle until clock.advance()."""

    class Clock:
        now = time.time()

        def advance(self, seconds):
            self.now += seconds

    clock = Clock()
    monkeypatch.setattr(time, "time", lambda: clock.now)
    return clock


def _audit_count(db, action):
    return db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == action))


# --- per account: a growing delay, never a lock -------------------------------------------

def test_owner_signs_in_after_the_short_delay_an_attacker_caused(app, db, clock):
    user = factories.make_user(role="editor")
    db.session.commit()
    free = app.config["LOGIN_DELAY_AFTER_FAILURES"]
    attacker = app.test_client()
    for _ in range(free):
        assert _attempt(attacker, user.email, WRONG, ATTACKER).status_code == 401
    # The next attempt waits a second: refused before the password is even checked.
    response = _attempt(attacker, user.email, factories.PASSWORD, ATTACKER)
    assert response.status_code == 429 and response.headers["Retry-After"] == "1"
    html = response.get_data(as_text=True)
    assert "Vui lòng thử lại sau 1 giây" in html
    assert 'name="email"' in html  # the form is still there
    # The owner, from another address, faces the same short wait, not a 15-minute lock.
    owner = app.test_client()
    response = _attempt(owner, user.email, factories.PASSWORD, OWNER)
    assert response.status_code == 429 and int(response.headers["Retry-After"]) <= 1
    clock.advance(1.5)
    assert _attempt(owner, user.email, factories.PASSWORD, OWNER).status_code == 303
    # A sign-in clears the count: the next mistake is an ordinary one.
    assert _attempt(attacker, user.email, WRONG, ATTACKER).status_code == 401


def test_the_delay_doubles_with_each_failure_up_to_a_cap(app, db, clock, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_IP", "1000 per minute")
    email = "ai-do@kesat.example"
    client = app.test_client()
    free = app.config["LOGIN_DELAY_AFTER_FAILURES"]
    cap = app.config["LOGIN_DELAY_MAX_SECONDS"]
    for _ in range(free):
        _attempt(client, email, WRONG)
    waits = []
    for _ in range(14):
        response = _attempt(client, email, WRONG)
        assert response.status_code == 429
        wait = int(response.headers["Retry-After"])
        waits.append(wait)
        clock.advance(wait + 0.1)
        assert _attempt(client, email, WRONG).status_code == 401  # checked, and wrong
    assert waits[:5] == [1, 2, 4, 8, 16]
    assert max(waits) == cap and waits[-1] == cap


def test_attempts_during_the_delay_are_not_checked_nor_counted(app, db, clock):
    user = factories.make_user(role="judge")
    db.session.commit()
    client = app.test_client()
    for _ in range(app.config["LOGIN_DELAY_AFTER_FAILURES"]):
        _attempt(client, user.email, WRONG)
    for _ in range(10):  # hammering during the wait changes nothing
        assert _attempt(client, user.email, WRONG).status_code == 429
    clock.advance(1.1)
    assert _attempt(client, user.email, WRONG).status_code == 401
    assert _attempt(client, user.email, WRONG).headers["Retry-After"] == "2"  # not 2 ** 11


def test_delay_counts_per_account(app, db, clock):
    user = factories.make_user(role="editor")
    other = factories.make_user(role="editor")
    db.session.commit()
    client = app.test_client()
    for _ in range(app.config["LOGIN_DELAY_AFTER_FAILURES"]):
        _attempt(client, user.email, WRONG)
    assert _attempt(client, user.email.upper(), factories.PASSWORD).status_code == 429
    assert _attempt(client, other.email, factories.PASSWORD).status_code == 303


def test_unknown_accounts_are_delayed_alike(app, db, clock):
    """The delay does not tell an attacker which emails have an account."""
    user = factories.make_user(role="editor")
    db.session.commit()
    client = app.test_client()
    free = app.config["LOGIN_DELAY_AFTER_FAILURES"]
    answers = {}
    for email in (user.email, "khong-ai@kesat.example"):
        answers[email] = [_attempt(client, email, WRONG).status_code for _ in range(free + 1)]
    assert answers[user.email] == answers["khong-ai@kesat.example"] == [401] * free + [429]


def test_successful_sign_ins_do_not_count(client, db, app):
    user = factories.make_user(role="editor")
    db.session.commit()
    for _ in range(app.config["LOGIN_DELAY_AFTER_FAILURES"] + 2):
        assert _attempt(client, user.email, factories.PASSWORD).status_code == 303
        client.post("/dang-xuat", data={"csrf_token": client.csrf_token("/quan-tri/")})


def test_delay_schedule(app):
    with app.app_context():
        free = app.config["LOGIN_DELAY_AFTER_FAILURES"]
        assert [throttle.delay_for(n) for n in range(free)] == [0] * free
        assert throttle.delay_for(free) == 1 and throttle.delay_for(free + 3) == 8
        assert throttle.delay_for(10_000) == app.config["LOGIN_DELAY_MAX_SECONDS"]


# --- per address: a hard limit, IPv6 per /64 ----------------------------------------------

def test_failed_sign_ins_are_limited_per_ip(client, db, app):
    limit = int(app.config["LOGIN_LIMIT_PER_IP"].split()[0])
    for i in range(limit):
        assert _attempt(client, f"khong-co-{i}@kesat.example", WRONG).status_code == 401
    response = _attempt(client, "khong-co-nua@kesat.example", WRONG)
    assert response.status_code == 429
    # When this address may try again: the end of the limit's window, not a guess.
    assert 60 < int(response.headers["Retry-After"]) <= 15 * 60
    assert "Bạn đã thử quá nhiều lần" in response.get_data(as_text=True)
    assert _attempt(app.test_client(), "khong-co-nua@kesat.example", WRONG,
                    OWNER).status_code == 401  # another address is not affected


def test_ipv6_addresses_count_per_64_network(client, db, app):
    limit = int(app.config["LOGIN_LIMIT_PER_IP"].split()[0])
    for i in range(limit):  # a fresh address of the same /64 for every attempt
        ip = f"2001:db8:1:2:{i:x}:{i:x}::{i + 1:x}"
        assert _attempt(client, f"v6-{i}@kesat.example", WRONG, ip).status_code == 401
    assert _attempt(client, "v6-x@kesat.example", WRONG, "2001:db8:1:2:ffff::1").status_code == 429
    assert _attempt(client, "v6-y@kesat.example", WRONG, "2001:db8:1:3::1").status_code == 401


@pytest.mark.parametrize("address, key", [
    ("203.0.113.7", "203.0.113.7"),
    ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
    ("2001:DB8:1:2::", "2001:db8:1:2::/64"),
    ("fe80::1%eth0", "fe80::/64"),
    ("::ffff:198.51.100.20", "198.51.100.20"),
    ("", "unknown"),
    ("not an address", "not an address"),
])
def test_client_key(app, address, key):
    with app.test_request_context():
        assert client_key(address) == key


def test_client_key_defaults_to_the_request_address(app):
    with app.test_request_context(environ_base={"REMOTE_ADDR": "2001:db8::7"}):
        assert client_key() == "2001:db8::/64"


# --- the audit trail, bounded ------------------------------------------------------------

def test_a_failed_sign_in_is_audited_with_the_email_and_address(client, db):
    _attempt(client, "  Ai.Do@KeSat.example ", WRONG, ATTACKER)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "auth.sign_in_failed"))
    assert entry.details["email"] == "ai.do@kesat.example" and entry.ip == ATTACKER
    assert entry.actor_id is None


def test_a_flood_of_failures_writes_a_bounded_number_of_entries(client, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_IP", "1000 per minute")
    bound = int(app.config["SECURITY_AUDIT_LIMIT"].split()[0])
    for i in range(bound + 15):
        assert _attempt(client, f"lu-{i}@kesat.example", WRONG, ATTACKER).status_code == 401
    assert _audit_count(db, "auth.sign_in_failed") == bound
    _attempt(client, "khac@kesat.example", WRONG, OWNER)  # another address still gets its entry
    assert _audit_count(db, "auth.sign_in_failed") == bound + 1


def test_a_403_is_audited_with_path_and_user(client, db, login_as):
    user = login_as("editor")
    assert client.get("/quan-tri/nguoi-dung/").status_code == 403
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "security.forbidden"))
    assert entry.details["path"] == "/quan-tri/nguoi-dung/" and entry.actor_id == user.id
    assert entry.details["user"] == user.email


def test_a_flood_of_403s_writes_a_bounded_number_of_entries(client, db, app, login_as):
    login_as("judge")
    bound = int(app.config["SECURITY_AUDIT_LIMIT"].split()[0])
    for _ in range(bound + 10):
        assert client.get("/quan-tri/").status_code == 403
    assert _audit_count(db, "security.forbidden") == bound


def test_a_403_stands_when_the_audit_log_cannot_be_written(client, db, login_as):
    login_as("editor")
    # A real failure of the database, not a mock: the audit table is gone for this request.
    db.session.execute(text("ALTER TABLE audit_entries RENAME TO audit_entries_away"))
    db.session.commit()
    try:
        response = client.get("/quan-tri/nguoi-dung/")
        assert response.status_code == 403
        assert "Không có quyền truy cập" in response.get_data(as_text=True)
    finally:
        db.session.rollback()
        db.session.execute(text("ALTER TABLE audit_entries_away RENAME TO audit_entries"))
        db.session.commit()
    assert _audit_count(db, "security.forbidden") == 0


# --- shared by every worker: Redis ---------------------------------------------------------

@pytest.fixture
def redis_app(database_url, make_redis_app):
    """An app whose limiter shares its counters through Redis, as gunicorn workers do."""
    return make_redis_app(database_url)


def test_throttle_counts_live_in_redis_shared_by_all_workers(redis_app):
    free = redis_app.config["LOGIN_DELAY_AFTER_FAILURES"]
    prefix = redis_app.config["RATELIMIT_KEY_PREFIX"]
    client = redis_app.test_client()
    email = f"{uuid.uuid4().hex[:8]}@kesat.example"
    key = f"{prefix}/auth/%s/{email}"
    failures, delay = f"LIMITS:{key % 'failures'}", f"LIMITS:{key % 'delay'}"
    conn = redis.Redis.from_url(redis_app.config["REDIS_URL"])
    try:
        # Failures another worker counted earlier, in Redis.
        conn.set(failures, free + 5, ex=3600)
        assert _attempt(client, email, WRONG).status_code == 401  # the 11th: wait 2 ** 6 s
        response = _attempt(client, email, WRONG)
        assert response.status_code == 429 and 60 <= int(response.headers["Retry-After"]) <= 64
        assert int(conn.get(failures)) == free + 6
        assert 60_000 < conn.pttl(delay) <= 64_000  # the wait is the key's lifetime
        # Another worker, with a storage object of its own, sees the same wait.
        other_worker = storage_from_string(redis_app.config["RATELIMIT_STORAGE_URI"])
        assert other_worker.get(key % "delay") == 1
        # The per-address limit of Flask-Limiter counts there too.
        assert any("127.0.0.1" in k.decode() for k in conn.scan_iter(f"*{prefix}*"))
        conn.delete(delay)  # what Redis does when the minute is over
        assert _attempt(client, email, WRONG).status_code == 401  # checked again
        assert int(conn.get(failures)) == free + 7 and conn.pttl(delay) > 64_000
    finally:
        conn.close()
