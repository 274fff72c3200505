import pytest
from lxml import etree

from .. import dbutil, factories

ATOM = "{http://www.w3.org/2005/Atom}"


def test_atom_feed_is_valid_and_filterable(client, db):
    factories.make_post("Rơm rạ", category="han-che-dot-rom-ra", slug="rom-ra")
    factories.make_post("Pin cũ", category="phan-loai-rac-tai-nguon", slug="pin-cu")
    factories.make_post("Nháp", state="draft", slug="nhap")
    db.session.commit()
    response = client.get("/feed.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    root = etree.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "http://localhost/feed.atom"
    entries = root.findall(f"{ATOM}entry")
    assert {e.find(f"{ATOM}title").text for e in entries} == {"Rơm rạ", "Pin cũ"}
    for entry in entries:
        for required in ("id", "title", "updated", "link", "content"):
            assert entry.find(f"{ATOM}{required}") is not None
    filtered = etree.fromstring(client.get("/feed.atom?chuyen-muc=han-che-dot-rom-ra").data)
    assert [e.find(f"{ATOM}title").text for e in filtered.findall(f"{ATOM}entry")] == ["Rơm rạ"]
    assert client.get("/feed.atom?chuyen-muc=khong-co").status_code == 404


def test_sitemap_lists_pages_with_lastmod(client, db, runner):
    runner.invoke(args=["content", "sync"])
    factories.make_post(slug="trong-sitemap")
    factories.make_post(slug="nhap-khong-co", state="draft")
    db.session.commit()
    response = client.get("/sitemap.xml")
    root = etree.fromstring(response.data)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = {u.find(f"{ns}loc").text: u.find(f"{ns}lastmod") for u in root.findall(f"{ns}url")}
    assert "http://localhost/tin-tuc/trong-sitemap" in locs
    assert locs["http://localhost/tin-tuc/trong-sitemap"] is not None
    assert "http://localhost/tin-tuc/nhap-khong-co" not in locs
    assert "http://localhost/huong-dan/khong-dot-rom-ra" in locs


def test_robots_points_to_the_sitemap(client):
    assert "Sitemap: http://localhost/sitemap.xml" in client.get("/robots.txt").get_data(as_text=True)


def test_characters_xml_forbids_in_stored_posts_do_not_break_the_feed_or_sitemap(client, db):
    """Posts saved before the input guard may hold a vertical tab or a NUL: written straight
    through the model here, as such old data would be (the forms refuse them now)."""
    from app.extensions import db as _db

    post = factories.make_post("Mưa\x0blớn\x0c kéo dài", slug="mua-lon-tab",
                               summary="Tóm\x0btắt\x01", body="Nội\x0bdung **đậm**\x1f")
    _db.session.commit()
    for url in ("/feed.atom", "/feed.atom?chuyen-muc=" + post.category):
        response = client.get(url)
        assert response.status_code == 200, url
        root = etree.fromstring(response.data)  # well-formed: lxml raises otherwise
        titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
        assert titles == ["Mưalớn kéo dài"]
        entry = root.find(f"{ATOM}entry")
        assert entry.findtext(f"{ATOM}summary") == "Tómtắt"
        assert "<strong>đậm</strong>" in entry.findtext(f"{ATOM}content")
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    etree.fromstring(sitemap.data)


def test_a_vertical_tab_in_the_site_settings_does_not_break_the_feed(client, db):
    from app.settings.models import SiteSetting

    db.session.merge(SiteSetting(key="centre_name", value="Trung tâm\x0bDịch vụ"))
    db.session.commit()
    response = client.get("/feed.atom")
    assert response.status_code == 200
    root = etree.fromstring(response.data)
    assert root.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Trung tâmDịch vụ"



def test_a_nul_stored_in_sqlite_does_not_break_the_feed(client, db):
    if dbutil.backend() != "sqlite":
        pytest.skip("PostgreSQL refuses to store a NUL in text")
    factories.make_post("Rác\x00thải", slug="rac-nul")
    db.session.commit()
    response = client.get("/feed.atom")
    assert response.status_code == 200
    assert [e.findtext(f"{ATOM}title") for e in etree.fromstring(response.data).findall(f"{ATOM}entry")] == ["Rácthải"]
