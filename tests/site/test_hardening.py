"""Short links resolve only what the public can read; share cards are drawn once per item."""
import pytest

from app.content.models import Document, Guide
from app.web import caching, drawing
from app.web.logs import incident_code

from .. import factories


def _not_found(client, code):
    response = client.get(f"/l/{code}")
    assert response.status_code == 404, code
    assert "Location" not in response.headers
    # The page names its own address (the language links) and its request's incident code
    # (app/web/logs.py): the rest must be identical.
    body = response.get_data(as_text=True).replace(f"/l/{code}", "/l/CODE")
    incident = response.headers["X-Request-ID"]
    assert incident_code(incident) in body
    return body.replace(incident_code(incident), "INCIDENT")


def test_short_links_resolve_only_published_items_with_the_same_404(client, db):
    published = factories.make_post(slug="da-dang")
    draft = factories.make_post(slug="ban-nhap-bi-mat", state="draft")
    scheduled = factories.make_post(slug="hen-gio-bi-mat", state="scheduled", minutes_ago=-600)
    archived = factories.make_post(slug="luu-tru-bi-mat", state="archived")
    db.session.commit()
    response = client.get(f"/l/b{published.id}")
    assert response.status_code == 301 and response.headers["Location"].endswith("/tin-tuc/da-dang")
    unknown = _not_found(client, "b987654")
    for post in (draft, scheduled, archived):
        body = _not_found(client, f"b{post.id}")
        assert body == unknown and post.slug not in body


def test_a_scheduled_post_resolves_once_its_time_has_come(client, db):
    due = factories.make_post(slug="den-gio", state="scheduled", minutes_ago=5)
    db.session.commit()
    assert client.get(f"/l/b{due.id}").status_code == 301


def test_short_links_of_campaigns_guides_and_documents_follow_their_pages(client, db):
    draft_campaign = factories.make_campaign(state="draft", slug="chien-dich-nhap")
    campaign = factories.make_campaign(slug="chien-dich-mo")
    guide = Guide(slug="huong-dan-cu", title="Cũ", category="tin-hoat-dong", body="x", archived=True)
    document = Document(slug="van-ban-cu", doc_type="Kế hoạch", title="Cũ", archived=True)
    db.session.add_all([guide, document])
    db.session.commit()
    unknown = _not_found(client, "c987654")
    assert client.get(f"/l/c{campaign.id}").status_code == 301
    for code in (f"c{draft_campaign.id}", f"h{guide.id}", f"v{document.id}"):
        assert _not_found(client, code) == unknown


@pytest.mark.parametrize("code", ["b", "x1", "b01", "b-1", "b1.0", "b99999999999999999999",
                                  "b١", "b²", "B1", "b 1"])
def test_malformed_codes_are_not_found(client, db, code):
    _not_found(client, code)


def test_category_share_cards_are_drawn_once_whatever_the_query_string(app, client, db):
    app.config["PAGE_CACHE_SECONDS"] = 30  # as in production: the page cache is on
    caching.clear_page_cache()
    drawing.card.cache_clear()
    try:
        first = client.get("/chia-se/han-che-dot-rom-ra.png")
        for n in range(1, 8):
            again = client.get(f"/chia-se/han-che-dot-rom-ra.png?fbclid={n}")
            assert again.status_code == 200 and again.data == first.data
        assert drawing.card.cache_info().misses == 1
        assert len(caching._PAGE_CACHE) == 0
    finally:
        app.config["PAGE_CACHE_SECONDS"] = 0
        caching.clear_page_cache()
