"""A staff form with a file over the request limit comes back with what was typed (413),
without saving anything; strangers, public forms and bodies past the hard cap keep the plain
413 page (app/web/uploads.py, UploadForm in app/web/forms.py)."""
from __future__ import annotations

import io
import re

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart
from wtforms import FileField

from app.content.models import Media, Post
from app.web.forms import UploadForm

from .. import factories

LIMIT = 1024 * 1024
BIG = b"\xff\xd8" + b"0" * (2 * LIMIT)  # 2 MB "photo"
BODY = "## Lịch thu gom\n\n" + "Người dân mang pin cũ đến nhà văn hoá thôn vào sáng Chủ nhật. " * 400


@pytest.fixture(autouse=True)
def small_limit(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", LIMIT)
    monkeypatch.setitem(app.config, "STAFF_OVERSIZE_PARSE_LIMIT", 4 * LIMIT)


def _edit(client, post, token, *, photo=BIG, name="anh-bia-rat-lon.jpg", **extra):
    data = {"title": "Thu gom pin cũ – lịch mới", "slug": post.slug, "summary": "Tóm tắt mới.",
            "category": post.category, "campaign": "", "body": BODY, "publish_at": "",
            "version": str(post.version), "cover_alt": "Bãi rác ven đê", "action": "draft",
            "cover": _file(photo, name), **extra}
    if token is not None:
        data["csrf_token"] = token
    return _send(client, f"/quan-tri/bai-viet/{post.id}", data)


def _file(content: bytes, name: str) -> FileStorage:
    return FileStorage(io.BytesIO(content), filename=name)


def _send(client, url, data):
    """A multipart post built in memory (the test client would spool a big body to a
    temporary file that it never closes)."""
    boundary, body = encode_multipart(data)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _count_media(db) -> int:
    return db.session.scalar(select(func.count(Media.id)))


def _unescape(html: str) -> str:
    return html.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")


def test_staff_form_over_the_limit_keeps_what_was_typed(client, db, login_as):
    login_as("editor")
    post = factories.make_post("Bản gốc", slug="ban-goc", body="Nội dung gốc.")
    db.session.commit()
    before = (post.title, post.body, post.version, post.cover_id)
    media_before = _count_media(db)
    token = client.csrf_token(f"/quan-tri/bai-viet/{post.id}")

    response = _edit(client, post, token)

    assert response.status_code == 413
    html = _unescape(response.get_data(as_text=True))
    assert 'value="Thu gom pin cũ – lịch mới"' in html
    assert "Người dân mang pin cũ đến nhà văn hoá thôn vào sáng Chủ nhật." in html
    assert 'value="Bãi rác ven đê"' in html
    assert ("Tệp “anh-bia-rat-lon.jpg” lớn hơn giới hạn 1 MB; hãy chọn tệp nhỏ hơn. "
            "Những gì bạn đã nhập vẫn được giữ.") in html
    # The message is beside the cover field and tied to it for screen readers.
    assert re.search(r'id="cover-error"[^>]*>[^<]*anh-bia-rat-lon\.jpg', html)
    db.session.expire_all()
    assert _count_media(db) == media_before
    stored = db.session.get(Post, post.id)
    assert (stored.title, stored.body, stored.version, stored.cover_id) == before


def test_the_same_form_within_the_limit_saves(client, db, login_as):
    """The test above fails for the right reason: without the big file the edit goes through."""
    login_as("editor")
    post = factories.make_post("Bản gốc", slug="ban-goc-2")
    db.session.commit()
    token = client.csrf_token(f"/quan-tri/bai-viet/{post.id}")
    response = _edit(client, post, token, photo=factories.png_bytes(), name="nho.png")
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Post, post.id).title == "Thu gom pin cũ – lịch mới"


def test_every_form_with_a_file_field_is_an_upload_form(app):
    """Whichever area it belongs to (posts, campaigns, documents, media, /truong, contest),
    a form with a file field shows the reason and saves nothing when its files were dropped."""
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    def has_file(form):
        return any(issubclass(getattr(getattr(form, name, None), "field_class", object), FileField)
                   for name in dir(form) if not name.startswith("_"))

    forms = [form for form in subclasses(FlaskForm) if has_file(form)]
    assert {"PostForm", "MediaUploadForm", "ActivityForm", "EntryForm"} <= {f.__name__ for f in forms}
    assert [form.__name__ for form in forms if not issubclass(form, UploadForm)] == []


def test_csrf_is_still_checked(client, db, login_as):
    login_as("editor")
    post = factories.make_post("Bản gốc", slug="ban-goc-3")
    db.session.commit()
    response = _edit(client, post, None)
    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Post, post.id).title == "Bản gốc"


def test_anonymous_gets_the_plain_413(client, db):
    post = factories.make_post("Bản gốc", slug="ban-goc-4")
    db.session.commit()
    token = client.csrf_token("/dang-nhap")
    response = _edit(client, post, token)
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "quá lớn" in html and "Thu gom pin cũ" not in html


def test_public_form_of_a_signed_in_person_gets_the_plain_413(client, db, login_as):
    login_as("editor")
    token = client.csrf_token("/quan-tri/bai-viet/moi")
    response = _send(client, "/dang-nhap", {
        "csrf_token": token, "email": "x@kesat.example", "password": "p",
        "file": _file(BIG, "to.jpg")})
    assert response.status_code == 413
    assert "x@kesat.example" not in response.get_data(as_text=True)


def test_body_past_the_hard_cap_gets_the_plain_413(client, db, login_as, app):
    login_as("editor")
    post = factories.make_post("Bản gốc", slug="ban-goc-5")
    db.session.commit()
    token = client.csrf_token(f"/quan-tri/bai-viet/{post.id}")
    huge = b"0" * (app.config["STAFF_OVERSIZE_PARSE_LIMIT"] + 1)
    response = _edit(client, post, token, photo=huge)
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "quá lớn" in html and "Thu gom pin cũ" not in html


def test_file_fields_carry_the_limit_for_the_browser(client, db, login_as):
    login_as("editor")
    html = _unescape(client.get("/quan-tri/bai-viet/moi").get_data(as_text=True))
    field = re.search(r'<input[^>]*type="file"[^>]*>', html).group(0)
    assert f'data-max-bytes="{LIMIT}"' in field
    assert 'data-too-large="Tệp “{name}” lớn hơn giới hạn 1 MB; hãy chọn tệp nhỏ hơn."' in field
    assert 'data-size-status="cover-size"' in field and "cover-size" in field.split("aria-describedby")[1]
    assert '<p class="error" id="cover-size" aria-live="polite"></p>' in html


def test_school_activity_over_the_limit_keeps_the_report(client, db, login_as):
    """/truong: several photos, one too big; the small one is named too (choose it again)."""
    from datetime import date, timedelta

    from werkzeug.datastructures import MultiDict

    from app.schools.models import Activity

    framework = factories.make_framework()
    login_as("school", school=factories.make_school(level="thcs"))
    db.session.commit()
    path = "/truong/hoat-dong/moi"
    held_on = min(framework.ends_on, date.today()) - timedelta(days=3)
    data = MultiDict({"csrf_token": client.csrf_token(path), "held_on": held_on.isoformat(),
                      "title": "Trồng cây quanh sân trường", "pupils": "40", "teachers": "3",
                      "parents": "6", "action": "save",
                      "description": "Lớp 8A trồng 20 cây bàng dọc hàng rào."})
    data.add("photos", _file(factories.png_bytes(), "nho.png"))
    data.add("photos", _file(BIG, "to-qua.jpg"))

    response = _send(client, path, data)

    assert response.status_code == 413
    html = _unescape(response.get_data(as_text=True))
    assert 'value="Trồng cây quanh sân trường"' in html
    assert "Lớp 8A trồng 20 cây bàng dọc hàng rào." in html
    assert "Tệp “to-qua.jpg” lớn hơn giới hạn 1 MB" in html
    assert "Chưa nhận được “nho.png” vì có tệp khác quá lớn; hãy chọn lại tệp này." in html
    assert db.session.scalar(select(func.count(Activity.id))) == 0
