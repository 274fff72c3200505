"""README.md's production steps run as written: tools/production_rehearsal.py runs every
```sh prod``` block in a sandbox (PostgreSQL on 127.0.0.1:5432, Redis, Debian's nginx, no root
or systemd needed) and checks the portal through nginx; a command it has no rule for fails it.

The rehearsal reuses the running .venv (KSX_REHEARSAL_REUSE_VENV=1) instead of step 3's
`pip install`. Without nginx or a PostgreSQL server the tests skip, and fail when CI is set.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys

import pytest
from sqlalchemy.engine import make_url

from tools import nginx_conf, production_rehearsal, serve

README = production_rehearsal.README


def _server() -> str:
    url = os.environ.get("TEST_DATABASE_URL", "")
    return url if url.startswith("postgres") else "postgresql://postgres@127.0.0.1:5432/postgres"


def _need(nginx: bool = True) -> None:
    """nginx and the PostgreSQL server, or skip (fail under CI)."""
    missing = []
    if nginx and not os.path.exists(nginx_conf.NGINX):
        missing.append(f"{nginx_conf.NGINX} (apt-get install -y nginx)")
    server = make_url(_server())
    try:
        socket.create_connection((server.host or "127.0.0.1", server.port or 5432), 2).close()
    except OSError:
        missing.append(f"PostgreSQL on {server.host}:{server.port}")
    if missing:
        why = "the production rehearsal needs " + ", ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)


def _rehearse(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "APP_ENV", "SECRET_KEY", "SITE_URL", "REDIS_URL")}
    env["KSX_REHEARSAL_REUSE_VENV"] = "1"
    return subprocess.run([sys.executable, "-m", "tools.production_rehearsal",
                           "--postgres", _server(), *args],
                          cwd=serve.ROOT, env=env, capture_output=True, text=True, timeout=300)


def _readme_lines(text: str) -> list[str]:
    """The first line of each command in the README's ```sh prod``` blocks, read without the
    script's parser: blank lines, comments and here-document bodies left out."""
    lines, inside, heredoc = [], False, None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            inside = stripped == "```sh prod"
            continue
        if not inside:
            continue
        if heredoc:
            heredoc = None if stripped == heredoc else heredoc
            continue
        if stripped and not stripped.startswith("#"):
            lines.append(stripped)
            marker = re.search(r"<<'?(\w+)", stripped)
            heredoc = marker.group(1) if marker else None
    return lines


def test_the_readme_production_steps_run_as_written():
    _need()
    done = _rehearse()
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    ran = [line[2:] for line in done.stdout.splitlines() if line.startswith("$ ")]
    assert ran == _readme_lines(README.read_text())  # all of them, in order, nothing else
    assert len(ran) > 20
    for step in ("systemctl enable --now kesat", "nginx -t", "systemctl reload nginx",
                 "systemctl enable --now ksx-backup.timer", "curl -fsS https://kesat.example/healthz"):
        assert step in ran
    checks = [line for line in done.stdout.splitlines() if line.startswith("  ok: ")]
    assert len(checks) == 9, done.stdout[-3000:]
    assert "the portal's database is PostgreSQL and holds the admin" in done.stdout
    # Nothing is left behind: the throw-away database and role are gone.
    tag = re.search(r"rate-limit keys under ksx-rehearsal-(\w+)", done.stdout).group(1)
    from sqlalchemy import create_engine, text

    engine = create_engine(make_url(_server()).set(drivername="postgresql+psycopg"))
    try:
        with engine.connect() as conn:
            assert not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                    {"n": f"ksx_rehearsal_{tag}"}).first()
            assert not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"),
                                    {"n": f"ksx_rehearsal_{tag}"}).first()
    finally:
        engine.dispose()


def test_every_rule_is_used_by_the_readme():
    """No row of the table is left over from a step the README no longer has."""
    commands = [production_rehearsal.RUNUSER.sub("", c)
                for c in production_rehearsal.commands(README.read_text())]
    for pattern, _ in production_rehearsal.RULES:
        assert any(re.fullmatch(pattern, c, flags=re.DOTALL) for c in commands), pattern


@pytest.mark.parametrize("before, after", [
    # A command the rehearsal does not know …
    ("   cd /srv/kesat\n", "   cd /srv/kesat\n   make install\n"),
    # … or a known command with other values: both stop it before anything runs.
    ("cp deploy/nginx.conf /etc/nginx/sites-available/kesat",
     "cp deploy/nginx.conf /etc/nginx/conf.d/kesat.conf"),
])
def test_an_unknown_command_in_the_readme_fails_the_rehearsal(tmp_path, before, after):
    text = README.read_text()
    assert text.count(before) == 1
    changed = tmp_path / "README.md"
    changed.write_text(text.replace(before, after))
    done = _rehearse("--readme", str(changed))
    assert done.returncode == 1
    assert "unknown command" in done.stderr
    assert after.strip().splitlines()[-1].strip() in done.stderr
    assert "$ " not in done.stdout  # nothing ran


def test_a_readme_without_production_blocks_fails(tmp_path):
    changed = tmp_path / "README.md"
    changed.write_text(README.read_text().replace("```sh prod", "```sh"))
    done = _rehearse("--readme", str(changed))
    assert done.returncode == 1
    assert "no ```sh prod``` block" in done.stderr
