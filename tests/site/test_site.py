from sqlalchemy import select

from app.settings.models import SiteSetting

from .. import factories


def test_home_is_a_whole_page(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.startswith("<!doctype html>")
    assert '<html lang="vi">' in html
    assert html.count("<h1") == 1
    assert 'href="#main"' in html and '<main id="main"' in html
    assert "Kẻ Sặt Xanh" in html
    assert "HX-Request" in response.headers["Vary"]


def test_home_as_htmx_partial_has_no_html_element_and_varies(client):
    # The home page has no fragment of its own; a partial request still gets a
    # correct response that says it varies on the htmx headers.
    response = client.get("/", headers={"HX-Request": "true", "HX-Request-Type": "full"})
    assert response.status_code == 200
    assert "HX-Request-Type" in response.headers["Vary"]


def test_home_lists_schools_and_hotlines_from_settings(client, db):
    factories.make_school(name="Trường Tiểu học Hoa Sen", slug="hoa-sen", level="tieu-hoc")
    db.session.add(SiteSetting(key="civil_defence_phone", value="0220 3 123 456"))
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "Trường Tiểu học Hoa Sen" in html
    assert "0220 3 123 456" in html and 'href="tel:02203123456"' in html
    assert 'href="tel:112"' in html


def test_commune_name_comes_from_settings(client, db):
    db.session.add(SiteSetting(key="commune_name", value="Vĩnh Hồng"))
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "Vĩnh Hồng Xanh" in html


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["migrations"] == "head"
    assert body["redis"] == "not configured" and body["revision"]
    assert response.headers["Cache-Control"] == "public, max-age=1"  # one second for monitors


def test_healthz_503_when_database_unreachable(tmp_path):
    from ..conftest import make_app

    # A PostgreSQL URL pointing at a port where nothing listens.
    app = make_app("postgresql+psycopg://postgres@127.0.0.1:9/none?connect_timeout=2")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert "User-agent: *" in text and "Disallow: /quan-tri/" in text


def test_public_pages_set_no_cookie(client):
    for path in ("/", "/robots.txt", "/healthz"):
        assert "Set-Cookie" not in client.get(path).headers, path


def test_static_files_are_fingerprinted_and_cached_for_a_year(client):
    html = client.get("/").get_data(as_text=True)
    import re

    href = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{12})"', html).group(1)
    response = client.get(href)
    response.close()
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_settings_query_does_not_break_on_unknown_rows(client, db):
    db.session.add(SiteSetting(key="obsolete_key", value="x"))
    db.session.commit()
    assert client.get("/").status_code == 200
    assert db.session.scalar(select(SiteSetting).where(SiteSetting.key == "obsolete_key"))
