"""Warnings saved before the input guard may hold characters XML 1.0 forbids: their CAP
document and the Atom feed stay well-formed (and valid CAP). Share cards are drawn once per
warning, whatever query string a crawler adds."""
from lxml import etree

from app.web import caching, drawing

from .. import factories
from .test_public import _xsd

CAP = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}
ATOM = "{http://www.w3.org/2005/Atom}"


def test_a_vertical_tab_stored_in_a_warning_keeps_cap_and_feed_well_formed(client, db):
    # Straight through the model, as old data would be: the staff form refuses it now.
    # No NUL here: PostgreSQL refuses to store one (the SQLite case: tests/site/test_feeds.py).
    alert = factories.make_alert("Mưa\x0blớn\x1e kéo dài", description="Lượng mưa\x0b100 mm\x1b.",
                                 instruction="- Khơi thông\x0c cống rãnh")
    db.session.commit()
    cap = client.get(f"/canh-bao/{alert.identifier}.xml")
    assert cap.status_code == 200
    doc = etree.fromstring(cap.data)  # lxml raises on anything that is not well-formed
    assert _xsd().validate(doc)
    assert doc.findtext("cap:info/cap:headline", namespaces=CAP) == "Mưalớn kéo dài"
    assert doc.findtext("cap:info/cap:description", namespaces=CAP) == "Lượng mưa100 mm."
    feed = client.get("/canh-bao/feed.atom")
    assert feed.status_code == 200
    root = etree.fromstring(feed.data)
    assert [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")] == ["Mưalớn kéo dài"]


def test_the_staff_cap_preview_of_such_a_draft_is_well_formed(client, db, login_as):
    login_as("editor")
    draft = factories.make_alert("Bản\x0bnháp", published=False)
    db.session.commit()
    response = client.get(f"/quan-tri/canh-bao/{draft.id}/xem-truoc/cap?tho=1")
    assert response.status_code == 200
    etree.fromstring(response.data)


def test_share_card_is_cached_per_warning_whatever_the_query_string(app, client, db):
    alert = factories.make_alert("Bão số 3")
    db.session.commit()
    app.config["PAGE_CACHE_SECONDS"] = 30  # as in production: the page cache is on
    caching.clear_page_cache()
    drawing.card.cache_clear()
    try:
        first = client.get(f"/canh-bao/{alert.identifier}.png")
        assert first.status_code == 200 and first.mimetype == "image/png"
        for n in range(1, 8):
            again = client.get(f"/canh-bao/{alert.identifier}.png?x={n}&utm_source=zalo{n}")
            assert again.status_code == 200 and again.data == first.data
        assert drawing.card.cache_info().misses == 1  # drawn once
        assert len(caching._PAGE_CACHE) == 0  # and no page-cache entry per query string
        assert first.headers["ETag"] and "public" in first.headers["Cache-Control"]
        conditional = client.get(f"/canh-bao/{alert.identifier}.png?y=1",
                                 headers={"If-None-Match": first.headers["ETag"]})
        assert conditional.status_code == 304
    finally:
        app.config["PAGE_CACHE_SECONDS"] = 0
        caching.clear_page_cache()
