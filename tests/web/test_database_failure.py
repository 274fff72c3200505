"""When the database fails (issue 12, line 7): the warning pages answer their last copy for
15 minutes, staff are told plainly that nothing was saved, and nothing is half-saved.

The failure is real: the test starts a throwaway PostgreSQL cluster of its own (initdb and
pg_ctl, in a temporary folder, on a free port), fills it, renders the pages once, and stops
it with `pg_ctl stop -m fast`. It runs the same whatever TEST_DATABASE_URL says.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

import flask_migrate
import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.content.models import Post
from app.extensions import db
from app.web import caching

from .. import factories
from ..conftest import IsolatedClient, free_port, make_app

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
BANNER = {"HX-Request": "true", "HX-Request-Type": "partial", "HX-Target": "alert-banner"}
MINUTES = 60


class Cluster:
    """A PostgreSQL cluster of our own. As root (this machine), its programs run as the
    `postgres` account: PostgreSQL refuses to run as root."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="ksx-pg-"))
        self.data, self.port = self.folder / "data", free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.folder, "postgres")
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, tool: str, *args: str) -> None:
        command = [str(PG_BIN / tool), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def init(self) -> None:
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                 "--locale=C.UTF-8", "--no-sync")

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off")
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"),
                 "-w", "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()


@pytest.fixture
def cluster():
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        message = f"initdb and pg_ctl not found in {PG_BIN} (set PG_BIN)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    cluster = Cluster()
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        if cluster.running():
            cluster.stop()
        shutil.rmtree(cluster.folder, ignore_errors=True)


@pytest.fixture
def site(cluster):
    """The app on that cluster with the front cache on, as in production."""
    app = make_app(cluster.url, PAGE_CACHE_SECONDS=5, STALE_IF_ERROR_SECONDS=15 * MINUTES)
    app.test_client_class = IsolatedClient
    with app.app_context():
        flask_migrate.upgrade()
    yield app
    caching.clear_page_cache()
    with app.app_context():
        db.engine.dispose()


class Clock:
    """The front cache's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _count_posts(app) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Post))
        db.session.remove()
        return count


def test_warnings_outlive_a_database_failure_and_nothing_is_half_saved(cluster, site):
    clock = Clock()
    site.extensions["ksx_front_cache"].clock = clock
    with site.app_context():
        alert = factories.make_alert(headline="Mưa lớn, nguy cơ ngập úng vùng trũng")
        never_shown = factories.make_alert(headline="Nắng nóng gay gắt", hours_from=6)
        editor = factories.make_user(role="editor")
        factories.make_post(title="Ngày Chủ nhật xanh")
        db.session.commit()
        identifier, other, email = alert.identifier, never_shown.identifier, editor.email
        db.session.remove()
    warning_pages = ["/canh-bao/", f"/canh-bao/{identifier}", f"/canh-bao/{identifier}.xml",
                     f"/canh-bao/{identifier}/loa", "/canh-bao/feed.atom"]

    reader = site.test_client()
    first = {path: reader.get(path) for path in warning_pages}
    banner = reader.get("/canh-bao/", headers=BANNER)
    assert all(r.status_code == 200 for r in first.values()) and banner.status_code == 200
    assert "stale-if-error=900" in first["/canh-bao/"].headers["Cache-Control"]
    assert "Mưa lớn, nguy cơ ngập úng" in banner.get_data(as_text=True)

    staff = site.test_client()
    token = staff.csrf_token("/dang-nhap")
    assert staff.post("/dang-nhap", data={"email": email, "password": factories.PASSWORD,
                                          "csrf_token": token}).status_code == 303
    token = staff.csrf_token("/quan-tri/bai-viet/moi")
    posts_before = _count_posts(site)
    with site.app_context():
        audit_before = db.session.scalar(select(func.count()).select_from(AuditEntry))
        db.session.remove()

    cluster.stop()
    caching.clear_page_cache()  # public_page's own few seconds in the app: not what is tested
    clock.now += 9 * MINUTES  # long past the 5 fresh seconds, within the 15 stale minutes

    for path, before in first.items():
        stale = reader.get(path)
        assert stale.status_code == 200, path
        assert stale.data == before.data and stale.headers["X-Stale"] == "1"
        assert int(stale.headers["Age"]) == 9 * MINUTES
    stale_banner = reader.get("/canh-bao/", headers=BANNER)
    assert stale_banner.status_code == 200 and stale_banner.data == banner.data
    assert "<html" not in stale_banner.get_data(as_text=True)
    # The banner poll asks with its ETag: a 304 from the last copy.
    again = reader.get("/canh-bao/", headers={**BANNER, "If-None-Match": banner.headers["ETag"]})
    assert again.status_code == 304

    # A warning never rendered before the failure: a clear 503, not a traceback.
    missing = reader.get(f"/canh-bao/{other}")
    html = missing.get_data(as_text=True)
    assert missing.status_code == 503 and missing.headers["Retry-After"]
    assert "không kết nối được với cơ sở dữ liệu" in html and "đài truyền thanh" in html
    assert "112" in html and missing.headers["Cache-Control"] == "no-store"

    # Staff: a page cannot be opened, a form sent is not saved and comes back to copy.
    opened = staff.get("/quan-tri/bai-viet/")
    assert opened.status_code == 503
    assert "không kết nối được với cơ sở dữ liệu" in opened.get_data(as_text=True)
    sent = staff.post("/quan-tri/bai-viet/moi", data={
        "csrf_token": token, "title": "Thu gom pin cũ tại nhà văn hóa thôn", "slug": "",
        "summary": "Mang pin cũ đến.", "category": "phan-loai-rac-tai-nguon", "campaign": "",
        "body": "Sáng **Chủ nhật** <b>tuần này</b>.", "publish_at": "", "version": "",
        "cover_alt": "", "action": "publish"}, content_type="multipart/form-data")
    html = sent.get_data(as_text=True)
    assert sent.status_code == 503 and sent.headers["Retry-After"]
    assert "Chưa lưu" in html and "Những gì bạn gửi chưa được lưu" in html
    assert "Thu gom pin cũ tại nhà văn hóa thôn" in html
    assert "Sáng **Chủ nhật** &lt;b&gt;tuần này&lt;/b&gt;." in html  # shown back, escaped
    assert token not in html and "Traceback" not in html
    assert sent.headers["Cache-Control"] == "no-store"
    # An htmx form keeps what was typed on the page: the message goes to the flash region.
    partial = staff.post("/quan-tri/bai-viet/moi", data={"csrf_token": token, "title": "x"},
                         headers={"HX-Request": "true", "HX-Request-Type": "partial"})
    assert partial.status_code == 503 and partial.headers["HX-Retarget"] == "#flash"
    assert "vẫn còn trong biểu mẫu" in partial.get_data(as_text=True)

    # Past the stale window the last copy is no longer given out.
    clock.now += 7 * MINUTES
    expired = reader.get("/canh-bao/")
    assert expired.status_code == 503 and "X-Stale" not in expired.headers
    assert "đài truyền thanh" in expired.get_data(as_text=True)

    cluster.start()
    assert _count_posts(site) == posts_before  # nothing half-saved
    with site.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == audit_before
        db.session.remove()
    fresh = reader.get("/canh-bao/")
    assert fresh.status_code == 200 and "X-Stale" not in fresh.headers
    assert staff.get("/quan-tri/bai-viet/").status_code == 200


def test_a_database_that_does_not_answer_fails_within_seconds():
    """A cut connection: the server's port takes the connection and never says a word.
    Without the time limit the request would wait for minutes."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        app = make_app(f"postgresql://postgres@127.0.0.1:{port}/none", DATABASE_TIMEOUT_SECONDS=1)
        answers = []
        worker = threading.Thread(target=lambda: answers.append(app.test_client().get("/canh-bao/")),
                                  daemon=True)
        worker.start()
        worker.join(timeout=20)
        assert answers, "still waiting for the database after 20 seconds"
        html = answers[0].get_data(as_text=True)
        assert answers[0].status_code == 503 and "không kết nối được với cơ sở dữ liệu" in html
        with app.app_context():
            db.engine.dispose()
