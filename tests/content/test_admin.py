import io
import re
from datetime import timedelta

from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.content.models import Campaign, Document, Media, Post
from app.web.timeutil import to_local, utcnow

from .. import factories

PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial"}


def _post(client, url, data, page=None, files=None):
    token = client.csrf_token(page or url)
    payload = {**data, "csrf_token": token}
    if files:
        payload.update(files)
    return client.post(url, data=payload, content_type="multipart/form-data")


def _post_data(**kw):
    return {"title": "Thu gom pin cũ tại nhà văn hóa thôn", "slug": "", "summary": "Mang pin cũ đến.",
            "category": "phan-loai-rac-tai-nguon", "campaign": "", "body": "## Khi nào\n\nSáng **Chủ nhật**.",
            "publish_at": "", "version": "", "cover_alt": "", **kw}


def test_editor_writes_and_publishes_a_post_with_an_audit_entry(client, db, login_as):
    editor = login_as("editor")
    response = _post(client, "/quan-tri/bai-viet/moi", {**_post_data(), "action": "publish"})
    assert response.status_code == 303
    post = db.session.scalar(select(Post))
    assert post.state == "published" and post.slug == "thu-gom-pin-cu-tai-nha-van-hoa-thon"
    assert post.author_id == editor.id
    assert client.get(f"/tin-tuc/{post.slug}").status_code == 200
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "post.publish"))
    assert entry.actor_id == editor.id and entry.object_id == str(post.id)


def test_schedule_needs_a_future_time_and_keeps_what_was_typed(client, db, login_as):
    login_as("editor")
    past = to_local(utcnow() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = _post(client, "/quan-tri/bai-viet/moi",
                     {**_post_data(publish_at=past), "action": "schedule"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Thu gom pin cũ tại nhà văn hóa thôn" in html and "Sáng **Chủ nhật**" in html
    assert db.session.scalar(select(func.count()).select_from(Post)) == 0


def test_schedule_in_local_time_is_stored_in_utc(client, db, login_as):
    login_as("editor")
    when = (to_local(utcnow()) + timedelta(days=1)).replace(second=0, microsecond=0)
    response = _post(client, "/quan-tri/bai-viet/moi",
                     {**_post_data(publish_at=when.strftime("%Y-%m-%dT%H:%M")), "action": "schedule"})
    assert response.status_code == 303
    post = db.session.scalar(select(Post))
    assert post.state == "scheduled"
    assert post.publish_at == when.astimezone(post.publish_at.tzinfo)
    assert client.get(f"/tin-tuc/{post.slug}").status_code == 404


def test_saving_over_a_newer_edit_is_refused(client, db, login_as):
    login_as("editor")
    post = factories.make_post("Bản gốc", slug="ban-goc")
    post.version = 3
    db.session.commit()
    response = _post(client, f"/quan-tri/bai-viet/{post.id}",
                     {**_post_data(title="Bản của tôi", version="2"), "action": "draft"})
    assert response.status_code == 409
    assert "Bản của tôi" in response.get_data(as_text=True)
    db.session.refresh(post)
    assert post.title == "Bản gốc" and post.version == 3
    ok = _post(client, f"/quan-tri/bai-viet/{post.id}",
               {**_post_data(title="Bản của tôi", version="3"), "action": "draft"})
    assert ok.status_code == 303
    db.session.refresh(post)
    assert post.title == "Bản của tôi" and post.version == 4


def test_archive_hides_a_post(client, db, login_as):
    login_as("editor")
    post = factories.make_post(slug="se-luu-tru")
    db.session.commit()
    response = _post(client, f"/quan-tri/bai-viet/{post.id}",
                     {**_post_data(title=post.title, slug="se-luu-tru", version=str(post.version)),
                      "action": "archive"})
    assert response.status_code == 303
    assert client.get("/tin-tuc/se-luu-tru").status_code == 404


def test_live_preview_is_sanitised_and_needs_csrf(client, login_as):
    login_as("editor")
    token = client.csrf_token("/quan-tri/bai-viet/moi")
    response = client.post("/quan-tri/bai-viet/xem-truoc",
                           data={"body": "**Đậm** <img src=x onerror=alert(1)>"},
                           headers={**PARTIAL, "X-CSRFToken": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert "<strong>Đậm</strong>" in html and "onerror" not in html
    refused = client.post("/quan-tri/bai-viet/xem-truoc", data={"body": "x"}, headers=PARTIAL)
    assert refused.status_code == 400


def test_cover_upload_is_re_encoded_without_gps_and_served_with_srcset(client, db, login_as, app):
    login_as("editor")
    jpeg = factories.png_bytes(size=(1800, 1200), exif_gps=True)
    response = _post(client, "/quan-tri/bai-viet/moi",
                     {**_post_data(cover_alt="Người dân mang pin đến điểm thu gom"), "action": "publish"},
                     files={"cover": (io.BytesIO(jpeg), "IMG_0001.jpg")})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    post = db.session.scalar(select(Post))
    media = post.cover
    assert media.alt == "Người dân mang pin đến điểm thu gom"
    assert media.variants == [320, 640, 1024, 1600]
    html = client.get(f"/tin-tuc/{post.slug}").get_data(as_text=True)
    assert 'srcset="' in html and f"/media/{media.key}-640.jpg 640w" in html
    assert 'width="1800"' in html and 'height="1200"' in html
    served = client.get(f"/media/{media.key}.jpg")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Cache-Control"] == "no-store"  # a signed-in reader's copy
    anonymous = app.test_client().get(f"/media/{media.key}.jpg")
    assert "max-age=31536000" in anonymous.headers["Cache-Control"]
    anonymous.close()
    from PIL import Image

    image = Image.open(io.BytesIO(served.data))
    assert not image.getexif() and b"Camera maker" not in served.data
    served.close()
    og = client.get(f"/media/{media.key}-og.jpg")
    assert Image.open(io.BytesIO(og.data)).size == (1200, 630)
    og.close()


def test_image_without_alt_text_is_refused(client, db, login_as):
    login_as("editor")
    response = _post(client, "/quan-tri/thu-vien/", {"alt": ""},
                     files={"file": (io.BytesIO(factories.png_bytes()), "anh.jpg")})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Media)) == 0


def test_uploads_are_checked_by_content_not_name(client, db, login_as):
    login_as("editor")
    cases = [
        (b"<html><script>alert(1)</script></html>", "anh.jpg"),
        (b"GIF89a" + b"\x00" * 100, "anh.png"),
        (b"%PDF-1.4 this is not really a pdf", "van-ban.pdf"),
        (b"MZ\x90\x00" + b"\x00" * 100, "tai-lieu.pdf"),
    ]
    for data, name in cases:
        response = _post(client, "/quan-tri/thu-vien/", {"alt": "Mô tả"},
                         files={"file": (io.BytesIO(data), name)})
        assert response.status_code == 422, name
    assert db.session.scalar(select(func.count()).select_from(Media)) == 0


def test_exif_orientation_is_applied(db, app):
    from app.content.media import store_upload

    with app.test_request_context():
        media = store_upload(io.BytesIO(factories.png_bytes(size=(400, 200), orientation=6)),
                             "xoay.jpg", alt="Ảnh xoay")
    assert (media.width, media.height) == (200, 400)


def test_pdf_document_upload_and_download(client, db, login_as):
    login_as("editor")
    response = _post(client, "/quan-tri/van-ban/moi", {
        "doc_type": "Kế hoạch", "number": "12/KH-UBND", "title": "Kế hoạch bảo vệ môi trường năm 2027",
        "issuer": "UBND xã Kẻ Sặt", "issued_on": "2026-11-20", "effective_on": "2026-11-20",
        "summary": "Tóm tắt."}, files={"file": (io.BytesIO(factories.pdf_bytes()), "Kế hoạch BVMT 2027.pdf")})
    assert response.status_code == 303, response.get_data(as_text=True)[:1500]
    document = db.session.scalar(select(Document))
    page = client.get(f"/van-ban/{document.slug}").get_data(as_text=True)
    assert "12/KH-UBND" in page
    download = client.get(f"/media/{document.file.key}.pdf")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "ke-hoach-bvmt-2027.pdf" in disposition
    download.close()


def test_document_dates_must_make_sense(client, db, login_as):
    login_as("editor")
    response = _post(client, "/quan-tri/van-ban/moi", {
        "doc_type": "Quyết định", "title": "Sai ngày", "issued_on": "2026-11-20",
        "effective_on": "2026-11-01"})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Document)) == 0


def test_campaign_create_and_bad_period(client, db, login_as):
    login_as("editor")
    bad = _post(client, "/quan-tri/chien-dich/moi", {"title": "Chiến dịch", "starts_on": "2026-12-10",
                                                     "ends_on": "2026-12-01", "state": "published"})
    assert bad.status_code == 422
    ok = _post(client, "/quan-tri/chien-dich/moi", {"title": "Mùa gặt xanh", "starts_on": "2026-12-01",
                                                    "ends_on": "2026-12-31", "state": "published",
                                                    "goal": "Không cánh đồng nào đốt rơm"})
    assert ok.status_code == 303
    assert db.session.scalar(select(Campaign)).slug == "mua-gat-xanh"


def test_staff_pages_render(client, db, login_as):
    login_as("editor")
    factories.make_post(slug="co-san")
    db.session.commit()
    for path in ("/quan-tri/bai-viet/", "/quan-tri/bai-viet/?trang-thai=draft", "/quan-tri/bai-viet/moi",
                 "/quan-tri/chien-dich/", "/quan-tri/chien-dich/moi", "/quan-tri/van-ban/",
                 "/quan-tri/van-ban/moi", "/quan-tri/thu-vien/"):
        assert client.get(path).status_code == 200, path
    post = db.session.scalar(select(Post))
    html = client.get(f"/quan-tri/bai-viet/{post.id}").get_data(as_text=True)
    assert re.search(r'name="version" type="hidden" value="1"', html)


def test_a_refused_save_leaves_no_file_behind(client, db, login_as, app):
    import os

    login_as("editor")
    before = set(os.listdir(app.config["MEDIA_ROOT"]))
    past = to_local(utcnow() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = _post(client, "/quan-tri/bai-viet/moi",
                     {**_post_data(publish_at=past, cover_alt="Ảnh"), "action": "schedule"},
                     files={"cover": (io.BytesIO(factories.png_bytes()), "a.jpg")})
    assert response.status_code == 422
    assert set(os.listdir(app.config["MEDIA_ROOT"])) == before
    assert db.session.scalar(select(func.count()).select_from(Media)) == 0


def test_saving_a_document_over_a_newer_edit_is_refused(client, db, login_as):
    login_as("editor")
    document = Document(slug="vb-cu", doc_type="Quyết định", title="Bản gốc", version=4)
    db.session.add(document)
    db.session.commit()
    page = f"/quan-tri/van-ban/{document.id}"
    assert 'name="version" type="hidden" value="4"' in client.get(page).get_data(as_text=True)
    stale = _post(client, page, {"doc_type": "Quyết định", "title": "Bản của tôi", "version": "3"})
    assert stale.status_code == 409 and "Bản của tôi" in stale.get_data(as_text=True)
    db.session.refresh(document)
    assert document.title == "Bản gốc"
    fresh = _post(client, page, {"doc_type": "Quyết định", "title": "Bản của tôi", "version": "4"})
    assert fresh.status_code == 303


def test_tampered_hidden_fields_are_refused_not_500(client, db, login_as):
    login_as("editor")
    post = factories.make_post(slug="sua-tay")
    db.session.commit()
    page = f"/quan-tri/bai-viet/{post.id}"
    assert _post(client, page, {**_post_data(version="abc"), "action": "draft"}).status_code == 409
    assert _post(client, "/quan-tri/bai-viet/moi", {**_post_data(campaign="x1"), "action": "draft"},
                 page="/quan-tri/bai-viet/moi").status_code == 422
    assert _post(client, "/quan-tri/bai-viet/moi", {**_post_data(category="khong-co"), "action": "draft"},
                 page="/quan-tri/bai-viet/moi").status_code == 422
    assert _post(client, "/quan-tri/bai-viet/moi", {**_post_data(), "action": "xoa-het"},
                 page="/quan-tri/bai-viet/moi").status_code == 422
