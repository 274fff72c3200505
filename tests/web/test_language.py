"""Vietnamese by default (SPEC §4): an English-language browser still gets Vietnamese menus;
only the language switcher (a cookie) gives English."""
import re

import pytest

ENGLISH_BROWSER = {"Accept-Language": "en-US,en;q=0.9"}
VIETNAMESE_MENU = ("Trang chủ", "Tin tức", "Cảnh báo", "Hướng dẫn", "Tìm kiếm")
ENGLISH_MENU = ("Home", "News", "Warnings", "Guides", "Search")


def _menu(html: str) -> str:
    match = re.search(r'<nav class="main-nav".*?</nav>', html, re.DOTALL)
    assert match, "no main navigation"
    return match.group(0)


def _page(client, path="/"):
    response = client.get(path, headers=ENGLISH_BROWSER)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/tin-tuc/", "/canh-bao/", "/dang-nhap"])
def test_an_english_browser_gets_vietnamese(client, path):
    html = _page(client, path)
    assert '<html lang="vi">' in html
    menu = _menu(html)
    for label in VIETNAMESE_MENU:
        assert label in menu
    for label in ENGLISH_MENU:
        assert f">{label}<" not in menu


def test_the_switcher_gives_english_and_back(client):
    response = client.get("/ngon-ngu/en?next=/tin-tuc/", headers=ENGLISH_BROWSER)
    assert response.status_code == 303 and response.headers["Location"] == "/tin-tuc/"
    html = _page(client, "/tin-tuc/")
    assert '<html lang="en">' in html
    assert all(label in _menu(html) for label in ENGLISH_MENU)

    client.get("/ngon-ngu/vi?next=/", headers=ENGLISH_BROWSER)
    html = _page(client)
    assert '<html lang="vi">' in html
    assert all(label in _menu(html) for label in VIETNAMESE_MENU)


def test_error_pages_and_forms_follow_the_same_rule(client):
    response = client.get("/khong-co-trang-nay", headers=ENGLISH_BROWSER)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)
    client.get("/ngon-ngu/en")
    response = client.get("/khong-co-trang-nay", headers={"Accept-Language": "vi"})
    assert "Page not found" in response.get_data(as_text=True)


def test_the_choice_is_kept_for_a_year_and_not_readable_by_scripts(client):
    response = client.get("/ngon-ngu/en")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=en;")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=31536000" in cookie
