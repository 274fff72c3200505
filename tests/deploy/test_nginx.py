"""deploy/nginx.conf run by Debian's nginx in front of gunicorn (deploy/gunicorn.conf.py).

nginx runs from a temp prefix with the repository's config, rendered by tools/nginx_conf.py
(free ports, a self-signed certificate for kesat.example); gunicorn serves APP_ENV=production
behind it (PROXY_FIX_HOPS=1, __Host-session cookies) from its own temp SQLite file with the
demo data, whatever TEST_DATABASE_URL says: nginx's behaviour does not depend on the database.
Which requests reached gunicorn is read from gunicorn's access log.
"""
from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

import pytest

from app.web.security import HEADERS, HSTS
from tools import nginx_conf, serve

HOST = nginx_conf.SERVER_NAME
PASSWORD = "một câu dài để thử nginx"


class Portal:
    """The running pair, and an HTTPS client that reaches nginx as https://kesat.example."""

    def __init__(self, root: Path):
        self.root = root
        self.cookie = ""

    def request(self, path: str, *, cookie: str = "", method: str = "GET", body: str | None = None,
                host: str = HOST, **headers: str) -> http.client.HTTPResponse:
        context = ssl.create_default_context(cafile=str(self.cert))
        conn = _Connection(host, self.https_port, context=context, timeout=30)
        sent = {k.replace("_", "-"): v for k, v in headers.items()}
        if cookie:
            sent["Cookie"] = cookie
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        response.text = response.read()
        conn.close()
        return response

    def upstream_hits(self, path: str, expected: int = 0) -> int:
        """How many requests for `path` gunicorn has answered, from its access log, which it
        writes just after answering: waits (a few seconds at most) until `expected` are there."""
        log = self.root / "gunicorn-access.log"
        pattern = re.compile(rf'"(?:GET|HEAD) {re.escape(path)} HTTP/')
        for _ in range(100):
            count = len(pattern.findall(log.read_text()))
            if count >= expected:
                break
            time.sleep(0.05)
        return count


class _Connection(http.client.HTTPSConnection):
    """Connects to 127.0.0.1 but speaks TLS (SNI, certificate check) and HTTP as HOST."""

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _need_nginx() -> None:
    if not os.path.exists(nginx_conf.NGINX):
        why = f"{nginx_conf.NGINX} is missing: apt-get install -y nginx"
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)


def _start_nginx(portal: Portal, upstream: int) -> subprocess.Popen:
    """deploy/nginx.conf in portal.root/nginx, in front of 127.0.0.1:upstream."""
    prefix = portal.root / "nginx"
    prefix.mkdir()
    portal.cert, key = nginx_conf.self_signed_cert(prefix)
    portal.http_port, portal.https_port = serve.free_port(), serve.free_port()
    portal.conf = nginx_conf.write(prefix, http_port=portal.http_port,
                                   https_port=portal.https_port,
                                   upstream=f"127.0.0.1:{upstream}", cert=portal.cert, key=key)
    portal.prefix = prefix
    log = portal.root / "nginx-stderr.log"
    with open(log, "w") as err:
        process = subprocess.Popen(nginx_conf.command(prefix, portal.conf), stderr=err)
    serve.wait_for_port(portal.https_port, process, "nginx", log)
    return process


@pytest.fixture(scope="module")
def portal():
    _need_nginx()
    root = Path(tempfile.mkdtemp(prefix="ksx-nginx-"))
    portal, processes = Portal(root), []
    try:
        upstream = serve.free_port()
        env = serve.production_env(
            str(root / "instance"), f"https://{HOST}", PROXY_FIX_HOPS="1", SECURE_COOKIES="1",
            ARGON2_TIME_COST="1", ARGON2_MEMORY_COST="8192", ARGON2_PARALLELISM="1")
        serve.load_demo(env)
        subprocess.run([os.path.join(serve.BIN, "flask"), "users", "create", "nginx@kesat.example",
                        "--role", "editor", "--name", "Người thử nginx"],
                       input=PASSWORD + "\n", text=True, env=env, cwd=serve.ROOT, check=True,
                       capture_output=True)
        processes.append(serve.start_gunicorn(
            env, upstream, 1, GUNICORN_ACCESS_LOG=str(root / "gunicorn-access.log"),
            GUNICORN_LOG_LEVEL="warning"))
        portal.upstream = upstream
        serve.wait_until_up(f"http://127.0.0.1:{upstream}")
        processes.append(_start_nginx(portal, upstream))
        yield portal
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)


def _sign_in(portal: Portal) -> str:
    """The __Host-session cookie of a signed-in editor, through nginx like a browser."""
    form = portal.request("/dang-nhap")
    cookie = re.search(r"(__Host-session=[^;]+)", form.getheader("Set-Cookie")).group(1)
    token = re.search(rb'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', form.text).group(1)
    body = urlencode({"csrf_token": token.decode(), "email": "nginx@kesat.example",
                      "password": PASSWORD})
    done = portal.request("/dang-nhap", method="POST", body=body, cookie=cookie,
                          Content_Type="application/x-www-form-urlencoded",
                          Origin=f"https://{HOST}", Referer=f"https://{HOST}/dang-nhap")
    assert done.status == 303, done.text[:500]
    return re.search(r"(__Host-session=[^;]+)", done.getheader("Set-Cookie")).group(1)


def test_the_configuration_is_valid_for_this_nginx(portal):
    check = subprocess.run(nginx_conf.command(portal.prefix, portal.conf, "-t"),
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert "test is successful" in check.stderr
    site = nginx_conf.SITE.read_text()
    assert not re.search(r"^\s*http2\s+on;", site, re.MULTILINE)  # unknown to nginx 1.22
    assert re.search(r"^\s*server_tokens off;", site, re.MULTILINE)


def test_the_site_file_is_valid_inside_debians_own_nginx_conf(tmp_path):
    """As installed: included by /etc/nginx/nginx.conf, whose http block already has gzip,
    ssl_protocols and the rest (a directive repeated at the same level would be an error)."""
    _need_nginx()
    debian = Path("/etc/nginx/nginx.conf")
    if os.geteuid() != 0:
        pytest.skip("Debian's nginx.conf opens /var/log/nginx and /run: root only")
    cert, key = nginx_conf.self_signed_cert(tmp_path)
    site = tmp_path / "kesat"
    site.write_text(nginx_conf.render_site(
        nginx_conf.SITE.read_text(), prefix=tmp_path, http_port=80, https_port=443,
        upstream="127.0.0.1:8000", cert=cert, key=key))
    main = debian.read_text()
    assert "include /etc/nginx/sites-enabled/*;" in main
    conf = tmp_path / "nginx.conf"
    conf.write_text(main.replace("include /etc/nginx/sites-enabled/*;", f"include {site};"))
    check = subprocess.run([nginx_conf.NGINX, "-t", "-c", str(conf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


@pytest.mark.parametrize("path", ["/", "/dang-nhap", "/khong-co-trang-nay", "/canh-bao/",
                                  "/static/css/app.css", "/static/js/app.js?v=1"])
def test_security_headers_pass_through(portal, path):
    response = portal.request(path)
    assert response.status in (200, 404)
    for name, value in HEADERS.items():
        assert response.getheader(name) == value, name
    assert response.getheader("Strict-Transport-Security") == HSTS
    assert response.getheader("Server") == "nginx"  # server_tokens off: no version
    for name in HEADERS:
        assert len(response.headers.get_all(name)) == 1, f"{name} twice"


def test_gunicorn_does_not_name_itself(portal):
    conn = http.client.HTTPConnection("127.0.0.1", portal.upstream, timeout=30)
    conn.request("GET", "/healthz", headers={"Host": HOST})
    response = conn.getresponse()
    response.read()
    conn.close()
    assert "gunicorn" not in (response.getheader("Server") or "").lower()


def test_static_files_have_one_cache_control_and_gzip(portal):
    fingerprinted = portal.request("/static/css/app.css?v=abc", Accept_Encoding="gzip")
    assert fingerprinted.headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
    assert fingerprinted.getheader("Expires") is None
    assert fingerprinted.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(fingerprinted.text) == (nginx_conf.ROOT / "static/css/app.css").read_bytes()
    plain = portal.request("/static/css/app.css")
    assert plain.headers.get_all("Cache-Control") == ["public, max-age=3600"]
    assert plain.getheader("Content-Encoding") is None  # no Accept-Encoding, no gzip
    page = portal.request("/van-ban/", Accept_Encoding="gzip")
    assert page.getheader("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in page.getheader("Vary")


def test_anonymous_pages_are_cached(portal):
    path = "/huong-dan/"
    before = portal.upstream_hits(path)
    first, second = portal.request(path), portal.request(path)
    assert first.status == second.status == 200
    assert first.getheader("X-Cache-Status") == "MISS"
    assert second.getheader("X-Cache-Status") == "HIT"
    assert second.text == first.text
    assert portal.upstream_hits(path, before + 1) == before + 1


def test_signed_in_pages_are_never_cached(portal):
    session = _sign_in(portal)
    path = "/chien-dich/"
    before = portal.upstream_hits(path)
    for _ in range(2):
        mine = portal.request(path, cookie=session)
        assert mine.status == 200
        assert mine.getheader("X-Cache-Status") == "BYPASS"
        assert mine.getheader("Cache-Control") == "no-store"
    assert portal.upstream_hits(path, before + 2) == before + 2
    # Nothing a signed-in person saw was stored: the next anonymous reader misses, and gets
    # a page with no trace of the editor; that copy, now cached, is not served to the editor.
    anonymous = portal.request(path)
    assert anonymous.getheader("X-Cache-Status") == "MISS"
    assert "Người thử nginx".encode() not in anonymous.text
    assert portal.request(path).getheader("X-Cache-Status") == "HIT"
    again = portal.request(path, cookie=f"lang=vi; {session}")
    assert again.getheader("X-Cache-Status") == "BYPASS"
    assert portal.upstream_hits(path, before + 4) == before + 4


def test_a_response_that_sets_a_cookie_is_never_stored(portal):
    path = "/dang-nhap?next=/tin-tuc/"  # its own log lines, apart from _sign_in's
    before = portal.upstream_hits(path)
    cookies = set()
    for _ in range(2):
        response = portal.request(path)
        assert response.status == 200
        assert response.getheader("X-Cache-Status") == "MISS"
        cookies.add(response.getheader("Set-Cookie"))
    assert len(cookies) == 2 and None not in cookies
    assert portal.upstream_hits(path, before + 2) == before + 2


def test_unknown_hosts_get_no_answer(portal):
    conn = http.client.HTTPConnection("127.0.0.1", portal.http_port, timeout=30)
    conn.request("GET", "/", headers={"Host": "attacker.example"})
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        conn.getresponse()
    conn.close()
    with pytest.raises(ssl.SSLError):  # an unknown name in SNI: handshake refused
        portal.request("/", host="attacker.example")


def test_plain_http_redirects_to_https(portal):
    conn = http.client.HTTPConnection("127.0.0.1", portal.http_port, timeout=30)
    conn.request("GET", "/tin-tuc/", headers={"Host": HOST})
    response = conn.getresponse()
    conn.close()
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/tin-tuc/"
    assert response.getheader("Server") == "nginx"


class _StandIn(BaseHTTPRequestHandler):
    """An upstream that answers what the app never would: "public" with a Set-Cookie."""

    ANSWERS = {
        "/public": [("Cache-Control", "public, max-age=60")],
        "/public-with-cookie": [("Cache-Control", "public, max-age=60"),
                                ("Set-Cookie", "tracker=1; Path=/")],
        "/private": [("Cache-Control", "private, no-cache")],
        "/unmarked": [],
        # Stored already expired (X-Accel-Expires wins over proxy_cache_valid): the next
        # reader asks again, and then the upstream fails.
        "/failing": [("Cache-Control", "public, max-age=60"), ("X-Accel-Expires", "@1")],
    }
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - BaseHTTPRequestHandler's name
        self.hits.append(self.path)
        if self.path == "/failing" and self.hits.count(self.path) > 1:
            self.send_error(500)
            return
        self.send_response(200)
        for name, value in self.ANSWERS[self.path]:
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def stand_in():
    """deploy/nginx.conf in front of _StandIn, to test the cache rules by themselves."""
    _need_nginx()
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), _StandIn)
    thread = threading.Thread(target=upstream.serve_forever, daemon=True)
    thread.start()
    portal = Portal(Path(tempfile.mkdtemp(prefix="ksx-nginx-")))
    nginx = None
    try:
        nginx = _start_nginx(portal, upstream.server_address[1])
        yield portal
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=30)
        upstream.shutdown()
        upstream.server_close()
        shutil.rmtree(portal.root, ignore_errors=True)


@pytest.mark.parametrize("path, cached", [("/public", True), ("/public-with-cookie", False),
                                          ("/private", False), ("/unmarked", False)])
def test_only_public_responses_without_cookies_are_stored(stand_in, path, cached):
    statuses = [stand_in.request(path).getheader("X-Cache-Status") for _ in range(2)]
    assert statuses == (["MISS", "HIT"] if cached else ["MISS", "MISS"])
    assert _StandIn.hits.count(path) == (1 if cached else 2)


def test_a_failing_upstream_gets_the_last_copy_served(stand_in):
    first = stand_in.request("/failing")
    assert first.getheader("X-Cache-Status") == "MISS" and first.text == b"ok"
    for _ in range(2):  # the copy is stale, the upstream answers 500: readers get the copy
        again = stand_in.request("/failing")
        assert again.status == 200 and again.text == b"ok"
        assert again.getheader("X-Cache-Status") in ("STALE", "UPDATING")


def test_nginx_logs_json_with_the_request_id_the_app_answers_and_no_query(portal):
    """nginx's $request_id goes to the app, which answers with it (and derives the incident code
    from it); nginx's access log line carries it and the path without ?t= or ?ma=."""
    first = portal.request("/cuoc-thi/tra-cuu?ma=K7Q494FZ",
                           X_Request_ID="forged-by-the-client-0000")
    second = portal.request("/cuoc-thi/tra-cuu?ma=K7Q494FZ")  # maybe nginx's cached copy
    ids = [response.getheader("X-Request-ID") for response in (first, second)]
    assert all(re.fullmatch(r"[0-9a-f]{32}", rid) for rid in ids) and ids[0] != ids[1]
    log = portal.prefix / "kesat.access.log"
    for _ in range(100):
        text = log.read_text() if log.exists() else ""
        if all(rid in text for rid in ids):
            break
        time.sleep(0.05)
    lines = [json.loads(line) for line in text.splitlines()]
    mine = [line for line in lines if line["request_id"] in ids]
    assert len(mine) == 2 and {line["path"] for line in mine} == {"/cuoc-thi/tra-cuu"}
    assert "K7Q494FZ" not in text and "forged" not in text
