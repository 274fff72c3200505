"""Sessions end on the server: a copy of the cookie taken before an event stops opening
/quan-tri/ after it (sign-out, idle and absolute limits, password change or reset, role
change, deactivation, "end the other sessions", ending one session)."""
from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select, update

from app.audit.models import AuditEntry
from app.auth.devices import device_label
from app.auth.models import User, UserSession
from app.web.timeutil import utcnow

from .. import factories

STAFF_HOME = "/quan-tri/"


def _sign_in(app, user, user_agent="Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36"):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = user_agent
    token = client.csrf_token("/dang-nhap")
    response = client.post("/dang-nhap", data={"email": user.email, "password": factories.PASSWORD,
                                               "csrf_token": token})
    assert response.status_code == 303
    return client


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _replay(app, cookie: str, path: str = STAFF_HOME):
    """A fresh browser that presents a copied cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get(path)


def _sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and "/dang-nhap" in response.headers["Location"]


def _post(client, url, data=None, page="/tai-khoan/"):
    return client.post(url, data={**(data or {}), "csrf_token": client.csrf_token(page)})


def _rows(db, user) -> list[UserSession]:
    db.session.expire_all()
    return list(db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)))


@pytest.fixture
def editor(db):
    user = factories.make_user(role="editor")
    db.session.commit()
    return user


@pytest.fixture
def admin_client(app, db):
    admin = factories.make_user(role="admin")
    db.session.commit()
    return _sign_in(app, admin)


# --- what the cookie carries -------------------------------------------------------------

def test_cookie_carries_only_a_random_token_and_the_database_only_its_hash(app, db, editor):
    client = _sign_in(app, editor)
    data = app.session_interface.get_signing_serializer(app).loads(_cookie(client))
    assert set(data) <= {"_user_id", "_fresh", "_id", "csrf_token", "_flashes", "_permanent"}
    token = data["_user_id"]
    assert len(token) >= 43 and str(editor.id) != token  # 32 random bytes, not the user id
    [row] = _rows(db, editor)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in row.token_hash


def test_a_copied_cookie_works_while_the_session_lives(app, editor):
    client = _sign_in(app, editor)
    assert _replay(app, _cookie(client)).status_code == 200


def test_a_forged_or_unknown_token_is_not_signed_in(app, db, editor):
    client = _sign_in(app, editor)
    serializer = app.session_interface.get_signing_serializer(app)
    data = serializer.loads(_cookie(client))
    data["_user_id"] = "x" * 43
    assert _sent_to_sign_in(_replay(app, serializer.dumps(data)))
    data["_user_id"] = str(editor.id)  # the old style of cookie
    assert _sent_to_sign_in(_replay(app, serializer.dumps(data)))


# --- each event ends the session on the server -------------------------------------------

def test_sign_out_ends_the_session_on_the_server(app, db, editor):
    client = _sign_in(app, editor)
    copy = _cookie(client)
    assert _post(client, "/dang-xuat", page=STAFF_HOME).status_code == 303
    assert _sent_to_sign_in(_replay(app, copy))
    assert _rows(db, editor) == []


def test_idle_limit_ends_the_session(app, db, editor):
    client = _sign_in(app, editor)
    copy = _cookie(client)
    idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
    db.session.execute(update(UserSession).where(UserSession.user_id == editor.id)
                       .values(last_seen_at=utcnow() - idle - timedelta(minutes=1)))
    db.session.commit()
    response = _replay(app, copy)
    assert _sent_to_sign_in(response)
    assert _rows(db, editor) == []  # the dead row is deleted on the way
    assert _sent_to_sign_in(client.get(STAFF_HOME))


def test_an_ended_session_says_so_once(app, db, editor):
    client = _sign_in(app, editor)
    copy = _cookie(client)
    _post(client, "/dang-xuat", page=STAFF_HOME)
    thief = app.test_client()
    thief.set_cookie("session", copy)
    html = thief.get(STAFF_HOME, follow_redirects=True).get_data(as_text=True)
    assert html.count('class="flash flash-') == 1
    assert "Phiên đăng nhập đã kết thúc" in html and ">None<" not in html


def test_anonymous_visitors_are_asked_to_sign_in(client):
    html = client.get(STAFF_HOME, follow_redirects=True).get_data(as_text=True)
    assert html.count('class="flash flash-') == 1
    assert "Vui lòng đăng nhập" in html and ">None<" not in html


def test_activity_keeps_a_session_within_the_idle_limit(app, db, editor):
    client = _sign_in(app, editor)
    idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
    db.session.execute(update(UserSession).where(UserSession.user_id == editor.id)
                       .values(last_seen_at=utcnow() - idle + timedelta(minutes=1)))
    db.session.commit()
    assert client.get(STAFF_HOME).status_code == 200
    [row] = _rows(db, editor)
    assert utcnow() - row.last_seen_at < timedelta(minutes=1)  # seen again just now


def test_absolute_limit_ends_even_an_active_session(app, db, editor):
    client = _sign_in(app, editor)
    copy = _cookie(client)
    limit = timedelta(hours=app.config["SESSION_MAX_HOURS"])
    db.session.execute(update(UserSession).where(UserSession.user_id == editor.id)
                       .values(created_at=utcnow() - limit - timedelta(minutes=1),
                               last_seen_at=utcnow()))
    db.session.commit()
    assert _sent_to_sign_in(_replay(app, copy))
    assert _rows(db, editor) == []


def test_own_password_change_ends_the_other_sessions_and_keeps_this_one(app, db, editor):
    here = _sign_in(app, editor)
    there = _sign_in(app, editor, user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile")
    copy_here, copy_there = _cookie(here), _cookie(there)
    new = "mùa lúa mới trên đồng quê"
    response = _post(here, "/tai-khoan/mat-khau",
                     {"current": factories.PASSWORD, "new": new, "confirm": new},
                     page="/tai-khoan/mat-khau")
    assert response.status_code == 303
    assert here.get(STAFF_HOME).status_code == 200  # this browser goes on
    assert _sent_to_sign_in(_replay(app, copy_there))  # the other one has ended
    assert _sent_to_sign_in(_replay(app, copy_here))  # this session's old token changed too
    assert len(_rows(db, editor)) == 1
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.password_change"))
    assert entry.details["sessions_ended"] == 1


def test_admin_password_reset_ends_every_session(app, db, editor, admin_client):
    client = _sign_in(app, editor)
    copy = _cookie(client)
    page = f"/quan-tri/nguoi-dung/{editor.id}"
    assert _post(admin_client, f"{page}/mat-khau", page=page).status_code == 200
    assert _sent_to_sign_in(_replay(app, copy))
    assert _rows(db, editor) == []


def test_role_change_ends_every_session(app, db, editor, admin_client):
    client = _sign_in(app, editor)
    copy = _cookie(client)
    page = f"/quan-tri/nguoi-dung/{editor.id}"
    response = _post(admin_client, page, {"name": "", "role": "judge", "school": ""}, page=page)
    assert response.status_code == 303
    # Sent to sign in again (not a 403 for a judge still signed in with the old session).
    assert _sent_to_sign_in(_replay(app, copy))
    assert _rows(db, editor) == []


def test_saving_an_account_without_a_role_change_keeps_its_sessions(app, db, editor, admin_client):
    client = _sign_in(app, editor)
    page = f"/quan-tri/nguoi-dung/{editor.id}"
    _post(admin_client, page, {"name": "Tên Mới", "role": "editor", "school": ""}, page=page)
    assert client.get(STAFF_HOME).status_code == 200


def test_deactivation_ends_every_session(app, db, editor, admin_client):
    client = _sign_in(app, editor)
    copy = _cookie(client)
    page = f"/quan-tri/nguoi-dung/{editor.id}"
    assert _post(admin_client, f"{page}/trang-thai", page=page).status_code == 303
    assert _sent_to_sign_in(_replay(app, copy))
    assert _sent_to_sign_in(client.get(STAFF_HOME))
    assert _rows(db, editor) == []


def test_cli_set_password_ends_every_session(app, db, editor, runner):
    client = _sign_in(app, editor)
    copy = _cookie(client)
    result = runner.invoke(args=["users", "set-password", editor.email],
                           input="một mật khẩu mới thật dài\n")
    assert result.exit_code == 0, result.output
    assert _sent_to_sign_in(_replay(app, copy))


def test_end_all_other_sessions(app, db, editor):
    here = _sign_in(app, editor)
    others = [_sign_in(app, editor) for _ in range(2)]
    copies = [_cookie(c) for c in others]
    response = _post(here, "/tai-khoan/phien/ket-thuc-phien-khac")
    assert response.status_code == 303 and response.headers["Location"] == "/tai-khoan/"
    assert "Đã kết thúc 2 phiên khác" in here.get("/tai-khoan/").get_data(as_text=True)
    for copy in copies:
        assert _sent_to_sign_in(_replay(app, copy))
    assert here.get(STAFF_HOME).status_code == 200
    assert len(_rows(db, editor)) == 1
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "auth.sessions_end_others"))
    assert entry.actor_id == editor.id and entry.details["sessions_ended"] == 2
    _post(here, "/tai-khoan/phien/ket-thuc-phien-khac")
    assert "Không có phiên nào khác" in here.get("/tai-khoan/").get_data(as_text=True)


def test_end_one_session(app, db, editor):
    here = _sign_in(app, editor)
    there = _sign_in(app, editor, user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1")
    copy_there = _cookie(there)
    row = next(r for r in _rows(db, editor) if "iPhone" in r.user_agent)
    response = _post(here, f"/tai-khoan/phien/{row.id}/ket-thuc")
    assert response.status_code == 303
    assert _sent_to_sign_in(_replay(app, copy_there))
    assert here.get(STAFF_HOME).status_code == 200
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "auth.session_end"))
    assert entry.actor_id == editor.id and entry.details["session"] == row.id


def test_ending_this_very_session_signs_out(app, db, editor):
    client = _sign_in(app, editor)
    [row] = _rows(db, editor)
    response = _post(client, f"/tai-khoan/phien/{row.id}/ket-thuc")
    assert response.status_code == 303 and response.headers["Location"] == "/dang-nhap"
    assert _sent_to_sign_in(client.get(STAFF_HOME))
    assert _rows(db, editor) == []


def test_someone_elses_session_is_a_404_and_stays_alive(app, db, editor):
    victim = factories.make_user(role="admin")
    db.session.commit()
    victim_client = _sign_in(app, victim)
    [victim_row] = _rows(db, victim)
    client = _sign_in(app, editor)
    assert _post(client, f"/tai-khoan/phien/{victim_row.id}/ket-thuc").status_code == 404
    assert _post(client, "/tai-khoan/phien/999999/ket-thuc").status_code == 404
    assert victim_client.get(STAFF_HOME).status_code == 200
    assert len(_rows(db, victim)) == 1
    assert not db.session.scalar(select(AuditEntry).where(AuditEntry.action == "auth.session_end"))


def test_ending_sessions_needs_the_csrf_token(app, db, editor):
    here = _sign_in(app, editor)
    _sign_in(app, editor)
    [row, *_] = _rows(db, editor)
    assert here.post("/tai-khoan/phien/ket-thuc-phien-khac").status_code == 400
    assert here.post(f"/tai-khoan/phien/{row.id}/ket-thuc").status_code == 400
    assert len(_rows(db, editor)) == 2
    assert here.get("/tai-khoan/phien/ket-thuc-phien-khac").status_code == 405


def test_anonymous_is_sent_to_sign_in_from_the_account_page(client):
    assert _sent_to_sign_in(client.get("/tai-khoan/"))


# --- the account page --------------------------------------------------------------------

def test_account_page_lists_the_sessions_and_marks_this_device(app, db, editor):
    here = _sign_in(app, editor)
    _sign_in(app, editor, user_agent="Mozilla/5.0 (Linux; Android 14; SM-A146P) AppleWebKit/537.36 "
                                     "(KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36")
    response = here.get("/tai-khoan/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count("<li>") >= 2
    assert "Chrome trên Android" in html and "Chrome trên Linux" in html
    assert html.count("Thiết bị này") == 1
    assert "127.0.0.1" in html
    assert html.count('action="/tai-khoan/phien/') == 2  # one "end", one "end all other"
    assert "Kết thúc tất cả phiên khác" in html
    # Local time (Asia/Ho_Chi_Minh, UTC+7) through the shared filter, not UTC.
    [row, *_] = _rows(db, editor)
    assert (row.created_at + timedelta(hours=7)).strftime("%H:%M") in html


def test_account_page_in_english(app, db, editor):
    client = _sign_in(app, editor)
    client.set_cookie("lang", "en")  # the switcher's choice; Accept-Language no longer decides
    html = client.get("/tai-khoan/").get_data(as_text=True)
    assert "Where you are signed in" in html and "This device" in html


# --- what it costs ------------------------------------------------------------------------

@pytest.fixture
def statements(db):
    seen: list[str] = []
    connection = db.session.connection()

    def listen(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(connection, "before_cursor_execute", listen)
    yield seen
    event.remove(connection, "before_cursor_execute", listen)


def test_anonymous_requests_do_not_touch_the_sessions_table(client, db, statements):
    client.get("/dang-nhap")
    client.get("/")
    assert not [s for s in statements if "user_sessions" in s]


def test_a_signed_in_request_loads_session_and_user_in_one_query(app, db, editor, statements):
    client = _sign_in(app, editor)
    statements.clear()
    assert client.get("/tai-khoan/mat-khau").status_code == 200
    touching = [s for s in statements if "user_sessions" in s]
    assert len(touching) == 1  # no UPDATE: seen less than a minute ago
    assert "JOIN users" in touching[0] and "token_hash" in touching[0]
    # More than a minute later, one UPDATE notes the visit.
    db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=2)))
    db.session.commit()
    statements.clear()
    client.get("/tai-khoan/mat-khau")
    assert len([s for s in statements if s.startswith("UPDATE user_sessions")]) == 1


def test_the_warning_banner_poll_does_not_keep_a_session_alive(app, db, editor):
    client = _sign_in(app, editor)
    idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
    before = utcnow() - idle + timedelta(minutes=2)
    db.session.execute(update(UserSession).values(last_seen_at=before))
    db.session.commit()
    poll = {"HX-Request": "true", "HX-Request-Type": "partial", "HX-Target": "div#alert-banner"}
    assert client.get("/canh-bao/", headers=poll).status_code in (200, 304)
    [row] = _rows(db, editor)
    assert row.last_seen_at == before  # an open tab is not activity
    client.get("/canh-bao/")  # a page opened by the person is
    [row] = _rows(db, editor)
    assert row.last_seen_at > before


def test_sign_in_clears_the_persons_expired_sessions(app, db, editor):
    _sign_in(app, editor)
    db.session.execute(update(UserSession).where(UserSession.user_id == editor.id)
                       .values(created_at=utcnow() - timedelta(days=3),
                               last_seen_at=utcnow() - timedelta(days=3)))
    db.session.commit()
    _sign_in(app, editor)
    rows = _rows(db, editor)
    assert len(rows) == 1 and utcnow() - rows[0].created_at < timedelta(minutes=1)


def test_signing_in_again_replaces_the_session_of_that_browser(app, db, editor):
    client = _sign_in(app, editor)
    token = client.csrf_token("/tai-khoan/mat-khau")  # /dang-nhap sends a signed-in person home
    client.post("/dang-nhap", data={"email": editor.email, "password": factories.PASSWORD,
                                    "csrf_token": token})
    assert db.session.scalar(select(func.count()).select_from(UserSession)
                             .where(UserSession.user_id == editor.id)) == 1


def test_deleting_an_account_deletes_its_sessions(app, db, editor):
    _sign_in(app, editor)
    db.session.delete(db.session.get(User, editor.id))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0


# --- device names -------------------------------------------------------------------------

@pytest.mark.parametrize("agent, label", [
    ("Mozilla/5.0 (Linux; Android 13; Redmi Note 12) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0.0.0 Mobile Safari/537.36", "Chrome trên Android"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.1 Mobile/15E148 Safari/604.1", "Safari trên iPhone"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0", "Edge trên Windows"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "coc_coc_browser/117.0.224 Chrome/111.0.5563.224 Safari/537.36", "Cốc Cốc trên Windows"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:121.0) Gecko/20100101 Firefox/121.0",
     "Firefox trên macOS"),
    ("Mozilla/5.0 (Linux; Android 12; SM-A125F) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/100.0 Mobile Safari/537.36 Zalo android/12110801 ZaloTheme/light", "Zalo trên Android"),
    ("curl/8.5.0", "Thiết bị không rõ"),
    ("", "Thiết bị không rõ"),
])
def test_device_label(app, agent, label):
    with app.test_request_context():
        assert device_label(agent) == label
