import pytest

from app.web.security import CSP

REQUIRED_CSP = ["default-src 'none'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]


def _assert_headers(response):
    csp = response.headers["Content-Security-Policy"]
    for directive in REQUIRED_CSP:
        assert directive in csp
    assert "unsafe" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/dang-nhap", "/healthz", "/robots.txt", "/khong-co-trang-nay",
                                  "/static/js/app.js", "/quan-tri/"])
def test_security_headers_on_every_kind_of_response(client, path):
    response = client.get(path)
    response.close()
    _assert_headers(response)


def test_headers_on_fragments_and_errors_for_htmx(client):
    response = client.get("/khong-co", headers={"HX-Request": "true", "HX-Request-Type": "partial"})
    assert response.status_code == 404
    _assert_headers(response)


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_csp_constant_has_no_unsafe_sources():
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP


def test_session_cookie_flags_in_production(app, monkeypatch):
    from app.config import load

    monkeypatch.setenv("SECRET_KEY", "a-production-secret-for-this-test-only-0123456789")
    monkeypatch.setenv("SITE_URL", "https://kesat.example")
    config = load(app.instance_path, env="production")
    assert config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_production_refuses_to_start_without_a_secret(app, monkeypatch):
    from app.config import load

    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError):
        load(app.instance_path, env="production")


def test_session_cookie_is_httponly_and_lax(client, login_as):
    login_as("editor")
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_request_body_limit_gives_translated_413(client, app):
    big = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/dang-nhap", data=big, content_type="application/octet-stream")
    assert response.status_code == 413
    assert "quá lớn" in response.get_data(as_text=True)


def test_htmx_post_without_csrf_header_is_refused(client, login_as):
    login_as("admin")
    response = client.post("/quan-tri/cai-dat", data={"commune_name": "X"},
                           headers={"HX-Request": "true", "HX-Request-Type": "partial"})
    assert response.status_code == 400
    assert response.headers["HX-Retarget"] == "#flash"


def test_htmx_post_with_csrf_header_is_accepted(client, login_as):
    login_as("admin")
    token = client.csrf_token("/quan-tri/cai-dat")
    data = {"commune_name": "Kẻ Sặt", "city_name": "Hải Phòng", "emergency_number": "112"}
    response = client.post("/quan-tri/cai-dat", data=data,
                           headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 303


def test_templates_have_nothing_inline():
    import pathlib
    import re

    pattern = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=|hx-on|js:|javascript:")
    for path in pathlib.Path("templates").rglob("*.html"):
        text = path.read_text()
        assert not pattern.search(text), f"inline script, style or handler in {path}"
