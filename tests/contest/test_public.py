"""The contest's public pages through the real app and database: entering, the receipt, the
status page, withdrawal and erasure, results, and what is never shown."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.contest import operations as ops
from app.contest.models import Consent, Entry, EntryFile
from app.content.models import Media
from app.extensions import db as _db
from tests.factories import make_contest, make_entry, make_user, pdf_bytes, png_bytes


def _form(client, contest, **changes):
    data = {
        "csrf_token": client.csrf_token(f"/cuoc-thi/{contest.slug}/du-thi"),
        "entrant_name": "Hội Phụ nữ thôn Hòa Ché",
        "phone": "0912 345 678",
        "email": "",
        "hamlet": "Thôn Hòa Ché",
        "entrant_kind": "group",
        "members": "Nguyễn Thị Lan\nTrần Thị Hoa",
        "category_id": str(contest.categories[0].id),
        "title": "Ủ rơm rạ thành phân hữu cơ cho cả xóm",
        "summary": "Thay vì đốt rơm sau gặt, cả xóm gom rơm về một chỗ và ủ bằng chế phẩm vi sinh.",
        "description": "Mỗi hộ góp rơm, hội phụ nữ lo chế phẩm và bạt phủ; sau 30 ngày có "
                       "phân bón ruộng. Đã thử ở hai thửa ruộng vụ mùa vừa rồi.",
        "consent_judging": "y",
        "consent_publish_name": "y",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _post(client, contest, data, files=()):
    payload = dict(data)
    if files:
        payload["files"] = [(io.BytesIO(body), name) for name, body in files]
    return client.post(f"/cuoc-thi/{contest.slug}/du-thi", data=payload,
                       content_type="multipart/form-data")


def _held_token(html: str) -> str:
    return re.search(r'name="held" type="hidden" value="([^"]+)"', html).group(1)


def _media_files(app) -> set[str]:
    root = Path(app.config["MEDIA_ROOT"])
    return {p.name for p in root.iterdir() if p.is_file()} if root.is_dir() else set()


@pytest.fixture
def contest(db):
    found = make_contest()
    db.session.commit()
    return found


def test_pages_of_an_open_contest(client, contest):
    assert "Cuộc thi sáng kiến" in client.get("/cuoc-thi/").get_data(as_text=True)
    page = client.get(f"/cuoc-thi/{contest.slug}").get_data(as_text=True)
    assert "Tính sáng tạo" in page and "40%" in page and "Giải Nhất" in page
    assert f"/cuoc-thi/{contest.slug}/du-thi" in page
    form = client.get(f"/cuoc-thi/{contest.slug}/du-thi")
    html = form.get_data(as_text=True)
    assert form.status_code == 200
    assert "91/2025/QH15" in html  # the notice names the law and the controller
    for name in ("consent_judging", "consent_publish_name", "consent_contact"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert "checked" not in tag  # never pre-ticked
    assert 'enctype="multipart/form-data"' in html
    assert "Đang nhận bài" in html  # the phase, from the dates


def test_drafts_and_unknown_contests_are_404(client, db):
    draft = make_contest(state="draft")
    db.session.commit()
    assert client.get(f"/cuoc-thi/{draft.slug}").status_code == 404
    assert client.get(f"/cuoc-thi/{draft.slug}/du-thi").status_code == 404
    assert client.get("/cuoc-thi/khong-co").status_code == 404


@pytest.mark.parametrize("phase, status", [("upcoming", 403), ("judging", 410), ("results", 410)])
def test_the_form_is_open_only_during_submissions(client, db, phase, status):
    closed = make_contest(phase=phase)
    db.session.commit()
    assert client.get(f"/cuoc-thi/{closed.slug}/du-thi").status_code == status
    token = client.csrf_token("/cuoc-thi/tra-cuu")
    response = client.post(f"/cuoc-thi/{closed.slug}/du-thi", data={"csrf_token": token})
    assert response.status_code == status
    assert _db.session.scalar(select(func.count(Entry.id))) == 0


def test_an_entry_with_two_photos_is_stored_with_consents_and_a_receipt(app, client, contest):
    before = _media_files(app)
    staging = Path(app.config["MEDIA_ROOT"]) / ".incoming"
    held_before = set(staging.iterdir()) if staging.is_dir() else set()
    photo = png_bytes(exif_gps=True)
    response = _post(client, contest, _form(client, contest),
                     files=[("ruong.png", photo), ("u-rom.png", png_bytes(colour=(200, 180, 40)))])
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    entry = _db.session.scalar(select(Entry))
    assert entry.entrant_kind == "group" and entry.members == "Nguyễn Thị Lan\nTrần Thị Hoa"
    assert entry.phone == "0912 345 678" and entry.phone_last4 == "5678"
    assert len(entry.files) == 2
    consents = {c.purpose: c for c in entry.consents}
    assert consents["judging"].given and consents["publish_name"].given
    assert not consents["contact"].given
    assert {c.notice_version for c in consents.values()} == {contest.privacy_version}
    assert all(c.recorded_at for c in consents.values())
    written = _media_files(app) - before
    for f in entry.files:
        assert any(name.startswith(f.media.key) for name in written)
        with Image.open(Path(app.config["MEDIA_ROOT"]) / f"{f.media.key}.jpg") as image:
            assert not image.getexif()  # re-encoded: no metadata, no GPS
    assert set(staging.iterdir()) <= held_before  # its held files moved into place
    receipt = client.get(response.headers["Location"])
    html = receipt.get_data(as_text=True)
    assert receipt.status_code == 200
    assert ops.show_code(entry.code) in html and "<svg" in html
    assert "tracking-code" in html
    assert "0912" not in html  # the receipt shows no phone number


def test_a_validation_mistake_keeps_the_text_and_the_files(client, contest):
    data = _form(client, contest, phone="123", title="Túi vải thay túi ni lông ở chợ")
    refused = _post(client, contest, data, files=[("cho.png", png_bytes()), ("ke-hoach.pdf",
                                                                             pdf_bytes())])
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'class="error-summary"' in html and 'href="#phone"' in html
    assert 'id="phone-error"' in html  # the message beside its field too
    assert "Túi vải thay túi ni lông ở chợ" in html and "Nguyễn Thị Lan" in html
    assert "cho.png" in html and "ke-hoach.pdf" in html  # held server-side
    assert 'name="consent_publish_name" type="checkbox" value="y" checked' in html \
        or re.search(r'<input checked[^>]*name="consent_publish_name"', html)
    assert _db.session.scalar(select(func.count(Entry.id))) == 0
    fixed = dict(data, phone="0912 345 678", held=_held_token(html))
    fixed["csrf_token"] = client.csrf_token(f"/cuoc-thi/{contest.slug}/du-thi")
    response = _post(client, contest, fixed)
    assert response.status_code == 303
    entry = _db.session.scalar(select(Entry))
    assert sorted(f.media.original_name for f in entry.files) == ["cho.png", "ke-hoach.pdf"]
    assert entry.title == "Túi vải thay túi ni lông ở chợ"


def test_a_held_file_can_be_removed_and_the_limit_is_five(client, contest):
    six = [(f"anh-{i}.png", png_bytes(size=(64, 48))) for i in range(6)]
    refused = _post(client, contest, _form(client, contest, title=""), files=six)
    html = refused.get_data(as_text=True)
    assert "anh-5.png: " in html and "tối đa 5 tệp" in html
    keys = re.findall(r'name="remove" value="([0-9a-f]+)"', html)
    assert len(keys) == 5
    data = _form(client, contest, held=_held_token(html))
    data["remove"] = keys[:2]
    response = _post(client, contest, data)
    assert response.status_code == 303
    assert len(_db.session.scalar(select(Entry)).files) == 3


def test_a_file_that_is_not_a_picture_or_pdf_is_refused_beside_the_field(client, contest):
    refused = _post(client, contest, _form(client, contest),
                    files=[("anh.png", b"MZ\x90\x00 not a picture")])
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="files-error"' in html and "anh.png" in html
    assert _db.session.scalar(select(func.count(Entry.id))) == 0


@pytest.mark.parametrize("changes, field", [
    ({"phone": "+1 202 555 0100"}, "phone"),
    ({"phone": ""}, "phone"),
    ({"email": "khong-phai-email"}, "email"),
    ({"hamlet": "Thôn Không Có"}, "hamlet"),
    ({"category_id": "999999"}, "category_id"),
    ({"category_id": "abc"}, "category_id"),
    ({"entrant_kind": "group", "members": ""}, "members"),
    ({"entrant_kind": "cong-ty"}, "entrant_kind"),
    ({"consent_judging": None}, "consent_judging"),
    ({"title": "x" * 201}, "title"),
    ({"description": "ngắn"}, "description"),
])
def test_bad_input_is_refused_with_a_message_never_a_500(client, contest, changes, field):
    response = _post(client, contest, _form(client, contest, **changes))
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True) or field == "entrant_kind"
    assert _db.session.scalar(select(func.count(Entry.id))) == 0


def test_the_honeypot_keeps_nothing(client, contest):
    response = _post(client, contest, _form(client, contest, website="http://spam.example"))
    assert response.status_code == 303
    assert _db.session.scalar(select(func.count(Entry.id))) == 0


def test_entries_are_rate_limited_per_address(app, client, contest, monkeypatch):
    monkeypatch.setitem(app.config, "CONTEST_ENTRY_LIMIT", "2 per hour")
    codes = [_post(client, contest, _form(client, contest, title="")).status_code
             for _ in range(3)]
    assert codes == [422, 422, 429]


def test_the_entry_and_its_files_are_stored_together_or_not_at_all(app, client, contest,
                                                                   monkeypatch):
    """A failure after the files are written (at the commit) leaves no entry and no orphan
    file; the held files stay held, so sending again works."""
    before = _media_files(app)
    real_commit = _db.session.commit
    calls = {"n": 0}

    def failing_commit():
        calls["n"] += 1
        moved = _media_files(app) - before
        assert moved, "the files should be in place when the commit runs"
        raise RuntimeError("disk full at commit")

    data = _form(client, contest)
    refused_first = _post(client, contest, _form(client, contest, title=""),
                          files=[("a.png", png_bytes()), ("b.png", png_bytes())])
    token = _held_token(refused_first.get_data(as_text=True))
    monkeypatch.setattr(_db.session, "commit", failing_commit)
    with pytest.raises(RuntimeError):
        _post(client, contest, dict(data, held=token))
    monkeypatch.setattr(_db.session, "commit", real_commit)
    assert calls["n"] == 1
    assert _db.session.scalar(select(func.count(Entry.id))) == 0
    assert _db.session.scalar(select(func.count(EntryFile.id))) == 0
    assert _db.session.scalar(select(func.count(Media.id))) == 0
    assert _media_files(app) == before  # no orphan file in MEDIA_ROOT
    data["csrf_token"] = client.csrf_token(f"/cuoc-thi/{contest.slug}/du-thi")
    response = _post(client, contest, dict(data, held=token))
    assert response.status_code == 303
    assert len(_db.session.scalar(select(Entry)).files) == 2


def test_the_receipt_needs_its_signed_link(client, contest):
    entry = make_entry(contest)
    _db.session.commit()
    assert client.get(f"/cuoc-thi/{contest.slug}/bien-nhan?t={entry.code}").status_code == 404
    assert client.get(f"/cuoc-thi/{contest.slug}/bien-nhan").status_code == 404


def _lookup(client, code, last4):
    token = client.csrf_token("/cuoc-thi/tra-cuu")
    return client.post("/cuoc-thi/tra-cuu", data={"csrf_token": token, "code": code,
                                                  "last4": last4})


def test_status_shows_the_timeline_and_the_reason_of_a_rejection(client, contest):
    entry = make_entry(contest, state="rejected", reject_reason="Bài trùng với bài đã gửi.")
    _db.session.commit()
    page = _lookup(client, ops.show_code(entry.code).lower(), "5678")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Bài trùng với bài đã gửi." in html and 'aria-current="step"' in html
    assert "0912" not in html


def test_a_wrong_code_and_wrong_digits_get_the_same_answer(client, contest):
    entry = make_entry(contest)
    _db.session.commit()
    wrong_digits = _lookup(client, entry.code, "0000")
    wrong_code = _lookup(client, "ABCD-EFGH" if entry.code != "ABCDEFGH" else "HGFE-DCBA", "5678")
    assert wrong_digits.status_code == wrong_code.status_code == 404

    def message(response):
        return re.search(r'<div class="error-summary".*?</div>', response.get_data(as_text=True),
                         re.S).group(0)

    assert message(wrong_digits) == message(wrong_code)


def test_lookups_are_throttled_per_code(app, client, contest, monkeypatch):
    monkeypatch.setitem(app.config, "CONTEST_LOOKUPS_PER_CODE", "3 per day")
    entry = make_entry(contest)
    _db.session.commit()
    codes = [_lookup(client, entry.code, f"{n:04d}").status_code for n in range(3)]
    assert codes == [404, 404, 404]
    assert _lookup(client, entry.code, "5678").status_code == 429


def test_lookups_are_rate_limited_per_address(app, client, contest, monkeypatch):
    monkeypatch.setitem(app.config, "CONTEST_LOOKUP_LIMIT", "2 per hour")
    codes = [_lookup(client, "ABCD-EFGH", "1234").status_code for _ in range(3)]
    assert codes == [404, 404, 429]


def _action(client, entry, path, prefix, last4="5678", confirm=True):
    token = client.csrf_token("/cuoc-thi/tra-cuu")
    data = {f"{prefix}-csrf_token": token, f"{prefix}-code": entry.code, f"{prefix}-last4": last4}
    if confirm:
        data[f"{prefix}-confirm"] = "y"
    return client.post(f"/cuoc-thi/tra-cuu/{path}", data=data)


def test_the_entrant_withdraws_and_erases_and_both_are_audited(client, contest):
    entry = make_entry(contest, state="accepted", email="lan@example.vn")
    _db.session.commit()
    assert _action(client, entry, "rut-bai", "rut", confirm=False).status_code == 422
    assert _action(client, entry, "rut-bai", "rut", last4="1111").status_code == 404
    assert _action(client, entry, "rut-bai", "rut").status_code == 200
    _db.session.refresh(entry)
    assert entry.state == "withdrawn"
    assert _action(client, entry, "xoa-du-lieu", "xoa").status_code == 303
    _db.session.refresh(entry)
    assert entry.phone == entry.email == entry.entrant_name == "" and entry.erasure_requested_at
    actions = set(_db.session.scalars(select(AuditEntry.action)))
    assert {"entry.withdraw", "entry.erase"} <= actions
    assert _lookup(client, entry.code, "5678").status_code == 404


def test_results_show_names_only_with_consent(client, db):
    contest = make_contest(phase="judging", prizes=(("Giải Nhất", 1), ("Giải Nhì", 1)))
    named = make_entry(contest, state="accepted", name="Lê Văn Bình", title="Cờ báo lũ cho xóm")
    shy = make_entry(contest, state="accepted", name="Phạm Thị Mai", consents=("judging",),
                     title="Túi vải đi chợ")
    assert client.get(f"/cuoc-thi/{contest.slug}/ket-qua").status_code == 404
    ops.award(named, contest.prizes[0].id)
    ops.award(shy, contest.prizes[1].id)
    db.session.flush()
    ops.publish_results(contest)
    db.session.commit()
    page = client.get(f"/cuoc-thi/{contest.slug}/ket-qua")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Cờ báo lũ cho xóm" in html and "Lê Văn Bình" in html
    assert "Túi vải đi chợ" in html and "Phạm Thị Mai" not in html
    assert "0912" not in html
    printed = client.get(f"/cuoc-thi/{contest.slug}/ket-qua?in=1").get_data(as_text=True)
    assert "Lê Văn Bình" in printed and "<svg" in printed and "Phạm Thị Mai" not in printed
    assert client.get(f"/cuoc-thi/bai/{named.id}").status_code == 200
    assert "Phạm Thị Mai" not in client.get(f"/cuoc-thi/bai/{shy.id}").get_data(as_text=True)


def test_only_public_entries_have_a_page_and_appear_in_search(client, contest):
    hidden = make_entry(contest, state="accepted", title="Bể chứa vỏ thuốc bảo vệ thực vật")
    shown = make_entry(contest, state="accepted", title="Nhà chứa rác phân loại ở chợ Kẻ Sặt")
    ops.set_gallery(shown, True)
    _db.session.commit()
    assert client.get(f"/cuoc-thi/bai/{hidden.id}").status_code == 404
    assert client.get(f"/cuoc-thi/bai/{shown.id}").status_code == 200
    results = client.get("/tim-kiem?q=nha chua rac").get_data(as_text=True)
    assert f'href="/cuoc-thi/bai/{shown.id}"' in results
    assert "Bể chứa vỏ thuốc" not in client.get("/tim-kiem?q=be chua vo thuoc").get_data(
        as_text=True)
    gallery = client.get(f"/cuoc-thi/{contest.slug}").get_data(as_text=True)
    assert "Nhà chứa rác phân loại" in gallery and "0912" not in gallery
    ops.set_gallery(shown, False)
    _db.session.commit()
    assert f'href="/cuoc-thi/bai/{shown.id}"' not in client.get(
        "/tim-kiem?q=nha chua rac").get_data(as_text=True)


def test_consents_are_stored_per_purpose(client, contest):
    _post(client, contest, _form(client, contest, consent_publish_name=None, consent_contact="y"))
    consents = {c.purpose: c.given for c in _db.session.scalars(select(Consent))}
    assert consents == {"judging": True, "publish_name": False, "contact": True}


@pytest.mark.parametrize("phase, words", [("open", "Đang nhận bài"),
                                          ("judging", "đang chấm thi"),
                                          ("results", "Đã công bố kết quả")])
def test_the_home_page_shows_the_contest_phase(client, db, phase, words):
    contest = make_contest(phase=phase)
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert words in html and f'href="/cuoc-thi/{contest.slug}"' in html


def test_pages_that_mention_the_contest_link_to_it(client, db):
    from tests.factories import make_post
    contest = make_contest()
    post = make_post("Phát động cuộc thi", body="Mời bà con gửi bài dự thi **Cuộc thi sáng kiến "
                                                "vì môi trường** của xã.", category="tin-hoat-dong")
    other = make_post("Lịch thu gom rác", body="Thứ Hai và thứ Năm.", category="tin-hoat-dong")
    db.session.commit()
    assert f'href="/cuoc-thi/{contest.slug}/du-thi"' in client.get(
        f"/tin-tuc/{post.slug}").get_data(as_text=True)
    assert "/cuoc-thi/" not in client.get(f"/tin-tuc/{other.slug}").get_data(
        as_text=True).split('<main')[1].split('</main>')[0]


def _fetch(client, url) -> tuple[int, str]:
    """A file's status and Cache-Control, the response closed (send_file keeps it open)."""
    with client.get(url) as response:
        return response.status_code, response.headers.get("Cache-Control", "")


def test_entry_files_are_private_until_the_entry_is_public(client, db, login_as):
    contest = make_contest()
    _post(client, contest, _form(client, contest), files=[("a.png", png_bytes())])
    entry = _db.session.scalar(select(Entry))
    media = entry.files[0].media
    assert media.private
    url = f"/media/{media.key}.jpg"
    assert _fetch(client, url)[0] == 404  # received, not public
    ops.accept(entry)
    ops.set_gallery(entry, True)
    _db.session.commit()
    status, cache = _fetch(client, url)
    assert status == 200 and "public" in cache and "immutable" not in cache
    ops.set_gallery(entry, False)
    _db.session.commit()
    assert _fetch(client, url)[0] == 404
    judge = make_user("judge")
    ops.assign_judge(contest, judge, None)
    _db.session.commit()
    login_as("editor")
    status, cache = _fetch(client, url)
    assert status == 200 and "no-store" in cache


def test_an_assigned_judge_sees_the_files_and_another_does_not(client, db, login_as):
    contest = make_contest()
    _post(client, contest, _form(client, contest), files=[("a.png", png_bytes())])
    entry = _db.session.scalar(select(Entry))
    ops.accept(entry)
    url = f"/media/{entry.files[0].media.key}.jpg"
    outsider = login_as("judge")
    _db.session.commit()
    assert _fetch(client, url)[0] == 404
    ops.assign_judge(contest, outsider, None)
    _db.session.commit()
    assert _fetch(client, url)[0] == 200
