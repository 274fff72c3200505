"""Trusted hosts and SITE_URL (issue 7, line 4): a foreign Host never reaches a page, a cache
or an absolute link."""
import io
import pathlib
import re

import pytest
from sqlalchemy import select

from app.content.models import Media
from app.web.caching import clear_page_cache

from .. import factories

EVIL = "evil.example"
HTMX = {"HX-Request": "true", "HX-Request-Type": "partial", "HX-Target": "main#main"}


@pytest.fixture
def page_cache(app, monkeypatch):
    """The per-worker page cache on, as in production."""
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 60)
    clear_page_cache()
    yield
    clear_page_cache()


@pytest.fixture
def content(db, runner):
    """A post, a guide and a warning with print views, CAP, feeds and sitemap entries."""
    runner.invoke(args=["content", "sync"])
    post = factories.make_post("Thu gom pin cũ", slug="thu-gom-pin")
    alert = factories.make_alert("Mưa lớn ở thôn Đông")
    db.session.commit()
    return post, alert


def _pages(post, alert):
    return ["/", "/tin-tuc/", f"/tin-tuc/{post.slug}", f"/tin-tuc/{post.slug}/in",
            "/huong-dan/khong-dot-rom-ra", "/huong-dan/khong-dot-rom-ra/in",
            f"/canh-bao/{alert.identifier}", f"/canh-bao/{alert.identifier}/in",
            f"/canh-bao/{alert.identifier}.xml", "/canh-bao/feed.atom", "/feed.atom",
            "/sitemap.xml", "/robots.txt"]


def test_a_foreign_host_gets_the_translated_400_page(client, db):
    response = client.get("/", headers={"Host": EVIL})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<html" in html and "Địa chỉ không đúng" in html
    assert "địa chỉ chính thức" in html
    assert EVIL not in html
    assert 'href="/"' in html  # the page still links home, on the site's own host
    assert response.headers["Content-Security-Policy"]


def test_a_foreign_host_gets_a_fragment_for_htmx(client, db):
    response = client.get("/tin-tuc/", headers={"Host": EVIL, **HTMX})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<html" not in html and "Địa chỉ không đúng" in html and EVIL not in html
    assert response.headers["HX-Retarget"] == "#flash"


@pytest.mark.parametrize("host", [EVIL, f"{EVIL}:80", "localhost.evil.example", "127.0.0.1.nip.io",
                                  "local host", "[::1]"])
def test_only_configured_hosts_are_answered(client, db, host):
    assert client.get("/healthz", headers={"Host": host}).status_code == 400


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "localhost:5000", "127.0.0.1:8000"])
def test_the_development_hosts_are_answered(client, db, host):
    assert client.get("/healthz", headers={"Host": host}).status_code == 200


def test_a_foreign_host_cannot_post_either(client, db, login_as):
    login_as("admin")
    token = client.csrf_token("/quan-tri/cai-dat")
    response = client.post("/quan-tri/cai-dat", headers={"Host": EVIL},
                           data={"csrf_token": token, "commune_name": "Xã giả mạo",
                                 "city_name": "Hải Phòng", "emergency_number": "112"})
    assert response.status_code == 400
    assert "Xã giả mạo" not in client.get("/").get_data(as_text=True)


def test_x_forwarded_host_is_checked_behind_the_proxy(proxied_client, client):
    response = proxied_client.get("/", headers={"X-Forwarded-Host": EVIL})
    assert response.status_code == 400 and EVIL not in response.get_data(as_text=True)
    assert "Địa chỉ không đúng" in response.get_data(as_text=True)
    # The proxy's own host (the one nginx passes on) is answered.
    assert proxied_client.get("/healthz", headers={"X-Forwarded-Host": "localhost"}).status_code == 200
    # Without a proxy in front, the header is not believed (and changes nothing).
    assert client.get("/healthz", headers={"X-Forwarded-Host": EVIL}).status_code == 200


def test_no_later_response_contains_a_foreign_host(app, client, content, page_cache):
    post, alert = content
    pages = _pages(post, alert)
    for path in pages:
        assert client.get(path, headers={"Host": EVIL}).status_code == 400, path
        # Without PROXY_FIX_HOPS the forwarded header is ignored: served for localhost.
        client.get(path, headers={"X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "https"})
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert EVIL not in response.get_data(as_text=True), path


def test_the_page_cache_is_keyed_by_host(app, client, content, page_cache, monkeypatch):
    """Two trusted names (no SITE_URL): each gets its own cached copy with its own links."""
    post, _alert = content
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", ["localhost", "127.0.0.1", "alias.example"])
    path = f"/tin-tuc/{post.slug}/in"
    aliased = client.get(path, headers={"Host": "alias.example"}).get_data(as_text=True)
    assert "http://alias.example/tin-tuc/thu-gom-pin" in aliased
    local = client.get(path).get_data(as_text=True)
    assert "alias.example" not in local
    assert "http://localhost/tin-tuc/thu-gom-pin" in local
    secure = client.get(path, base_url="https://localhost").get_data(as_text=True)
    assert "https://localhost/tin-tuc/thu-gom-pin" in secure


def test_absolute_links_come_from_site_url(app, client, content, page_cache, monkeypatch):
    post, alert = content
    site = "https://kesat.example"
    monkeypatch.setitem(app.config, "SITE_URL", site)
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", ["localhost", "kesat.example"])
    pages = _pages(post, alert)
    for path in pages:
        text = client.get(path).get_data(as_text=True)
        assert "http://localhost" not in text, path
    html = client.get(f"/tin-tuc/{post.slug}").get_data(as_text=True)
    assert f'<link rel="canonical" href="{site}/tin-tuc/thu-gom-pin">' in html
    assert f'property="og:url" content="{site}/tin-tuc/thu-gom-pin"' in html
    assert f'property="og:image" content="{site}/chia-se/' in html
    assert f'class="copy-link" href="{site}/tin-tuc/thu-gom-pin"' in html
    printed = client.get(f"/tin-tuc/{post.slug}/in").get_data(as_text=True)
    assert f'<link rel="canonical" href="{site}/tin-tuc/thu-gom-pin">' in printed
    assert f"{site}/tin-tuc/thu-gom-pin" in re.search(r'class="qr"[^>]*aria-label="([^"]*)"',
                                                      printed).group(1)
    assert f"{site}/l/b{post.id}" in printed
    alert_print = client.get(f"/canh-bao/{alert.identifier}/in").get_data(as_text=True)
    assert f"{site}/canh-bao/{alert.identifier}" in alert_print
    cap = client.get(f"/canh-bao/{alert.identifier}.xml").get_data(as_text=True)
    assert f"<web>{site}/canh-bao/{alert.identifier}</web>" in cap
    alerts_feed = client.get("/canh-bao/feed.atom").get_data(as_text=True)
    assert f"<id>{site}/canh-bao/{alert.identifier}</id>" in alerts_feed
    assert f'href="{site}/canh-bao/{alert.identifier}.xml"' in alerts_feed
    feed = client.get("/feed.atom").get_data(as_text=True)
    assert f"{site}/tin-tuc/thu-gom-pin" in feed and f'href="{site}/feed.atom"' in feed
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert f"<loc>{site}/tin-tuc/thu-gom-pin</loc>" in sitemap
    assert f"<loc>{site}/huong-dan/khong-dot-rom-ra</loc>" in sitemap
    assert f"Sitemap: {site}/sitemap.xml" in client.get("/robots.txt").get_data(as_text=True)


def test_cover_image_share_tag_comes_from_site_url(app, client, db, login_as, monkeypatch):
    login_as("editor")
    data = {"csrf_token": client.csrf_token("/quan-tri/bai-viet/moi"), "title": "Ảnh bìa",
            "slug": "anh-bia", "summary": "Tóm tắt.", "category": "phan-loai-rac-tai-nguon",
            "campaign": "", "body": "Nội dung.", "publish_at": "", "version": "",
            "cover_alt": "Bãi tập kết rác của thôn", "action": "publish",
            "cover": (io.BytesIO(factories.png_bytes(size=(1300, 700))), "bia.jpg")}
    response = client.post("/quan-tri/bai-viet/moi", data=data, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)[:1000]
    monkeypatch.setitem(app.config, "SITE_URL", "https://kesat.example")
    media = db.session.scalar(select(Media))
    html = app.test_client().get("/tin-tuc/anh-bia").get_data(as_text=True)
    assert f'property="og:image" content="https://kesat.example/media/{media.key}-og.jpg"' in html


def test_no_absolute_url_trusts_the_request_host():
    """`_external=True` (and request.url / host_url) would take the host from the request;
    absolute URLs go through app/web/urls.py instead."""
    root = pathlib.Path(__file__).resolve().parents[2]
    pattern = re.compile(r"_external\s*=|request\.(url|host_url|url_root|base_url)\b")
    offenders = [str(path.relative_to(root))
                 for folder in ("app", "templates") for path in (root / folder).rglob("*")
                 if path.suffix in (".py", ".html", ".xml", ".txt") and path.name != "urls.py"
                 and pattern.search(path.read_text(encoding="utf-8"))]
    assert not offenders, offenders
