"""Configuration read from the environment when create_app() runs (never at import time).

Every variable is documented in README.md ("Cấu hình / Configuration").
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

ENVIRONMENTS = ("production", "development", "testing")

# The SECRET_KEY line of deploy/env.example: copying the example as it is must not start.
PLACEHOLDER_SECRET = "CHANGE-ME-paste-the-output-of-the-command-above"
MIN_SECRET_BYTES = 32
# Hosts a development or test server answers to (the test client sends "localhost",
# `make run` and the browser tests' live server listen on 127.0.0.1).
LOCAL_HOSTS = ("127.0.0.1", "localhost")


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _instance_secret(instance_path: str) -> str:
    """A random key kept in instance/ for development, made on first use."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _check_secret(secret: str) -> None:
    """Refuse a production key that anyone could guess: the session cookie is signed with it,
    so a known key lets anyone forge an admin session."""
    fix = 'make one with: python3 -c "import secrets; print(secrets.token_urlsafe(48))"'
    if secret == PLACEHOLDER_SECRET or secret.lower().startswith(("change-me", "changeme")):
        raise RuntimeError(f"SECRET_KEY is still the placeholder of deploy/env.example; {fix}")
    if len(secret.encode()) < MIN_SECRET_BYTES:
        raise RuntimeError(f"SECRET_KEY is too short ({len(secret.encode())} bytes, at least "
                           f"{MIN_SECRET_BYTES} are needed); {fix}")
    if len(set(secret)) < 8:
        raise RuntimeError(f"SECRET_KEY repeats a few characters and is easy to guess; {fix}")


def site_url(raw: str) -> str:
    """SITE_URL is the portal's public origin, e.g. https://kesat.example (no path)."""
    value = raw.strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RuntimeError(f"SITE_URL must look like https://kesat.example, not {raw!r}")
    if parts.path or parts.query or parts.fragment or parts.username or parts.password:
        raise RuntimeError(f"SITE_URL is the site's origin only (scheme and host), not {raw!r}")
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise RuntimeError(f"SITE_URL has an invalid port: {raw!r}") from None
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _trusted_hosts(raw: str, site: str, production: bool) -> list[str]:
    """Hosts the app answers to; any other Host (or X-Forwarded-Host) gets a 400."""
    hosts = [h.strip().lower() for h in raw.split(",") if h.strip()]
    if not hosts and not production:
        hosts = list(LOCAL_HOSTS)
    if site:
        hosts.append(urlsplit(site).hostname)
    return list(dict.fromkeys(hosts))


def load(instance_path: str, env: str | None = None) -> dict:
    """Build the configuration mapping from the environment."""
    env = (env or os.environ.get("APP_ENV") or "production").strip().lower()
    if env not in ENVIRONMENTS:
        raise RuntimeError(f"APP_ENV must be one of {ENVIRONMENTS}, not {env!r}")
    production = env == "production"

    secret = os.environ.get("SECRET_KEY", "")
    if not secret:
        if production:
            raise RuntimeError("SECRET_KEY must be set when APP_ENV=production")
        secret = secrets.token_urlsafe(32) if env == "testing" else _instance_secret(instance_path)
    elif production:
        _check_secret(secret)

    # Absolute links (canonical, QR codes, CAP, feeds, sitemap) come from SITE_URL, never
    # from whatever Host a request carries.
    site = site_url(os.environ["SITE_URL"]) if os.environ.get("SITE_URL", "").strip() else ""
    if production and not site:
        raise RuntimeError("SITE_URL must be set when APP_ENV=production, e.g. "
                           "SITE_URL=https://kesat.example (used for absolute links and "
                           "to answer only that host)")

    database_url = os.environ.get("DATABASE_URL") or (
        "sqlite:///" + str(Path(instance_path) / "kesat.db")
    )
    redis_url = os.environ.get("REDIS_URL", "")
    secure_cookies = _bool(os.environ.get("SECURE_COOKIES"), default=production)

    return {
        "APP_ENV": env,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        # hide_parameters: a database error's message never carries the values (emails, phone
        # numbers, password hashes) into the logs.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        # PostgreSQL that does not answer fails after this long (app/web/database.py).
        "DATABASE_TIMEOUT_SECONDS": _int("DATABASE_TIMEOUT_SECONDS", 5),
        # Logs (app/web/logs.py): JSON lines on stderr in production, readable text otherwise.
        "LOG_FORMAT": (os.environ.get("LOG_FORMAT") or ("json" if production else "text")).lower(),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO").upper(),
        # Redis is shared by every gunicorn worker: rate limits, the sign-in throttle and the
        # Flask session (app/web/redisstore.py). Unset: memory per process and a signed cookie.
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        # A short timeout: a Redis that hangs must not hold every worker's threads.
        "RATELIMIT_STORAGE_OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        # Not swallowed: a limit whose counter cannot be read refuses (503), never lets through.
        "RATELIMIT_SWALLOW_ERRORS": False,
        # Prefix of every key the portal writes to Redis (limits, throttle, sessions).
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", "ksx"),
        "RATELIMIT_HEADERS_ENABLED": False,
        # Sign-in: a hard limit per address (IPv4, or IPv6 /64); per account a growing delay
        # (1 s, 2 s, 4 s … up to the maximum) after some failures, never a lock (app/auth/throttle.py).
        "LOGIN_LIMIT_PER_IP": os.environ.get("LOGIN_LIMIT_PER_IP", "20 per 15 minutes"),
        "LOGIN_DELAY_AFTER_FAILURES": _int("LOGIN_DELAY_AFTER_FAILURES", 5),
        "LOGIN_DELAY_MAX_SECONDS": _int("LOGIN_DELAY_MAX_SECONDS", 900),
        "LOGIN_FAILURE_WINDOW_HOURS": _int("LOGIN_FAILURE_WINDOW_HOURS", 24),
        "PASSWORD_CHANGE_LIMIT": os.environ.get("PASSWORD_CHANGE_LIMIT", "5 per 15 minutes"),
        # Contest (app/contest/routes.py): entries and status lookups per address; tries per
        # tracking code whatever the address, so 4 phone digits cannot be guessed.
        "CONTEST_ENTRY_LIMIT": os.environ.get("CONTEST_ENTRY_LIMIT", "20 per hour"),
        "CONTEST_LOOKUP_LIMIT": os.environ.get("CONTEST_LOOKUP_LIMIT", "30 per 15 minutes"),
        "CONTEST_LOOKUPS_PER_CODE": os.environ.get("CONTEST_LOOKUPS_PER_CODE", "10 per day"),
        # Failed sign-ins and 403s in the audit log, at most this often per address and kind.
        "SECURITY_AUDIT_LIMIT": os.environ.get("SECURITY_AUDIT_LIMIT", "30 per 10 minutes"),
        # Sessions: the signed cookie (with REDIS_URL: a random id of the session in Redis,
        # app/web/redisstore.py) carries only a token; the sign-in lives in the database
        # (user_sessions), where sign-out, limits and admins end it (app/auth/sessions.py).
        "SESSION_COOKIE_NAME": "__Host-session" if secure_cookies else "session",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_DURATION": timedelta(seconds=0),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=_int("SESSION_MAX_HOURS", 12)),
        "SESSION_IDLE_MINUTES": _int("SESSION_IDLE_MINUTES", 60),
        "SESSION_MAX_HOURS": _int("SESSION_MAX_HOURS", 12),
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "PROXY_FIX_HOPS": _int("PROXY_FIX_HOPS", 0),
        "SITE_URL": site,
        # Flask 3.1 checks Host (after ProxyFix: X-Forwarded-Host) against this list.
        "TRUSTED_HOSTS": _trusted_hosts(os.environ.get("TRUSTED_HOSTS", ""), site, production),
        # Request body limit.
        "MAX_CONTENT_LENGTH": _int("MAX_CONTENT_LENGTH", 32 * 1024 * 1024),
        # A signed-in person's form over that limit is still read up to this size, its files
        # thrown away, so the form comes back with what was typed (app/web/uploads.py).
        "STAFF_OVERSIZE_PARSE_LIMIT": _int("STAFF_OVERSIZE_PARSE_LIMIT", 256 * 1024 * 1024),
        "WTF_CSRF_TIME_LIMIT": None,  # bound to the session, which already expires
        "WTF_CSRF_SSL_STRICT": secure_cookies,
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "LANGUAGES": ("vi", "en"),
        # Password hashing: argon2id (argon2-cffi defaults, RFC 9106 low-memory profile).
        "ARGON2_TIME_COST": _int("ARGON2_TIME_COST", 3),
        "ARGON2_MEMORY_COST": _int("ARGON2_MEMORY_COST", 65536),
        "ARGON2_PARALLELISM": _int("ARGON2_PARALLELISM", 4),
        "SEND_FILE_MAX_AGE_DEFAULT": timedelta(hours=1),
        # Each worker keeps anonymous pages this many seconds (0 turns it off).
        "PAGE_CACHE_SECONDS": _int("PAGE_CACHE_SECONDS", 5),
        # ...and keeps the pages that ask for it (the warnings: `stale-if-error`) up to this
        # long after, to answer when the database fails (0 turns it off; app/web/frontcache.py).
        "STALE_IF_ERROR_SECONDS": _int("STALE_IF_ERROR_SECONDS", 900),
        # How often open pages ask whether the warnings changed.
        "ALERT_POLL_SECONDS": _int("ALERT_POLL_SECONDS", 60),
        # content/ is the source of truth for guides, documents and the waste list.
        "CONTENT_ROOT": os.environ.get("CONTENT_ROOT")
        or str(Path(__file__).resolve().parent.parent / "content"),
        # Uploaded files: outside static/, served by /media/<name> after checks.
        "MEDIA_ROOT": os.environ.get("MEDIA_ROOT") or str(Path(instance_path) / "media"),
        # `flask backup create` writes its archives here unless given --output.
        "BACKUP_DIR": os.environ.get("BACKUP_DIR") or str(Path(instance_path) / "backups"),
    }


def normalise_database_url(url: str) -> str:
    """Accept plain postgres:// URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


# Applied on top of load() by the test suite (tests/conftest.py).
TEST_OVERRIDES = {
    "APP_ENV": "testing",
    "TESTING": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "SESSION_COOKIE_NAME": "session",
    "SESSION_COOKIE_SECURE": False,
    "WTF_CSRF_SSL_STRICT": False,
    "PREFERRED_URL_SCHEME": "http",
    # Tests change data between requests and expect to see it at once.
    "PAGE_CACHE_SECONDS": 0,
    "STALE_IF_ERROR_SECONDS": 0,
    # Cheaper argon2id for speed; still argon2id.
    "ARGON2_TIME_COST": 1,
    "ARGON2_MEMORY_COST": 8192,
    "ARGON2_PARALLELISM": 1,
}
