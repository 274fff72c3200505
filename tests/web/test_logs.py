"""Logs (issue 12, line 6): a JSON line per request with its request id, the incident code on
the error page and in the log, and no personal data in anything logged."""
from __future__ import annotations

import io
import json
import logging
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.extensions import db as _db
from app.web import logs
from app.web.roles import public
from app.web.text import READABLE_ALPHABET
from tests.contest.test_public import _form, _post
from tests.factories import PASSWORD, make_contest, make_user

from ..conftest import make_app

INCIDENT = re.compile(rf"[{READABLE_ALPHABET}]{{3}}-[{READABLE_ALPHABET}]{{3}}")
EMAIL = "nguoi.dan@example.com"
WRONG_PASSWORD = "Sai-mat-khau-2024!"


@pytest.fixture
def json_log(caplog):
    """Everything logged, at every level, as the production handler writes it (and in caplog)."""
    stream = io.StringIO()
    handler = logs.make_handler(stream, "json")
    root = logging.getLogger()
    root.addHandler(handler)
    caplog.set_level(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def _lines(stream) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def _everything(stream, caplog) -> str:
    # What any handler writes: the message, the formatted traceback, the request's fields.
    records = "\n".join(
        f"{r.getMessage()} {r.exc_text or ''} {[getattr(r, f, '') for f in logs.FIELDS]}"
        for r in caplog.records)
    return stream.getvalue() + "\n" + caplog.text + "\n" + records


@pytest.fixture
def fresh_app(database_url, db):
    """An app of its own (its routes can still be added), 500s rendered as in production."""
    app = make_app(database_url, PROPAGATE_EXCEPTIONS=False)
    try:
        yield app
    finally:
        with app.app_context():
            for engine in _db.engines.values():
                engine.dispose()


def test_each_request_logs_one_json_line_carrying_the_response_request_id(client, json_log):
    response = client.get("/?q=0912345678")
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    lines = [line for line in _lines(json_log) if line["logger"] == "app.request"]
    assert len(lines) == 1
    line = lines[0]
    assert line["request_id"] == request_id and line["incident"] == logs.incident_code(request_id)
    assert (line["method"], line["path"], line["status"]) == ("GET", "/", 200)
    assert line["level"] == "INFO" and isinstance(line["duration_ms"], float)
    assert line["time"].endswith("Z") and "0912345678" not in json_log.getvalue()
    assert client.get("/").headers["X-Request-ID"] != request_id


def test_a_sane_proxy_id_is_kept_and_a_malicious_one_replaced(client, json_log):
    nginx_id = "5f0c2a9e8b7d4c3a2f1e0d9c8b7a6f5e"
    assert client.get("/", headers={"X-Request-ID": nginx_id}).headers["X-Request-ID"] == nginx_id
    for bad in ("abc\nINFO forged line", "x" * 500, "ab", "<script>", "id with spaces 123"):
        response = client.get("/", environ_overrides={"HTTP_X_REQUEST_ID": bad})
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])
    text = json_log.getvalue()
    assert "forged" not in text and "x" * 64 not in text and "<script>" not in text
    assert all(line["request_id"] for line in _lines(json_log) if line["logger"] == "app.request")


def test_a_server_error_shows_the_incident_code_that_its_log_lines_carry(fresh_app, json_log,
                                                                         caplog):
    @fresh_app.route("/_test/boom")
    @public
    def boom():
        raise RuntimeError(f"boom while saving {EMAIL} 0912 345 678 password={WRONG_PASSWORD}")

    response = fresh_app.test_client().get("/_test/boom?t=signed.token.value")
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    code = logs.incident_code(request_id)
    html = response.get_data(as_text=True)
    assert INCIDENT.fullmatch(code) and code in html
    assert "Mã sự cố" in html and "hãy đọc mã này" in html.lower()
    errors = [line for line in _lines(json_log) if line["level"] == "ERROR"]
    assert len(errors) == 1
    error = errors[0]
    assert error["request_id"] == request_id and error["incident"] == code
    assert error["logger"] == "app" and error["path"] == "/_test/boom"
    assert "RuntimeError: boom while saving [email] [phone] password=***" in error["exception"]
    request_line = [line for line in _lines(json_log) if line["logger"] == "app.request"][0]
    assert (request_line["status"], request_line["incident"]) == (500, code)
    assert request_line["level"] == "WARNING"
    everything = _everything(json_log, caplog)
    for secret in (EMAIL, "0912 345 678", WRONG_PASSWORD, "signed.token.value"):
        assert secret not in everything
    grep = [line for line in json_log.getvalue().splitlines() if code in line]
    assert len(grep) >= 2  # staff find the error and the request line with the code


def test_a_partial_request_gets_the_incident_code_in_the_flash_region(fresh_app, json_log):
    @fresh_app.route("/_test/boom")
    @public
    def boom():
        raise RuntimeError("boom")

    response = fresh_app.test_client().get("/_test/boom", headers={"HX-Request": "true"})
    assert response.status_code == 500
    assert logs.incident_code(response.headers["X-Request-ID"]) in response.get_data(as_text=True)


def test_a_4xx_page_shows_its_code_small(client):
    response = client.get("/khong-co-trang-nay")
    assert response.status_code == 404
    assert logs.incident_code(response.headers["X-Request-ID"]) in response.get_data(as_text=True)


def test_a_failed_sign_in_logs_neither_the_email_nor_the_password(client, db, json_log, caplog):
    make_user(email="can.bo@example.com")
    db.session.commit()
    for email, password in ((EMAIL, WRONG_PASSWORD), ("can.bo@example.com", WRONG_PASSWORD),
                            ("can.bo@example.com", PASSWORD)):
        response = client.post("/dang-nhap?next=/quan-tri&token=abcdef123456", data={
            "email": email, "password": password, "csrf_token": client.csrf_token()})
        assert response.status_code in (303, 401)
    everything = _everything(json_log, caplog)
    for secret in (EMAIL, "can.bo@example.com", WRONG_PASSWORD, PASSWORD, "abcdef123456"):
        assert secret not in everything
    posts = [line for line in _lines(json_log)
             if line["logger"] == "app.request" and line["method"] == "POST"]
    assert [line["path"] for line in posts] == ["/dang-nhap"] * 3


def test_a_contest_entry_its_receipt_and_status_lookup_log_no_personal_data(client, db, json_log,
                                                                           caplog):
    contest = make_contest()
    db.session.commit()
    response = _post(client, contest, _form(client, contest, email=EMAIL))
    assert response.status_code == 303, response.get_data(as_text=True)[:1000]
    receipt_url = response.headers["Location"]
    token = re.search(r"[?&]t=([^&]+)", receipt_url).group(1)
    receipt = client.get(receipt_url)
    assert receipt.status_code == 200
    code = re.search(r"/cuoc-thi/tra-cuu\?ma=([A-Z0-9-]+)", receipt.get_data(as_text=True)).group(1)
    assert client.get(f"/cuoc-thi/tra-cuu?ma={code}").status_code == 200
    everything = _everything(json_log, caplog)
    for secret in (EMAIL, "0912 345 678", "0912345678", "345 678", token, code):
        assert secret not in everything
    paths = [line["path"] for line in _lines(json_log) if line["logger"] == "app.request"]
    assert f"/cuoc-thi/{contest.slug}/bien-nhan" in paths and "/cuoc-thi/tra-cuu" in paths


def test_front_cache_answers_get_their_own_request_id_and_log_line(database_url, db, json_log):
    app = make_app(database_url, PAGE_CACHE_SECONDS=30)
    try:
        client = app.test_client()
        ids = [client.get("/").headers["X-Request-ID"] for _ in range(3)]
        assert len(set(ids)) == 3
        logged = [line["request_id"] for line in _lines(json_log) if line["logger"] == "app.request"]
        assert logged == ids
    finally:
        with app.app_context():
            for engine in _db.engines.values():
                engine.dispose()


# --- redaction and codes ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Sign-in failed for nguoi.dan@example.com", "Sign-in failed for [email]"),
    ("Gọi 0912 345 678 hoặc 0225.3812.345 hoặc +84 912 345 678 hoặc 0912345678",
     "Gọi [phone] hoặc [phone] hoặc [phone] hoặc [phone]"),
    ("GET /cuoc-thi/x/bien-nhan?t=eyJhbGciOi.abc&lang=vi HTTP/1.1",
     "GET /cuoc-thi/x/bien-nhan?t=***&lang=vi HTTP/1.1"),
    ("/cuoc-thi/tra-cuu?ma=K7Q4-94FZ", "/cuoc-thi/tra-cuu?ma=***"),
    ("password=hunter2&csrf_token=ImFiYyI.Zx", "password=***&csrf_token=***"),
    ("{'password': 'hunter2', 'reset_token': \"abc\"}", "{'password': '***', 'reset_token': \"***\"}"),
    ("Authorization: Bearer abc.def.ghi", "Authorization: ***"),
    ("Cookie: __Host-session=abc; lang=vi", "Cookie: ***"),
    ("hash $argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", "hash [hash]"),
])
def test_redact_masks_personal_data_and_secrets(text, expected):
    assert logs.redact(text) == expected


@pytest.mark.parametrize("text", [
    "Đã lưu bài viết «Phân loại rác tại nguồn» lúc 14:30 ngày 30/11/2026",
    "Cảnh báo mưa lớn: thôn Hòa Ché, Kẻ Sặt, 120 mm trong 3 giờ",
    "GET /tin-tuc/2026/11/ra-quan-don-ve-sinh 200 12.5 ms",
    "Refused a POST to /quan-tri from origin 'https://kesat.example'",
    "Mã số thuế 0100109106",  # ten digits starting 01: could be read as a phone; accepted
])
def test_redact_leaves_ordinary_vietnamese_text_alone(text):
    if text.startswith("Mã số thuế"):
        assert logs.redact(text) in (text, "Mã số thuế [phone]")
    else:
        assert logs.redact(text) == text


VIETNAMESE = st.text(
    alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíị"
                                  "òỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐÂĂÊÔƠƯ ,.!?;()«»-–\n")),
    max_size=200)


@given(VIETNAMESE)
def test_redact_never_changes_text_without_digits_or_at_signs(text):
    assert logs.redact(text) == text


@given(st.from_regex(r"[a-z][a-z0-9._]{0,15}@[a-z]{2,10}\.(vn|com|gov\.vn)", fullmatch=True),
       VIETNAMESE)
def test_redact_masks_any_email(email, around):
    assert email not in logs.redact(f"{around} {email} {around}")


@given(st.sampled_from(["0", "+84 ", "+84"]), st.sampled_from(["3", "5", "7", "8", "9"]),
       st.lists(st.integers(0, 9), min_size=8, max_size=8), st.sampled_from(["", " ", ".", "-"]),
       VIETNAMESE)
def test_redact_masks_any_vietnamese_mobile_number(prefix, first, rest, sep, around):
    digits = first + "".join(map(str, rest))
    number = prefix + sep.join([digits[:3], digits[3:6], digits[6:]])
    redacted = logs.redact(f"{around} {number} {around}")
    assert digits[3:] not in redacted.replace(" ", "").replace(".", "").replace("-", "")


@given(st.text(min_size=1, max_size=80))
def test_incident_codes_are_short_readable_and_stable(request_id):
    code = logs.incident_code(request_id)
    assert INCIDENT.fullmatch(code) and code == logs.incident_code(request_id)
    assert not set(code) & set("01OIL")
