"""`make run` on a fresh machine: the commands it runs (read with `make -n`, nothing is built)
set up an empty instance folder and start gunicorn with the development settings, which serves
the demo, signs people in across its workers and does not name itself in the Server header.
`make dev` keeps Flask's reloader."""
from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import tempfile
from urllib.parse import urlencode

import pytest

from tools import serve

LOCAL_PREFIX = "APP_ENV=development "


def _recipe(target: str) -> list[str]:
    """The commands `make TARGET` would run with the development settings, in order."""
    if not shutil.which("make"):
        pytest.fail("make is missing")
    # Not the flags of a `make test` that may be running this test.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    dry = subprocess.run(["make", "-n", target], cwd=serve.ROOT, env=env, capture_output=True,
                         text=True, check=True).stdout
    return [line for line in dry.splitlines() if line.startswith(LOCAL_PREFIX)]


def test_make_dev_keeps_the_reloader():
    *setup, serve_line = _recipe("dev")
    assert "flask run --debug --host 127.0.0.1 --port 5000" in serve_line
    assert setup == _recipe("run")[:-1]


def _request(port: int, path: str, method: str = "GET", body: str | None = None,
             **headers: str) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=body, headers={k.replace("_", "-"): v for k, v in headers.items()})
    response = conn.getresponse()
    response.text = response.read().decode()
    conn.close()
    return response


def test_make_run_serves_the_demo_with_gunicorn():
    *setup, serve_line = _recipe("run")
    assert [line.split()[2:4] for line in setup] == [["db", "upgrade"], ["content", "sync"],
                                                     ["demo", "load"]]
    assert "--if-empty" in setup[-1]
    assert "gunicorn -c deploy/gunicorn.conf.py wsgi:app" in serve_line
    assert "GUNICORN_BIND=127.0.0.1:5000" in serve_line

    instance = tempfile.mkdtemp(prefix="ksx-run-")
    port = serve.free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "TEST_DATABASE_URL", "SECRET_KEY", "SITE_URL", "APP_ENV")}
    env.update(INSTANCE_PATH=instance, GUNICORN_WORKERS="2", GUNICORN_ACCESS_LOG="/dev/null",
               ARGON2_TIME_COST="1", ARGON2_MEMORY_COST="8192", ARGON2_PARALLELISM="1")
    server = None
    try:
        output = ""
        for line in setup:
            output += subprocess.run(line, shell=True, cwd=serve.ROOT, env=env, check=True,
                                     capture_output=True, text=True).stdout
        editor = re.search(r"editor\s+(\S+)\s+password: (.+)", output)
        assert editor, output
        server = subprocess.Popen(serve_line.replace("127.0.0.1:5000", f"127.0.0.1:{port}"),
                                  shell=True, cwd=serve.ROOT, env=env, start_new_session=True)
        serve.wait_until_up(f"http://127.0.0.1:{port}")

        home = _request(port, "/")
        assert home.status == 200
        assert home.getheader("Server") == "kesat"  # not "gunicorn"
        assert "KS-DEMO" in _request(port, "/canh-bao/").text  # the demo's warnings

        # The development key lives in instance/secret_key, made by the set-up before gunicorn
        # starts, so every worker signs and reads the same session cookie.
        assert os.path.exists(os.path.join(instance, "secret_key"))
        form = _request(port, "/dang-nhap")
        cookie = re.search(r"(session=[^;]+)", form.getheader("Set-Cookie")).group(1)
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', form.text).group(1)
        body = urlencode({"csrf_token": token, "email": editor.group(1),
                          "password": editor.group(2).strip()})
        signed_in = _request(port, "/dang-nhap", "POST", body, Cookie=cookie,
                             Content_Type="application/x-www-form-urlencoded",
                             Origin=f"http://127.0.0.1:{port}")
        assert signed_in.status == 303, signed_in.text[:500]
        session = re.search(r"(session=[^;]+)", signed_in.getheader("Set-Cookie")).group(1)
        for _ in range(4):  # whichever worker answers knows the session
            assert _request(port, "/quan-tri/", Cookie=session).status == 200
    finally:
        if server is not None:
            os.killpg(server.pid, 15)  # the shell and gunicorn it started
            server.wait(timeout=30)
        shutil.rmtree(instance, ignore_errors=True)
