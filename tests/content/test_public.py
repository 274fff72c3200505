import re
from datetime import timedelta

import pytest
from sqlalchemy import event

from app.web.timeutil import utcnow

from .. import factories

PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial"}


def test_post_list_full_page_and_partial(client, db):
    for _ in range(12):
        factories.make_post()
    db.session.commit()
    page = client.get("/tin-tuc/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html.startswith("<!doctype html>")
    assert html.count('class="post-card"') == 10
    assert 'href="/tin-tuc/?trang=2"' in html
    more = client.get("/tin-tuc/?trang=2", headers=PARTIAL)
    fragment = more.get_data(as_text=True)
    assert "<html" not in fragment and fragment.count('class="post-card"') == 2
    assert 'id="post-list-more"' in fragment
    assert "HX-Request-Type" in more.headers["Vary"]


def test_post_list_filters_by_category_and_campaign(client, db):
    campaign = factories.make_campaign(slug="mua-gat")
    factories.make_post("Rơm rạ và khói", category="han-che-dot-rom-ra", campaign=campaign)
    factories.make_post("Pin cũ bỏ vào đâu", category="phan-loai-rac-tai-nguon")
    db.session.commit()
    html = client.get("/tin-tuc/?chuyen-muc=han-che-dot-rom-ra").get_data(as_text=True)
    assert "Rơm rạ và khói" in html and "Pin cũ bỏ vào đâu" not in html
    html = client.get("/tin-tuc/?chien-dich=mua-gat").get_data(as_text=True)
    assert "Rơm rạ và khói" in html and "Pin cũ bỏ vào đâu" not in html
    assert client.get("/tin-tuc/?chuyen-muc=khong-co").status_code == 404
    assert client.get("/tin-tuc/?trang=abc").status_code == 200


def test_drafts_archived_and_future_posts_are_hidden(client, db):
    factories.make_post("Bản nháp", state="draft", slug="ban-nhap")
    factories.make_post("Đã lưu trữ", state="archived", slug="luu-tru")
    factories.make_post("Sắp đăng", state="scheduled", slug="sap-dang",
                        publish_at=utcnow() + timedelta(hours=2))
    db.session.commit()
    html = client.get("/tin-tuc/").get_data(as_text=True)
    for title in ("Bản nháp", "Đã lưu trữ", "Sắp đăng"):
        assert title not in html
    for slug in ("ban-nhap", "luu-tru", "sap-dang"):
        assert client.get(f"/tin-tuc/{slug}").status_code == 404


def test_scheduled_post_appears_by_itself_at_its_time(client, db, monkeypatch):
    post = factories.make_post("Bài hẹn giờ", state="scheduled", slug="hen-gio",
                               publish_at=utcnow() + timedelta(minutes=30))
    db.session.commit()
    assert client.get("/tin-tuc/hen-gio").status_code == 404
    import app.content.queries as q

    later = utcnow() + timedelta(minutes=31)
    monkeypatch.setattr(q, "utcnow", lambda: later)
    assert client.get("/tin-tuc/hen-gio").status_code == 200
    assert "Bài hẹn giờ" in client.get("/tin-tuc/").get_data(as_text=True)
    assert post.shown_state(later) == "published"


def test_post_page_has_breadcrumbs_related_share_tags_and_safe_body(client, db):
    post = factories.make_post("Phân loại pin cũ", slug="pin-cu",
                               body="## Vì sao\n\n<script>alert(1)</script> Pin **độc hại**.")
    factories.make_post("Bóng đèn hỏng", slug="bong-den")
    db.session.commit()
    html = client.get("/tin-tuc/pin-cu").get_data(as_text=True)
    assert 'aria-label="Đường dẫn"' in html or 'class="breadcrumbs"' in html
    assert "<script>alert" not in html and "<strong>độc hại</strong>" in html
    assert 'class="prose" hx-ignore' in html
    assert "Bóng đèn hỏng" in html  # related, same category
    assert '<link rel="canonical" href="http://localhost/tin-tuc/pin-cu">' in html
    assert 'property="og:image" content="http://localhost/chia-se/phan-loai-rac-tai-nguon.png"' in html
    assert html.count("<h1") == 1
    assert f"/tin-tuc/{post.slug}/in" in html


@pytest.mark.parametrize("path", ["/", "/tin-tuc/", "/chien-dich/", "/huong-dan/", "/van-ban/",
                                  "/phan-loai-rac/"])
def test_every_public_content_page_has_absolute_share_tags(client, db, path):
    html = client.get(path).get_data(as_text=True)
    for prop in ("og:title", "og:description", "og:url", "og:image", "og:type"):
        match = re.search(rf'property="{prop}" content="([^"]*)"', html)
        if prop == "og:image" or prop == "og:url":
            assert match and match.group(1).startswith("http://localhost/"), (path, prop)
        else:
            assert match and match.group(1), (path, prop)
    assert re.search(r'<link rel="canonical" href="http://localhost/', html)
    assert 'name="twitter:card" content="summary_large_image"' in html


def test_conditional_requests_get_304_and_no_cookie(client, db):
    factories.make_post(slug="cache-me")
    db.session.commit()
    for path in ("/", "/tin-tuc/", "/tin-tuc/cache-me", "/huong-dan/", "/van-ban/", "/phan-loai-rac/"):
        first = client.get(path)
        assert first.status_code == 200, path
        assert "Set-Cookie" not in first.headers, path
        assert first.headers.get("ETag"), path
        assert "public" in first.headers["Cache-Control"], path
        second = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert second.status_code == 304, path
    post = client.get("/tin-tuc/cache-me")
    assert post.headers.get("Last-Modified")
    again = client.get("/tin-tuc/cache-me", headers={"If-Modified-Since": post.headers["Last-Modified"]})
    assert again.status_code == 304


def test_signed_in_staff_get_private_pages(client, login_as, db):
    login_as("editor")
    response = client.get("/tin-tuc/")
    assert response.headers["Cache-Control"] == "no-store"


def _count_queries(db, client, path):
    statements = []

    def count(*_args, **_kwargs):
        statements.append(1)

    engine = db.engines[None]
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_queries_per_page_do_not_grow_with_the_data(client, db):
    campaign = factories.make_campaign(slug="dem-truy-van")
    for i in range(10):
        factories.make_post(campaign=campaign, category="han-che-dot-rom-ra")
    db.session.commit()
    paths = ["/", "/tin-tuc/", "/tin-tuc/?chuyen-muc=han-che-dot-rom-ra", "/chien-dich/",
             "/chien-dich/dem-truy-van", "/huong-dan/", "/van-ban/"]
    few = {p: _count_queries(db, client, p) for p in paths}
    for i in range(990):
        factories.make_post(campaign=campaign, category="han-che-dot-rom-ra", minutes_ago=2000 + i)
    db.session.commit()
    many = {p: _count_queries(db, client, p) for p in paths}
    assert few == many


def test_campaign_pages(client, db):
    campaign = factories.make_campaign("Tháng hành động vì môi trường", slug="thang-hanh-dong")
    factories.make_post("Ra quân dọn rác", campaign=campaign)
    factories.make_campaign("Bản nháp chiến dịch", slug="nhap", state="draft")
    db.session.commit()
    html = client.get("/chien-dich/").get_data(as_text=True)
    assert "Tháng hành động vì môi trường" in html and "Bản nháp chiến dịch" not in html
    html = client.get("/chien-dich/thang-hanh-dong").get_data(as_text=True)
    assert "Ra quân dọn rác" in html and "<progress" in html
    assert client.get("/chien-dich/nhap").status_code == 404


def test_short_links_redirect_to_the_canonical_page(client, db):
    post = factories.make_post(slug="ngan")
    db.session.commit()
    response = client.get(f"/l/b{post.id}")
    assert response.status_code == 301 and response.headers["Location"].endswith("/tin-tuc/ngan")
    assert client.get("/l/x1").status_code == 404
    assert client.get("/l/b999999").status_code == 404


def test_print_view_has_qr_code_and_short_url(client, db):
    post = factories.make_post("Thông báo thu gom pin cũ", slug="thu-gom-pin")
    db.session.commit()
    html = client.get("/tin-tuc/thu-gom-pin/in").get_data(as_text=True)
    assert "<svg" in html and 'class="qr"' in html and "<path" in html
    assert f"http://localhost/l/b{post.id}" in html
    assert "Thông báo thu gom pin cũ" in html and "print.css" in html


def test_share_images_are_pngs_of_the_right_size(client):
    from io import BytesIO

    from PIL import Image

    for name in ("trang-chu", "han-che-dot-rom-ra"):
        response = client.get(f"/chia-se/{name}.png")
        assert response.status_code == 200 and response.mimetype == "image/png"
        assert Image.open(BytesIO(response.data)).size == (1200, 630)
    assert client.get("/chia-se/khong-co.png").status_code == 404


def test_detail_pages_have_absolute_share_tags(client, db, runner):
    runner.invoke(args=["content", "sync"])
    from sqlalchemy import select

    from app.content.models import Document

    campaign = factories.make_campaign(slug="chia-se")
    post = factories.make_post(slug="chia-se-bai", campaign=campaign)
    alert = factories.make_alert("Cảnh báo chia sẻ")
    db.session.commit()
    document = db.session.scalar(select(Document).limit(1))
    paths = [f"/tin-tuc/{post.slug}", "/chien-dich/chia-se", "/huong-dan/khong-dot-rom-ra",
             f"/van-ban/{document.slug}", f"/canh-bao/{alert.identifier}", "/canh-bao/", "/tim-kiem?q=rom"]
    for path in paths:
        html = client.get(path).get_data(as_text=True)
        for prop in ("og:title", "og:description", "og:url", "og:image", "og:type"):
            match = re.search(rf'property="{prop}" content="([^"]*)"', html)
            assert match and match.group(1), (path, prop)
        assert re.search(r'property="og:image" content="http://localhost/', html), path
        assert re.search(r'<link rel="canonical" href="http://localhost/', html), path
