import pytest


@pytest.mark.parametrize("lang, text", [("vi", "Không tìm thấy trang"), ("en", "Page not found")])
def test_404_is_translated(client, lang, text):
    client.set_cookie("lang", lang)  # the language switcher's choice
    response = client.get("/khong-co-trang-nay")
    assert response.status_code == 404
    assert text in response.get_data(as_text=True)


def test_error_page_is_full_document(client):
    html = client.get("/khong-co").get_data(as_text=True)
    assert html.startswith("<!doctype html>") and html.count("<h1") == 1


def test_error_fragment_for_htmx(client):
    response = client.get("/khong-co", headers={"HX-Request": "true", "HX-Request-Type": "partial"})
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "<html" not in html and 'id="flash"' in html
    assert response.headers["HX-Retarget"] == "#flash"
    assert "HX-Request-Type" in response.headers["Vary"]


def test_405_lists_allowed_methods(client):
    response = client.delete("/")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_403_page(client, login_as):
    login_as("editor")
    response = client.get("/quan-tri/nguoi-dung/")
    assert response.status_code == 403
    assert "quyền" in response.get_data(as_text=True)


def test_500_is_translated_and_rolls_back(database_url):
    from .conftest import make_app

    app = make_app(database_url, PROPAGATE_EXCEPTIONS=False)

    @app.route("/__boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/__boom", headers={"Accept-Language": "vi"})
    assert response.status_code == 500
    assert "Đã xảy ra lỗi" in response.get_data(as_text=True)
    fragment = app.test_client().get("/__boom", headers={"HX-Request": "true",
                                                        "HX-Request-Type": "partial"})
    assert fragment.status_code == 500 and "<html" not in fragment.get_data(as_text=True)
    with app.app_context():
        from app.extensions import db

        db.engine.dispose()


@pytest.mark.parametrize("code", [400, 403, 404, 405, 413, 429, 500])
def test_every_error_page_is_translated_and_answers_htmx_with_a_fragment(database_url, code):
    from flask import abort

    from app.web.errors import MESSAGES

    from .conftest import make_app

    app = make_app(database_url, PROPAGATE_EXCEPTIONS=False)

    @app.route("/__abort")
    def aborting():
        abort(code)

    client = app.test_client()
    page = client.get("/__abort", headers={"Accept-Language": "vi"})
    with app.test_request_context(headers={"Accept-Language": "vi"}):
        title = str(MESSAGES[code][0])
    assert page.status_code == code
    html = page.get_data(as_text=True)
    assert html.startswith("<!doctype html>") and title in html
    assert title != str(MESSAGES[code][0])  # outside a request: the English msgid
    fragment = client.get("/__abort", headers={"HX-Request": "true", "HX-Request-Type": "partial",
                                               "Accept-Language": "vi"})
    assert fragment.status_code == code
    assert "<html" not in fragment.get_data(as_text=True) and title in fragment.get_data(as_text=True)
    with app.app_context():
        from app.extensions import db

        db.engine.dispose()
