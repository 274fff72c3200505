"""Rehearse README.md's production steps on this machine: every ```sh prod``` block, in order.

    python -m tools.production_rehearsal [--reuse-venv] [--readme README.md]

Each command of those blocks must match one row of RULES below, which says how it is rehearsed
here: in a temp folder instead of /srv/kesat, /etc/kesat, /etc/nginx and /etc/systemd/system,
against a throw-away role and database on the PostgreSQL server at --postgres (127.0.0.1:5432),
under a key prefix of its own in Redis database 15 (127.0.0.1:6379), with nginx and gunicorn
in the foreground on free loopback ports (no systemd, no root needed). A command that matches
no row stops the rehearsal before anything runs: README and rehearsal cannot drift apart.
Then it checks the portal through nginx (health, home page and its security headers, the first
admin's sign-in, PostgreSQL behind it, rate-limit keys in Redis, the backup archive) and removes
everything it made (processes, database, role, Redis keys, temp folder), also on failure.

Step 3 really makes a virtualenv and installs requirements.txt (a few minutes); --reuse-venv, or
KSX_REHEARSAL_REUSE_VENV=1 as tests/deploy sets it, links the running one instead.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlencode

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from tools import nginx_conf, serve

ROOT = Path(serve.ROOT)
README = ROOT / "README.md"
FENCE = re.compile(r"^(?P<indent>\s*)```sh prod\s*$")
HOST = nginx_conf.SERVER_NAME  # SITE_URL's host in the README; nginx answers it on loopback
REDIS_DB = 15  # the suite's Redis database (README, "The two commands")
# A fresh root shell's PATH: the rehearsal must not lean on the virtualenv running it.
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class RehearsalError(Exception):
    pass


# --- the README's commands -------------------------------------------------------------------

def commands(readme: str) -> list[str]:
    """The commands of every ```sh prod``` block, in order: comments and blank lines dropped,
    `\\` continuations joined, a here-document kept whole with its body."""
    found: list[str] = []
    lines = iter(readme.splitlines())
    for line in lines:
        fence = FENCE.match(line)
        if not fence:
            continue
        indent = len(fence["indent"])
        body = []
        for inner in lines:
            if inner.strip() == "```":
                break
            body.append(inner[indent:] if inner[:indent].strip() == "" else inner)
        else:
            raise RehearsalError("a ```sh prod``` block is never closed")
        found.extend(_split(body))
    return found


def _split(body: list[str]) -> list[str]:
    out, pending, heredoc = [], "", None
    for line in body:
        if heredoc is not None:
            pending += "\n" + line
            if line == heredoc:
                out.append(pending)
                pending, heredoc = "", None
            continue
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending = f"{pending} {line.strip()}" if pending else line.strip()
        if pending.endswith("\\"):
            pending = pending[:-1].rstrip()
            continue
        marker = re.search(r"<<-?\s*'?(\w+)'?", pending)
        if marker:
            heredoc = marker.group(1)
            continue
        out.append(pending)
        pending = ""
    if pending:
        raise RehearsalError(f"unfinished command: {pending!r}")
    return out


# --- the sandbox -----------------------------------------------------------------------------

@dataclass
class Sandbox:
    root: Path
    server: URL  # the PostgreSQL server, as its superuser
    reuse_venv: bool
    tag: str = field(default_factory=lambda: secrets.token_hex(5))
    password: str = field(default_factory=lambda: "diễn tập " + secrets.token_urlsafe(12))
    processes: list[subprocess.Popen] = field(default_factory=list)
    cwd: Path | None = None
    admin: str = ""

    def __post_init__(self):
        self.srv, self.etc = self.root / "srv", self.root / "etc"
        self.nginx, self.systemd = self.root / "nginx", self.root / "systemd"
        self.logs = self.root / "logs"
        for folder in (self.nginx / "sites-available",
                       self.nginx / "sites-enabled", self.systemd, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        self.cwd = self.root
        self.role = self.database = f"ksx_rehearsal_{self.tag}"
        self.redis_prefix = f"ksx-rehearsal-{self.tag}"
        self.app_port, self.http_port, self.https_port = (serve.free_port() for _ in range(3))
        self.cert, self.key = nginx_conf.self_signed_cert(self.nginx)

    def env(self, **extra: str) -> dict[str, str]:
        """A fresh root shell's environment; the postgres user's tools reach --postgres."""
        return {"PATH": PATH, "HOME": str(self.root), "LANG": "C.UTF-8",
                "PGHOST": self.server.host or "127.0.0.1", "PGPORT": str(self.server.port or 5432),
                "PGUSER": self.server.username or "postgres", **extra}

    def database_url(self) -> str:
        return self.server.set(username=self.role, password=None, database=self.database) \
            .render_as_string(hide_password=False)


# The values the README names and what the rehearsal puts in their place, in every command and
# in the unit files it starts. Together with RULES below, the one table of substitutions.
SWAPS: list[tuple[str, Callable[[Sandbox], str]]] = [
    (r"/etc/nginx/sites-available", lambda s: f"{s.nginx}/sites-available"),
    (r"/etc/nginx/sites-enabled", lambda s: f"{s.nginx}/sites-enabled"),
    (r"/var/cache/nginx/kesat", lambda s: f"{s.nginx}/cache"),  # where tools/nginx_conf puts it
    (r"/etc/systemd/system", lambda s: str(s.systemd)),
    (r"/etc/kesat\b", lambda s: str(s.etc)),
    (r"/srv/kesat\b", lambda s: str(s.srv)),
    # The socket and peer authentication become the server on loopback (trust) with a
    # throw-away role and database, dropped at the end.
    (r"postgresql://kesat@/kesat\b", lambda s: s.database_url()),
    (r"\bcreateuser kesat$", lambda s: f"createuser {s.role}"),
    (r"\bcreatedb -O kesat kesat$", lambda s: f"createdb -O {s.role} {s.database}"),
    # Redis: the suite's database and a key prefix of its own, deleted at the end.
    (r"^REDIS_URL=redis://127\.0\.0\.1:6379/0$",
     lambda s: f"REDIS_URL=redis://127.0.0.1:6379/{REDIS_DB}\nRATELIMIT_KEY_PREFIX={s.redis_prefix}"),
    # Owners: everything belongs to whoever runs the rehearsal (no kesat or www-data user).
    (r" -[og] (?:kesat|www-data)\b", lambda s: ""),
]


def swap(sandbox: Sandbox, command: str) -> str:
    for pattern, value in SWAPS:
        command = re.sub(pattern, lambda _: value(sandbox), command, flags=re.MULTILINE)
    return command


# --- how each command is rehearsed -----------------------------------------------------------

def run(sandbox: Sandbox, command: str, **extra: str) -> str:
    """The command itself, values swapped, by bash in the current folder. Its standard input
    answers the password prompt of `flask users create`."""
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", swap(sandbox, command)],
                          cwd=sandbox.cwd, env=sandbox.env(**extra), input=sandbox.password + "\n",
                          capture_output=True, text=True)
    if done.returncode:
        raise RehearsalError(f"exit {done.returncode}: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def packages_installed(sandbox: Sandbox, command: str, match: re.Match) -> None:
    missing = [name for name in match["packages"].split()
               if subprocess.run(["dpkg", "-s", name], capture_output=True).returncode]
    if missing:
        raise RehearsalError(f"not installed: {' '.join(missing)} (apt-get install -y …)")


def make_home(sandbox: Sandbox, command: str, match: re.Match) -> None:
    sandbox.srv.mkdir()


def copy_checkout(sandbox: Sandbox, command: str, match: re.Match) -> None:
    """This working tree's files as git knows them (tracked, or new and not ignored)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            target = sandbox.srv / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def change_folder(sandbox: Sandbox, command: str, match: re.Match) -> None:
    sandbox.cwd = Path(swap(sandbox, match["path"]))


def make_venv(sandbox: Sandbox, command: str, match: re.Match) -> None:
    if sandbox.reuse_venv:
        (sandbox.cwd / ".venv").symlink_to(sys.prefix)
    else:
        run(sandbox, command)


def pip_install(sandbox: Sandbox, command: str, match: re.Match) -> None:
    if sandbox.reuse_venv:
        print("  (reusing the running .venv)")
    else:
        shell(sandbox, command, match)


def nothing(sandbox: Sandbox, command: str, match: re.Match) -> None:
    """systemctl daemon-reload, chgrp: no systemd here, and one user owns everything."""


def _unit(sandbox: Sandbox, name: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The installed (copied) unit file's settings, swapped, and the environment it gives."""
    settings: dict[str, list[str]] = {}
    for line in (sandbox.systemd / name).read_text().splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            settings.setdefault(key.strip(), []).append(swap(sandbox, value.strip()))
    env = sandbox.env()
    for path in settings.get("EnvironmentFile", []):
        for line in Path(path).read_text().splitlines():
            if "=" in line and not line.startswith("#"):
                key, value = line.split("=", 1)
                env[key] = value
    return settings, env


def _writable_paths_exist(settings: dict[str, list[str]]) -> None:
    """systemd refuses to start a unit whose ReadWritePaths are missing (ProtectSystem=strict
    leaves everything else read-only): the steps before must have made them."""
    for paths in settings.get("ReadWritePaths", []):
        for path in paths.split():
            if not Path(path.lstrip("-")).exists():
                raise RehearsalError(f"ReadWritePaths={path} does not exist: systemd would refuse")


def start_service(sandbox: Sandbox, command: str, match: re.Match) -> None:
    """`systemctl enable --now kesat`: the unit's ExecStartPre, then its ExecStart in the
    foreground, as the current user, with gunicorn on a free port (two workers)."""
    settings, env = _unit(sandbox, match["unit"] + ".service")
    _writable_paths_exist(settings)
    cwd = settings["WorkingDirectory"][0]
    for pre in settings.get("ExecStartPre", []):
        done = subprocess.run(shlex.split(pre), cwd=cwd, env=env, capture_output=True, text=True)
        if done.returncode:
            raise RehearsalError(f"ExecStartPre {pre}: {done.stderr.strip()}")
    env.update(GUNICORN_BIND=f"127.0.0.1:{sandbox.app_port}", GUNICORN_WORKERS="2")
    with open(sandbox.logs / "gunicorn.log", "w") as log:
        sandbox.processes.append(subprocess.Popen(
            shlex.split(settings["ExecStart"][0]), cwd=cwd, env=env, stdout=log, stderr=log,
            start_new_session=True))
    _wait_for_port(sandbox, sandbox.app_port, "gunicorn.log")


def start_timer(sandbox: Sandbox, command: str, match: re.Match) -> None:
    """`systemctl enable --now ksx-backup.timer`: its service runs once, now."""
    timer, _ = _unit(sandbox, match["unit"] + ".timer")
    settings, env = _unit(sandbox, timer["Unit"][0])
    _writable_paths_exist(settings)
    for line in settings["ExecStart"]:
        done = subprocess.run(shlex.split(line), cwd=settings["WorkingDirectory"][0], env=env,
                              capture_output=True, text=True)
        if done.returncode:
            raise RehearsalError(f"{timer['Unit'][0]}: {done.stderr.strip() or done.stdout.strip()}")
        print("  " + done.stdout.strip().replace("\n", "\n  "))


def _nginx_conf(sandbox: Sandbox) -> Path:
    """The main configuration around the site file installed in sites-enabled, by
    tools/nginx_conf (ports 80 and 443 → free ones, upstream 127.0.0.1:8000 → gunicorn's)."""
    sites = sorted((sandbox.nginx / "sites-enabled").iterdir())
    if len(sites) != 1:
        raise RehearsalError(f"sites-enabled holds {[p.name for p in sites]}, not one site")
    return nginx_conf.write(sandbox.nginx, http_port=sandbox.http_port,
                            https_port=sandbox.https_port,
                            upstream=f"127.0.0.1:{sandbox.app_port}", cert=sandbox.cert,
                            key=sandbox.key, static=sandbox.srv / "static",
                            site=sites[0].resolve())


def nginx_test(sandbox: Sandbox, command: str, match: re.Match) -> None:
    conf = _nginx_conf(sandbox)
    done = subprocess.run(nginx_conf.command(sandbox.nginx, conf, "-t"), capture_output=True,
                          text=True)
    if done.returncode:
        raise RehearsalError(done.stderr.strip())


def nginx_start(sandbox: Sandbox, command: str, match: re.Match) -> None:
    conf = _nginx_conf(sandbox)
    with open(sandbox.logs / "nginx.log", "w") as log:
        sandbox.processes.append(subprocess.Popen(
            nginx_conf.command(sandbox.nginx, conf), stdout=log, stderr=log,
            start_new_session=True))
    _wait_for_port(sandbox, sandbox.https_port, "nginx.log")


def curl(sandbox: Sandbox, command: str, match: re.Match) -> None:
    """Through the rehearsal's nginx: the README's host resolved to 127.0.0.1 and its port."""
    port = sandbox.https_port
    command = command.replace(f"https://{HOST}/", f"https://{HOST}:{port}/").replace(
        "curl ", f"curl --resolve {HOST}:{port}:127.0.0.1 --cacert {sandbox.cert} ", 1)
    print("  " + run(sandbox, command).strip())


def shell(sandbox: Sandbox, command: str, match: re.Match) -> None:
    output = run(sandbox, command).strip().splitlines()
    for line in output[:3] + (["  …"] if len(output) > 3 else []):
        print("  " + line)


RUNUSER = re.compile(r"^runuser -u (?:kesat|postgres) -- ")

# Every command the README may hold, after its `runuser -u kesat|postgres --` (the rehearsal
# runs everything as the current user): the pattern it must match whole, and how it is
# rehearsed.
RULES: list[tuple[str, Callable[[Sandbox, str, re.Match], None]]] = [
    (r"apt-get install -y (?P<packages>[\w.+ -]+)", packages_installed),
    (r"adduser --system --group --home /srv/kesat kesat", make_home),
    (r"git clone \S+ /srv/kesat", copy_checkout),
    (r"cd (?P<path>/srv/kesat)", change_folder),
    (r"python3 -m venv \.venv", make_venv),
    (r"\.venv/bin/pip install -r requirements\.txt", pip_install),
    (r"\.venv/bin/pybabel compile -d app/translations", shell),
    (r"createuser kesat|createdb -O kesat kesat", shell),
    (r"install -d (?:-[ogm] \S+ )+/(?:etc/kesat|var/cache/nginx/kesat)", shell),
    (r"tee /etc/kesat/env > /dev/null <<EOF\n.*\nEOF", shell),
    (r"chmod 640 /etc/kesat/env", shell),
    (r"chgrp kesat /etc/kesat/env", nothing),
    (r"env \$\(grep -v '\^#' /etc/kesat/env \| xargs\) \.venv/bin/flask --app app "
     r"(?:db upgrade|content sync|users create \S+ --role admin)", shell),
    (r"cp (?:deploy/[\w.-]+ )+/etc/systemd/system/", shell),
    (r"systemctl daemon-reload", nothing),
    (r"systemctl enable --now (?P<unit>kesat)", start_service),
    (r"systemctl enable --now (?P<unit>ksx-backup)\.timer", start_timer),
    (r"cp deploy/nginx\.conf /etc/nginx/sites-available/kesat", shell),
    (r"ln -sf /etc/nginx/sites-available/kesat /etc/nginx/sites-enabled/kesat", shell),
    (r"rm -f /etc/nginx/sites-enabled/default", shell),
    (r"nginx -t", nginx_test),
    (r"systemctl reload nginx", nginx_start),
    (r"curl -fsS https://kesat\.example/healthz", curl),
]


def plan(readme: str) -> list[tuple[str, Callable, re.Match]]:
    """Each README command with its rule; every unknown one is named, then it fails."""
    steps, unknown = [], []
    for command in commands(readme):
        bare = RUNUSER.sub("", command)
        for pattern, handler in RULES:
            match = re.fullmatch(pattern, bare, flags=re.DOTALL)
            if match:
                steps.append((command, handler, match))
                break
        else:
            unknown.append(command)
    if unknown:
        raise RehearsalError("unknown command(s) in the README's production steps (add a row to "
                             "RULES in tools/production_rehearsal.py):\n  " + "\n  ".join(unknown))
    if not steps:
        raise RehearsalError("no ```sh prod``` block in the README")
    return steps


# --- checks through nginx --------------------------------------------------------------------

class _Connection(http.client.HTTPSConnection):
    """TLS (SNI, certificate check) and HTTP as HOST, on 127.0.0.1."""

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def request(sandbox: Sandbox, path: str, *, method: str = "GET", body: str | None = None,
            cookie: str = "") -> tuple[http.client.HTTPResponse, bytes]:
    context = ssl.create_default_context(cafile=str(sandbox.cert))
    conn = _Connection(HOST, sandbox.https_port, context=context, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers.update({"Content-Type": "application/x-www-form-urlencoded",
                        "Origin": f"https://{HOST}", "Referer": f"https://{HOST}/dang-nhap"})
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    content = response.read()
    conn.close()
    return response, content


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise RehearsalError(what)
    print(f"  ok: {what}")


def _sign_in(sandbox: Sandbox, password: str) -> http.client.HTTPResponse:
    form, page = request(sandbox, "/dang-nhap")
    cookie = re.search(r"(__Host-session=[^;]+)", form.getheader("Set-Cookie") or "")
    token = re.search(rb'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    if not (cookie and token):
        raise RehearsalError("the sign-in page has no session cookie or CSRF token")
    body = urlencode({"csrf_token": token.group(1).decode(), "email": sandbox.admin,
                      "password": password})
    return request(sandbox, "/dang-nhap", method="POST", body=body, cookie=cookie.group(1))[0]


def check(sandbox: Sandbox) -> None:
    from app.web.security import HEADERS, HSTS

    health, body = request(sandbox, "/healthz")
    report = json.loads(body)
    _expect(health.status == 200 and report.get("status") == "ok"
            and report.get("database") == "ok" and report.get("redis") == "ok"
            and report.get("migrations") == "head",
            "/healthz through nginx answers status ok: database ok, Redis ok, migrations at head")
    home, _ = request(sandbox, "/")
    _expect(home.status == 200 and home.getheader("Server") == "nginx",
            "the home page is 200 from nginx")
    _expect(all(home.getheader(name) == value for name, value in HEADERS.items())
            and home.getheader("Strict-Transport-Security") == HSTS,
            "the home page has every security header")
    refused = _sign_in(sandbox, "not the password")
    _expect(refused.status != 303, "a wrong password does not sign in")
    signed_in = _sign_in(sandbox, sandbox.password)
    _expect(signed_in.status == 303, "the first admin signs in with the password given in step 6")
    session = re.search(r"(__Host-session=[^;]+)", signed_in.getheader("Set-Cookie")).group(1)
    admin, _ = request(sandbox, "/quan-tri/", cookie=session)
    _expect(admin.status == 200, "the admin's pages open")

    engine = create_engine(sandbox.database_url().replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SELECT version()")).scalar()
            admins = conn.execute(text("SELECT count(*) FROM users WHERE email = :e AND role = 'admin'"),
                                  {"e": sandbox.admin}).scalar()
    finally:
        engine.dispose()
    _expect(version.startswith("PostgreSQL") and admins == 1,
            "the portal's database is PostgreSQL and holds the admin")
    _expect(bool(_redis_keys(sandbox)), f"Redis holds rate-limit keys under {sandbox.redis_prefix}")
    backups = list((sandbox.srv / "instance" / "backups").glob("ksx-backup-*.tar.gz"))
    _expect(len(backups) == 1, "the backup service wrote an archive")


def _redis_keys(sandbox: Sandbox) -> list[bytes]:
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    try:
        return list(client.scan_iter(match=f"*{sandbox.redis_prefix}*"))
    finally:
        client.close()


def _wait_for_port(sandbox: Sandbox, port: int, log: str) -> None:
    try:
        serve.wait_for_port(port, sandbox.processes[-1], log, sandbox.logs / log)
    except RuntimeError as error:
        raise RehearsalError(str(error)) from None


# --- clean-up --------------------------------------------------------------------------------

def clean_up(sandbox: Sandbox) -> None:
    for process in reversed(sandbox.processes):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    engine = create_engine(sandbox.server.set(drivername="postgresql+psycopg"),
                           isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{sandbox.database}" WITH (FORCE)'))
            conn.execute(text(f'DROP ROLE IF EXISTS "{sandbox.role}"'))
    finally:
        engine.dispose()
    keys = _redis_keys(sandbox)
    if keys:
        import redis

        client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
        client.delete(*keys)
        client.close()
    shutil.rmtree(sandbox.root, ignore_errors=True)


def rehearse(readme: str, *, server: str, reuse_venv: bool) -> None:
    steps = plan(readme)
    sandbox = Sandbox(Path(tempfile.mkdtemp(prefix="ksx-rehearsal-")), make_url(server),
                      reuse_venv)
    try:
        for command, handler, match in steps:
            print(f"$ {command}", flush=True)
            bare = RUNUSER.sub("", command)  # the current user, whoever the README names
            if " users create " in bare:
                sandbox.admin = bare.split(" users create ")[1].split()[0]
            try:
                handler(sandbox, bare, match)
            except RehearsalError as error:
                raise RehearsalError(f"{command}\n  {error}") from None
        print("# checks through nginx", flush=True)
        check(sandbox)
    except Exception:
        for log in sorted(sandbox.logs.glob("*.log")):
            print(f"--- {log.name}\n{log.read_text()[-3000:]}", file=sys.stderr)
        raise
    finally:
        clean_up(sandbox)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", type=Path, default=README)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="the PostgreSQL server, as a superuser, trusting loopback "
                             "connections (the throw-away role has no password; default: "
                             "%(default)s)")
    parser.add_argument("--reuse-venv", action="store_true",
                        default=os.environ.get("KSX_REHEARSAL_REUSE_VENV") == "1",
                        help="link the running .venv instead of step 3's venv and pip install")
    parser.add_argument("--list", action="store_true", help="only print the commands and rules")
    args = parser.parse_args(argv)
    try:
        if args.list:
            for command, handler, _ in plan(args.readme.read_text()):
                print(f"{handler.__name__:20} {command}")
            return 0
        rehearse(args.readme.read_text(), server=args.postgres, reuse_venv=args.reuse_venv)
    except RehearsalError as error:
        print(f"production rehearsal failed: {error}", file=sys.stderr)
        return 1
    print("production rehearsal: every step of the README ran and the portal answers through nginx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
