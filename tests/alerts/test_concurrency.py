"""Issue 8, line 4: one result under concurrency, on SQLite and PostgreSQL alike.

A real threaded server (werkzeug's make_server) runs the app against its own migrated database;
six HTTP requests are released at once by a threading.Barrier. Exactly one wins (303), the
others get 409 with a clear, translated message; the database and the audit log hold one
result. No timing is asserted: only outcomes are counted.
"""
from __future__ import annotations

import http.client
import re
import sqlite3
import threading
from urllib.parse import urlencode

import flask_migrate
import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from app.alerts.models import Alert
from app.alerts.queries import active_alerts
from app.audit.models import AuditEntry
from app.extensions import db

from .. import dbutil, factories
from ..conftest import free_port, make_app

RACERS = 6


class Browser:
    """A signed-in person: cookies kept between requests, redirects not followed."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.lock = threading.Lock()

    def request(self, method: str, path: str, fields: dict | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        with self.lock:
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8")
        with self.lock:
            for header in response.msg.get_all("Set-Cookie") or []:
                name, _sep, value = header.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = value
        connection.close()
        return response.status, text

    def form_on(self, path: str) -> dict:
        status, page = self.request("GET", path)
        assert status == 200, (path, status)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        version = re.search(r'<section class="card send-out".*?name="version" type="hidden" value="(\d+)"',
                            page, re.DOTALL)
        return {"csrf_token": token, **({"version": version.group(1)} if version else {})}

    def sign_in(self, email: str) -> None:
        fields = self.form_on("/dang-nhap")
        status, _page = self.request("POST", "/dang-nhap", {**fields, "email": email,
                                                             "password": factories.PASSWORD})
        assert status == 303


@pytest.fixture(scope="module")
def server():
    """The app on a free port, threaded, against a database of its own (as in production:
    real commits, real locks)."""
    url = dbutil.create_database("race")
    app = make_app(url, TESTING=False, PROPAGATE_EXCEPTIONS=False)
    with app.app_context():
        flask_migrate.upgrade()
        factories.make_user(role="editor", email="editor@race.example")
        db.session.commit()
    port = free_port()
    httpd = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    browser = Browser(port)
    browser.sign_in("editor@race.example")
    yield app, browser, url
    httpd.shutdown()
    thread.join()
    with app.app_context():
        db.engine.dispose()
    dbutil.drop_database(url)


def _at_once(calls) -> list[tuple[int, str]]:
    """Run the calls in threads released together; return their (status, body) in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except Exception as error:  # reported below, not lost in the thread
            results[index] = (0, repr(error))

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _conflict_messages(app) -> list[str]:
    """The translated 409 messages a losing request may show."""
    with app.test_request_context(), force_locale("vi"):
        return [
            _("Someone else published or changed this message at the same moment; "
              "nothing was sent twice. Reload the page to see it."),
            _("This message was already sent out at %(time)s; nothing was sent again.",
              time="\0").split("\0")[0],
            _("Another update or a cancellation of this warning went out a "
              "moment ago, so this one was not sent. Open the latest message."),
            _("This warning has already been replaced; act on the latest message."),
        ]


def _check_outcomes(app, results) -> None:
    statuses = sorted(status for status, _body in results)
    assert statuses == [303] + [409] * (RACERS - 1), [(s, b[:300]) for s, b in results if s not in (303, 409)]
    messages = _conflict_messages(app)
    for status, body in results:
        if status == 409:
            assert '<html lang="vi"' in body and 'role="alert"' in body
            assert any(m in body for m in messages), body[body.find('role="alert"'):][:400]


def _audit_count(action: str, ids) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == action, AuditEntry.object_id.in_([str(i) for i in ids])))


def test_six_simultaneous_publishes_of_one_draft_send_it_once(server):
    app, browser, _url = server
    with app.app_context():
        draft = factories.make_alert("Mưa lớn trên toàn xã", published=False)
        db.session.commit()
        draft_id = draft.id
    fields = browser.form_on(f"/quan-tri/canh-bao/{draft_id}")
    results = _at_once([lambda: browser.request("POST", f"/quan-tri/canh-bao/{draft_id}/dang", fields)
                        for _ in range(RACERS)])
    _check_outcomes(app, results)
    with app.app_context():
        alert = db.session.get(Alert, draft_id)
        assert alert.sent is not None and alert.version == int(fields["version"]) + 1
        assert _audit_count("alert.publish", [draft_id]) == 1


def test_six_update_drafts_published_at_once_leave_one_live_update(server):
    app, browser, _url = server
    with app.app_context():
        live = factories.make_alert("Áp thấp nhiệt đới trên toàn xã", level=3)
        drafts = [factories.make_alert(f"Cập nhật {n}: mưa rất to", level=3, published=False,
                                       msg_type="Update", references=live) for n in range(RACERS)]
        db.session.commit()
        live_id, draft_ids = live.id, [d.id for d in drafts]
    forms = {i: browser.form_on(f"/quan-tri/canh-bao/{i}") for i in draft_ids}
    results = _at_once([
        (lambda i=i: browser.request("POST", f"/quan-tri/canh-bao/{i}/dang", forms[i])) for i in draft_ids])
    _check_outcomes(app, results)
    with app.app_context():
        published = list(db.session.scalars(select(Alert).where(Alert.references_id == live_id,
                                                                Alert.sent.is_not(None))))
        assert len(published) == 1
        assert _audit_count("alert.publish", draft_ids) == 1
        assert [a.id for a in active_alerts() if a.id in draft_ids + [live_id]] == [published[0].id]


def test_updates_and_cancels_racing_on_one_warning_leave_one_successor(server):
    app, browser, _url = server
    with app.app_context():
        live = factories.make_alert("Rét hại trên toàn xã", hazard="ret-hai", level=2)
        drafts = [factories.make_alert(f"Cập nhật {n}: rét hại", hazard="ret-hai", level=2,
                                       published=False, msg_type="Update", references=live)
                  for n in range(RACERS // 2)]
        db.session.commit()
        live_id, draft_ids = live.id, [d.id for d in drafts]
    forms = {i: browser.form_on(f"/quan-tri/canh-bao/{i}") for i in draft_ids}
    cancel_form = browser.form_on(f"/quan-tri/canh-bao/{live_id}/xem")
    calls = [(lambda i=i: browser.request("POST", f"/quan-tri/canh-bao/{i}/dang", forms[i])) for i in draft_ids]
    calls += [(lambda: browser.request("POST", f"/quan-tri/canh-bao/{live_id}/huy",
                                       {**cancel_form, "reason": "Trời đã ấm lên."}))
              for _ in range(RACERS - len(draft_ids))]
    _check_outcomes(app, _at_once(calls))
    with app.app_context():
        successors = db.session.scalar(select(func.count()).select_from(Alert).where(
            Alert.references_id == live_id, Alert.sent.is_not(None)))
        assert successors == 1
        assert _audit_count("alert.publish", draft_ids) + _audit_count("alert.cancel", [live_id]) == 1


def test_a_locked_sqlite_database_answers_409_not_500(server):
    """Another program holds SQLite's write lock past the busy timeout: the publish answers a
    translated 409 that asks to try again, nothing is half-written, and the retry goes out."""
    app, browser, url = server
    if not url.startswith("sqlite"):
        pytest.skip("SQLite's write lock")
    with app.app_context():
        draft = factories.make_alert("Sương mù dày trên đường ven sông Sặt", hazard="suong-mu", level=1,
                                     published=False)
        db.session.commit()
        draft_id = draft.id
    fields = browser.form_on(f"/quan-tri/canh-bao/{draft_id}")
    holder = sqlite3.connect(make_url(url).database, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        status, body = browser.request("POST", f"/quan-tri/canh-bao/{draft_id}/dang", fields)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert status == 409
    with app.test_request_context(), force_locale("vi"):
        assert _("Nothing was saved. Reload the page, check it, and try again.") in body
    with app.app_context():
        assert db.session.get(Alert, draft_id).sent is None
        assert _audit_count("alert.publish", [draft_id]) == 0
    status, _body = browser.request("POST", f"/quan-tri/canh-bao/{draft_id}/dang", fields)
    assert status == 303
