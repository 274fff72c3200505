"""gunicorn with deploy/gunicorn.conf.py on a loopback port, over a throw-away SQLite database
with the demo data: the server that `make bench` measures and tests/deploy puts nginx before."""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(instance: str, site_url: str, **extra: str) -> dict[str, str]:
    """APP_ENV=production answering SITE_URL's host, on instance/portal.db (never DATABASE_URL
    or TEST_DATABASE_URL from the caller's environment)."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "TEST_DATABASE_URL", "TRUSTED_HOSTS")}
    env.update({
        "APP_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(32), "SECURE_COOKIES": "0",
        "SITE_URL": site_url,  # production answers only SITE_URL's host (TRUSTED_HOSTS)
        "INSTANCE_PATH": instance, "DATABASE_URL": f"sqlite:///{instance}/portal.db",
        "FLASK_APP": "app", **extra,
    })
    return env


def load_demo(env: dict[str, str]) -> None:
    """Migrate, then load the demo data (refused in production, hence development for it)."""
    flask = os.path.join(BIN, "flask")
    subprocess.run([flask, "db", "upgrade"], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([flask, "demo", "load"], env=dict(env, APP_ENV="development"), cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)


def start_gunicorn(env: dict[str, str], port: int, workers: int, app: str = "wsgi:app",
                   **settings: str) -> subprocess.Popen:
    """The production settings file itself, so that whoever starts it also proves it works
    (`make bench` serves its baseline page, `app`, with the same settings)."""
    return subprocess.Popen(
        [os.path.join(BIN, "gunicorn"), "-c", "deploy/gunicorn.conf.py", app],
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers),
             **settings},
        cwd=ROOT)


def wait_for_port(port: int, process: subprocess.Popen | None = None, what: str = "server",
                  log: Path | None = None, seconds: float = 30.0) -> None:
    """Until something listens on 127.0.0.1:`port`. RuntimeError if `process` ends first (with
    the end of its `log`) or nothing listens within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"{what} stopped: {tail}")
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port} ({what})")


def wait_until_up(base: str, path: str = "/healthz") -> None:
    """Until the server answers at all (a 400 for an untrusted Host is an answer)."""
    for _ in range(100):
        try:
            with urllib.request.urlopen(base + path, timeout=1):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")
