"""Inputs that cannot break us (issue 7): control characters and text that is not UTF-8 are
refused with a translated 400 before any view runs; what passes is stored as NFC."""
import unicodedata

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.auth.models import User
from app.content.models import Post
from app.web.inputs import int_arg, xml_text

from .. import factories

PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial", "HX-Target": "main#main"}


@pytest.mark.parametrize("url", [
    "/van-ban/a%00b",                     # NUL in a path: PostgreSQL refused it with a 500
    "/tin-tuc/a%0Bb",                     # vertical tab
    "/khong-co-trang%1F",                 # even where nothing would be found
    "/tim-kiem?q=a%00b",                  # NUL in a query value
    "/tin-tuc/?chien-dich=a%00b",         # a filter that reaches the database
    "/canh-bao/?loai=%07",
    "/tim-kiem?q%00=x",                   # in a parameter name
    "/tim-kiem?q=%ED%A0%80",              # a lone surrogate, as the UTF-8-like bytes sent
    "/tim-kiem?q=%FF%FE",                 # bytes that are not UTF-8
])
def test_control_characters_and_broken_text_in_urls_get_a_translated_400(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<html" in html and "Ký tự không thể nhận" in html
    client.set_cookie("lang", "en")  # the switcher's choice
    english = client.get(url).get_data(as_text=True)
    assert "Characters we cannot accept" in english


@pytest.mark.parametrize("raw_path", ["/van-ban/\xc3", "/van-ban/\xed\xa0\x80", "/tin-tuc/\xff"])
def test_paths_that_are_not_utf8_get_a_400(client, db, raw_path):
    """A server hands the path's raw bytes to the app (PEP 3333: as Latin-1 text); the test
    client would replace them, so they are set here as a server would."""
    response = client.get("/", environ_overrides={"PATH_INFO": raw_path})
    assert response.status_code == 400
    assert "Ký tự không thể nhận" in response.get_data(as_text=True)


def test_an_htmx_request_gets_the_error_fragment(client, db):
    response = client.get("/tim-kiem?q=%00", headers=PARTIAL)
    assert response.status_code == 400
    assert response.headers["HX-Retarget"] == "#flash"
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="flash"' in html and "Ký tự không thể nhận" in html


@pytest.mark.parametrize("url", ["/tim-kiem?q=m%C6%B0a%09l%E1%BB%9Bn%0D%0A", "/tim-kiem?q=%E2%80%8B"])
def test_tab_newline_and_ordinary_unicode_pass(client, db, url):
    assert client.get(url).status_code == 200


def test_a_nul_in_the_sign_in_email_is_refused_and_nothing_is_written(client, db):
    user = factories.make_user("editor")
    db.session.commit()
    token = client.csrf_token()
    before = db.session.scalar(select(func.count()).select_from(AuditEntry))
    response = client.post("/dang-nhap", data={"email": user.email + "\x00", "password": factories.PASSWORD,
                                               "csrf_token": token})
    assert response.status_code == 400 and "Ký tự không thể nhận" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == before
    assert db.session.get(User, user.id).last_login_at is None


def test_undecodable_form_bytes_are_refused(client, db, login_as):
    login_as("editor")
    token = client.csrf_token("/quan-tri/bai-viet/moi")
    body = f"csrf_token={token}&title=B%E1%BA%A3n+%ED%A0%80&category=tin-hoat-dong&action=draft"
    response = client.post("/quan-tri/bai-viet/moi", data=body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Post)) == 0


def test_a_nul_in_a_staff_form_is_refused_and_nothing_is_written(client, db, login_as):
    login_as("editor")
    token = client.csrf_token("/quan-tri/bai-viet/moi")
    response = client.post("/quan-tri/bai-viet/moi", data={
        "csrf_token": token, "title": "Thu gom\x00pin cũ", "category": "tin-hoat-dong",
        "action": "publish", "body": "x"}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Post)) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action.like("post.%"))) == 0


def test_a_control_character_in_an_upload_name_is_refused(client, db, login_as):
    import io

    login_as("editor")
    token = client.csrf_token("/quan-tri/thu-vien/")
    response = client.post("/quan-tri/thu-vien/", data={
        "csrf_token": token, "alt": "Ảnh", "file": (io.BytesIO(factories.png_bytes()), "a\x00nh.jpg")},
        content_type="multipart/form-data")
    assert response.status_code == 400


def test_form_text_is_stored_as_nfc(client, db, login_as):
    login_as("editor")
    decomposed = unicodedata.normalize("NFD", "Thu gom rác thải nguy hại ở thôn Đông")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    token = client.csrf_token("/quan-tri/bai-viet/moi")
    response = client.post("/quan-tri/bai-viet/moi", data={
        "csrf_token": token, "title": decomposed, "category": "tin-hoat-dong", "action": "draft",
        "summary": decomposed, "body": decomposed}, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    post = db.session.scalar(select(Post))
    assert post.title == "Thu gom rác thải nguy hại ở thôn Đông"
    assert all(unicodedata.is_normalized("NFC", v) for v in (post.title, post.summary, post.body))


@pytest.mark.parametrize("url", ["/quan-tri/bai-viet/99999999999999999999",
                                 "/quan-tri/canh-bao/2147483648/xem"])
def test_ids_past_any_database_integer_are_not_found(client, db, login_as, url):
    login_as("editor")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/canh-bao/?nam=99999999999999", "/canh-bao/?trang=99999999999999999999",
                                 "/canh-bao/?nam=-99999999999999999999&trang=-3"])
def test_numbers_past_the_database_range_in_filters_do_not_break_pages(client, db, url):
    factories.make_alert()
    db.session.commit()
    assert client.get(url).status_code == 200


def test_staff_page_numbers_are_bounded(client, db, login_as):
    login_as("admin")
    for url in ("/quan-tri/bai-viet/?trang=99999999999999999999", "/quan-tri/nhat-ky?trang=99999999999999999999"):
        assert client.get(url).status_code == 200, url


def test_int_arg_bounds(app):
    with app.test_request_context("/?trang=999999999999999999999&nam=abc&x=-5"):
        assert int_arg("trang", 1) == 10_000
        assert int_arg("nam", None) is None
        assert int_arg("x", 1) == 1
        assert int_arg("missing", 7) == 7


def test_xml_text_keeps_what_xml_allows():
    assert xml_text("Mưa\x0blớn\x00 \t\n\r ✓ \ufffe\U0001f30a") == "Mưalớn \t\n\r ✓ \U0001f30a"
    assert xml_text(None) == ""


def test_soft_breaks_pasted_into_a_staff_form_become_line_breaks(client, db, login_as):
    """A vertical tab or form feed (slides and word processors) keeps the person's text."""
    login_as("editor")
    token = client.csrf_token("/quan-tri/bai-viet/moi")
    response = client.post("/quan-tri/bai-viet/moi", data={
        "csrf_token": token, "title": "Thu gom pin cũ", "category": "tin-hoat-dong",
        "action": "draft", "summary": "Dòng một\x0bdòng hai", "body": "Đoạn một\x0cĐoạn hai"},
        content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    post = db.session.scalar(select(Post))
    assert post.body == "Đoạn một\nĐoạn hai"
    assert "\x0b" not in post.summary
