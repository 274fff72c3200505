"""CSRF in depth (issue 7, line 8): a state change sent from another site is refused with 403
even when it carries a valid token; same-origin requests and requests without Origin or
Referer keep working."""
import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.settings.models import SiteSetting

SETTINGS = "/quan-tri/cai-dat"
REFUSED = "Yêu cầu gửi từ trang web khác"


def _settings_form(client, commune="Kẻ Sặt Mới"):
    return {"csrf_token": client.csrf_token(SETTINGS), "commune_name": commune,
            "city_name": "Hải Phòng", "emergency_number": "112"}


def _commune(db):
    db.session.expire_all()
    return db.session.scalar(select(SiteSetting.value).where(SiteSetting.key == "commune_name"))


def _audited(db):
    return db.session.scalar(select(AuditEntry).where(AuditEntry.action.like("settings%")))


@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example"},
    {"Origin": "http://evil.example"},
    {"Origin": "http://localhost:8080"},       # another port is another origin
    {"Origin": "https://localhost"},           # and so is another scheme
    {"Origin": "http://localhost.evil.example"},
    {"Origin": "null"},                        # sandboxed frame, data: URL
    {"Referer": "https://evil.example/trang"},
    {"Referer": "http://evil.example/quan-tri/cai-dat"},
    {"Referer": "not a url"},
    {"Origin": "https://evil.example", "Referer": "http://localhost/quan-tri/cai-dat"},
])
def test_a_cross_site_post_with_a_valid_token_is_refused(client, db, login_as, headers):
    login_as("admin")
    response = client.post(SETTINGS, data=_settings_form(client), headers=headers)
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert REFUSED in html and "<html" in html
    assert _commune(db) != "Kẻ Sặt Mới" and _audited(db) is None


def test_a_cross_site_htmx_post_gets_a_fragment(client, db, login_as):
    login_as("admin")
    data = _settings_form(client)
    response = client.post(SETTINGS, data=data, headers={
        "Origin": "https://evil.example", "HX-Request": "true", "HX-Request-Type": "partial",
        "X-CSRFToken": data["csrf_token"]})
    assert response.status_code == 403 and response.headers["HX-Retarget"] == "#flash"
    html = response.get_data(as_text=True)
    assert REFUSED in html and "<html" not in html
    assert _commune(db) != "Kẻ Sặt Mới"


def test_a_cross_site_sign_in_is_refused(client, db):
    from .. import factories

    user = factories.make_user(role="admin")
    db.session.commit()
    response = client.post("/dang-nhap", headers={"Origin": "https://evil.example"}, data={
        "email": user.email, "password": factories.PASSWORD,
        "csrf_token": client.csrf_token("/dang-nhap")})
    assert response.status_code == 403
    assert client.get("/quan-tri/").status_code == 302  # not signed in


@pytest.mark.parametrize("headers", [
    {"Origin": "http://localhost"},
    {"Origin": "HTTP://LOCALHOST:80"},
    {"Referer": "http://localhost/quan-tri/cai-dat"},
    {"Origin": "http://localhost", "Referer": "http://localhost/quan-tri/cai-dat"},
    {},                                        # privacy tools may strip both
])
def test_same_origin_and_headerless_posts_work(client, db, login_as, headers):
    login_as("admin")
    response = client.post(SETTINGS, data=_settings_form(client), headers=headers)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    assert _commune(db) == "Kẻ Sặt Mới"


def test_a_same_origin_htmx_post_works(client, db, login_as):
    login_as("admin")
    data = _settings_form(client)
    token = data.pop("csrf_token")
    response = client.post(SETTINGS, data=data, headers={
        "Origin": "http://localhost", "HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 303
    assert _commune(db) == "Kẻ Sặt Mới"


def test_a_get_from_another_site_is_not_refused(client, db):
    response = client.get("/tin-tuc/", headers={"Origin": "https://evil.example",
                                                "Referer": "https://evil.example/"})
    assert response.status_code == 200


def test_the_site_url_origin_is_accepted(app, client, db, login_as, monkeypatch):
    """Behind a proxy that does not pass the scheme, the public origin still counts as ours."""
    monkeypatch.setitem(app.config, "SITE_URL", "https://kesat.example")
    login_as("admin")
    response = client.post(SETTINGS, data=_settings_form(client),
                           headers={"Origin": "https://kesat.example"})
    assert response.status_code == 303
    refused = client.post(SETTINGS, data=_settings_form(client, "Khác"),
                          headers={"Origin": "https://kesat.example.evil.example"})
    assert refused.status_code == 403


def test_behind_the_proxy_the_forwarded_origin_is_ours(proxied_client):
    """With PROXY_FIX_HOPS the comparison uses the forwarded scheme and host."""
    client = proxied_client
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "localhost"}
    # Same origin: passes this check and reaches CSRFProtect (no token here → 400).
    same = client.post("/dang-nhap", headers={**forwarded, "Origin": "https://localhost"})
    assert same.status_code == 400
    # The plain-HTTP origin is another origin once the proxy says the request was HTTPS.
    other = client.post("/dang-nhap", headers={**forwarded, "Origin": "http://localhost"})
    assert other.status_code == 403
