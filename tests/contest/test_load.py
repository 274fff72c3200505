"""16 entries with 2 photos each, sent at the same moment to a real threaded server: all
succeed, on SQLite and on PostgreSQL (issue 9, line 5). The timing lives in `make bench`."""
from __future__ import annotations

import http.cookiejar
import io
import re
import threading
import urllib.request
import uuid
from pathlib import Path

import flask_migrate
import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from app.contest.models import Entry, EntryFile
from app.extensions import db
from tests import dbutil, factories
from tests.conftest import free_port, make_app

ENTRANTS = 16


def multipart(fields: dict, files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                  .encode())
        out.write(str(value).encode() + b"\r\n")
    for name, filename, body in files:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                  f'filename="{filename}"\r\nContent-Type: image/png\r\n\r\n'.encode())
        out.write(body + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def send_entries(base: str, slug: str, category_id: int, count: int,
                 photo: bytes) -> list[tuple[int, str]]:
    """Open the form `count` times, then send every entry at once (a barrier). Returns each
    (status, final URL)."""
    barrier = threading.Barrier(count)
    results: list[tuple[int, str] | None] = [None] * count

    def entrant(n: int) -> None:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = opener.open(f"{base}/cuoc-thi/{slug}/du-thi", timeout=120).read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        body, content_type = multipart({
            "csrf_token": token, "entrant_name": f"Người dự thi số {n}",
            "phone": f"0912 345 {n:03d}", "hamlet": "Thôn Tuấn Kiệt",
            "entrant_kind": "individual", "category_id": category_id,
            "title": f"Sáng kiến giảm rác thải nhựa số {n}",
            "summary": "Đổi túi ni lông lấy túi vải ở chợ phiên mỗi tháng một lần.",
            "description": "Hội phụ nữ may túi vải từ vải vụn; người đi chợ mang mười túi "
                           "ni lông đến đổi lấy một túi vải dùng lâu dài.",
            "consent_judging": "y"}, [("files", f"anh-{n}-1.png", photo),
                                      ("files", f"anh-{n}-2.png", photo)])
        request = urllib.request.Request(f"{base}/cuoc-thi/{slug}/du-thi", data=body,
                                         headers={"Content-Type": content_type})
        barrier.wait(timeout=120)
        try:
            with opener.open(request, timeout=120) as response:
                results[n] = (response.status, response.url)
        except urllib.error.HTTPError as error:
            results[n] = (error.code, error.read().decode()[:500])

    threads = [threading.Thread(target=entrant, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


@pytest.fixture
def live_contest(tmp_path):
    url = dbutil.create_database("load")
    media = tmp_path / "media"
    app = make_app(url, MEDIA_ROOT=str(media), CONTEST_ENTRY_LIMIT="1000 per minute",
                   TESTING=False)
    with app.app_context():
        flask_migrate.upgrade()
        contest = factories.make_contest()
        db.session.commit()
        slug, category_id = contest.slug, contest.categories[0].id
        db.session.remove()
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}", slug, category_id, media
    finally:
        server.shutdown()
        thread.join(timeout=30)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        dbutil.drop_database(url)


def test_sixteen_entries_with_two_photos_sent_at_once_all_succeed(live_contest):
    app, base, slug, category_id, media = live_contest
    results = send_entries(base, slug, category_id, ENTRANTS,
                           factories.png_bytes(size=(480, 360)))
    failures = [r for r in results if r is None or r[0] != 200 or "/bien-nhan" not in r[1]]
    assert not failures, failures
    with app.app_context():
        assert db.session.scalar(select(func.count(Entry.id))) == ENTRANTS
        files = db.session.scalars(select(EntryFile)).all()
        assert len(files) == 2 * ENTRANTS
        for f in files:
            assert (Path(media) / f"{f.media.key}.jpg").is_file()
        db.session.remove()
    assert not any((Path(media) / ".incoming").iterdir())
