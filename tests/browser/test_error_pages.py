"""The server-error page as a resident sees it: the incident code to read out on the phone."""
from playwright.sync_api import expect

from app.extensions import db
from app.web import logs
from app.web.roles import public

from ..conftest import make_app


def test_server_error_page_shows_the_incident_code(page, live_app_data):
    url, _accounts = live_app_data
    app = make_app(url, PROPAGATE_EXCEPTIONS=False)

    @app.route("/_test/loi")
    @public
    def broken():
        raise RuntimeError("a bug")

    try:
        answer = app.test_client().get("/_test/loi")
    finally:
        with app.app_context():
            db.engine.dispose()
    assert answer.status_code == 500
    code = logs.incident_code(answer.headers["X-Request-ID"])
    # The browser gets exactly that answer, headers (CSP) included; CSS comes from the server.
    page.route("**/_test/loi", lambda route: route.fulfill(
        status=500, headers=dict(answer.headers), body=answer.get_data()))
    page.goto("/_test/loi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã xảy ra lỗi")
    expect(page.locator(".incident-code")).to_have_text(code)
    expect(page.locator(".error-page")).to_contain_text("Hãy đọc mã này khi gọi cho")
    page.checks.page_ok("error-500")
