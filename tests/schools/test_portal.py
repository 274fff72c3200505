"""The school accounts' area /truong on the real client and database: registration, the
activity log with photos through the media pipeline, the workflow, the club page, bad input,
and object-level checks (school A never reaches school B's records)."""
from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.content.media import add_media, file_name, media_root, prepare_upload, write_files
from app.content.models import Media
from app.schools import operations as ops
from app.schools import queries
from app.schools.models import Activity, ActivityPhoto, Club, Registration
from tests.factories import make_activity, make_framework, make_school, pdf_bytes, png_bytes

HTMX = {"HX-Request": "true", "HX-Request-Type": "partial", "HX-Target": "main"}


@pytest.fixture
def english(client):
    client.set_cookie("lang", "en")
    return client


@pytest.fixture
def school_user(db, login_as, english):
    framework = make_framework()
    user = login_as("school", school=make_school(level="thcs"))
    return user, user.school, framework


def _day(framework, back=3) -> date:
    return min(framework.ends_on, date.today()) - timedelta(days=back)


def _criteria(framework, n=2):
    return [c for g in framework.groups for c in g.criteria][:n]


def _activity_data(client, framework, path="/truong/hoat-dong/moi", photos=(), **over):
    data = {"csrf_token": client.csrf_token(path), "held_on": _day(framework).isoformat(),
            "title": "Trồng cây quanh sân trường", "description": "Lớp 8A trồng 20 cây.",
            "pupils": "40", "teachers": "3", "parents": "6",
            "criteria": [str(c.id) for c in _criteria(framework)], "action": "save"}
    data.update(over)
    if photos:
        data["photos"] = [(io.BytesIO(body), name) for name, body in photos]
    return data


def _post(client, path, data):
    return client.post(path, data=data, content_type="multipart/form-data")


# --- guard --------------------------------------------------------------------------------

def test_anonymous_goes_to_sign_in_and_other_roles_are_refused(client, db, login_as):
    response = client.get("/truong/hoat-dong/")
    assert response.status_code in (302, 303) and "/dang-nhap" in response.headers["Location"]
    login_as("editor")
    assert client.get("/truong/").status_code == 403
    assert client.get("/truong/cau-lac-bo").status_code == 403


# --- home and registration ------------------------------------------------------------------

def test_home_invites_registration_then_shows_progress_and_counts(school_user, english, db):
    _user, school, framework = school_user
    page = english.get("/truong/").get_data(as_text=True)
    assert "has not registered" in page and "/truong/dang-ky" in page
    criteria = _criteria(framework, 4)
    ops.register(school, framework, [c.id for c in criteria], "achieved")
    make_activity(school, framework, state="draft")
    make_activity(school, framework, state="approved")
    db.session.commit()
    page = english.get("/truong/").get_data(as_text=True)
    assert "<progress" in page and "0 of 4 criteria confirmed (0%)" in page
    assert "Draft, not sent" in page and "Approved, public" in page


def test_home_lists_returned_activities_first_with_the_comment(school_user, english, db):
    _user, school, framework = school_user
    activity = make_activity(school, framework, state="submitted", title="Ngày hội tái chế")
    ops.return_activity(activity, "Thiếu ảnh buổi thu gom.")
    db.session.commit()
    page = english.get("/truong/").get_data(as_text=True)
    assert "Thiếu ảnh buổi thu gom." in page
    assert page.index("To fix") < page.index("Thiếu ảnh buổi thu gom.") < page.index("School year")


def test_register_then_edit_with_a_version_check(school_user, english, db):
    _user, school, framework = school_user
    chosen = _criteria(framework, 3)
    token = english.csrf_token("/truong/dang-ky")
    response = english.post("/truong/dang-ky", data={
        "csrf_token": token, "target_level": "exemplary", "criteria": [str(c.id) for c in chosen]})
    assert response.status_code == 303
    registration = queries.registration_of(school, framework)
    assert registration.target_level == "exemplary" and len(registration.targets) == 3
    page = english.get("/truong/dang-ky").get_data(as_text=True)
    assert f'value="{chosen[0].id}" checked' in page and 'name="version" type="hidden" value="1"' in page
    response = english.post("/truong/dang-ky", data={
        "csrf_token": token, "target_level": "achieved", "version": "1",
        "criteria": [str(chosen[0].id)]})
    assert response.status_code == 303
    stale = english.post("/truong/dang-ky", data={
        "csrf_token": token, "target_level": "achieved", "version": "1",
        "criteria": [str(chosen[1].id)]})
    assert stale.status_code == 409 and "Someone else changed" in stale.get_data(as_text=True)
    db.session.expire_all()
    assert [c.id for c in queries.registration_of(school, framework).targets] == [chosen[0].id]


@pytest.mark.parametrize("data, message", [
    ({"target_level": "achieved"}, "Choose at least one criterion"),
    ({"target_level": "gold", "criteria": ["CRIT"]}, None),
    ({"target_level": "champion", "criteria": ["FIRST"]}, "Not a valid choice"),
])
def test_register_refuses_bad_input(school_user, english, db, data, message):
    _user, school, framework = school_user
    first = str(_criteria(framework, 1)[0].id)
    data = {k: [first if x in ("CRIT", "FIRST") else x for x in v] if isinstance(v, list) else v
            for k, v in data.items()}
    data["csrf_token"] = english.csrf_token("/truong/dang-ky")
    response = english.post("/truong/dang-ky", data=data)
    assert response.status_code == 422
    if message:
        assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Registration.id))) == 0


def test_register_refuses_a_criterion_of_another_framework(school_user, english, db):
    _user, school, framework = school_user
    foreign_id = max(c.id for g in framework.groups for c in g.criteria) + 1000
    response = english.post("/truong/dang-ky", data={
        "csrf_token": english.csrf_token("/truong/dang-ky"), "target_level": "achieved",
        "criteria": [str(foreign_id)]})
    assert response.status_code == 422
    assert "not part of the year" in response.get_data(as_text=True)


# --- activities -----------------------------------------------------------------------------

def test_log_an_activity_with_two_photos_and_a_document_then_send_it(school_user, english, db):
    _user, school, framework = school_user
    data = _activity_data(english, framework, photos=[("a.png", png_bytes()),
                                                      ("b.jpg", png_bytes(colour=(9, 9, 9)))])
    data["document"] = (io.BytesIO(pdf_bytes()), "ke-hoach.pdf")
    response = _post(english, "/truong/hoat-dong/moi", data)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    activity = db.session.scalar(select(Activity).where(Activity.school_id == school.id))
    assert activity.state == "draft" and activity.pupils == 40 and len(activity.photos) == 2
    assert all(p.media.private and p.media.alt == activity.title for p in activity.photos)
    assert activity.document.private and activity.document.kind == "pdf"
    path = f"/truong/hoat-dong/{activity.id}"
    page = english.get(path).get_data(as_text=True)
    assert "Save draft" in page and "Send for review" in page and "Delete this draft" in page
    response = _post(english, path, _activity_data(english, framework, path, action="submit",
                                                   version=str(activity.version)))
    assert response.status_code == 303
    db.session.expire_all()
    assert activity.state == "submitted" and len(activity.photos) == 2
    page = english.get(path).get_data(as_text=True)
    assert "Sent, waiting for review" in page and "Save draft" not in page
    # read-only now: a post is refused and changes nothing
    response = _post(english, path, _activity_data(english, framework, "/truong/hoat-dong/moi",
                                                   title="Đổi tên sau khi gửi",
                                                   version=str(activity.version)))
    assert response.status_code == 409
    db.session.expire_all()
    assert activity.title == "Trồng cây quanh sân trường"


def test_a_returned_activity_shows_the_comment_and_is_resubmitted(school_user, english, db):
    _user, school, framework = school_user
    activity = make_activity(school, framework, state="submitted")
    ops.return_activity(activity, "Ghi rõ số học sinh tham gia.")
    db.session.commit()
    path = f"/truong/hoat-dong/{activity.id}"
    page = english.get(path).get_data(as_text=True)
    assert page.index("Ghi rõ số học sinh tham gia.") < page.index('name="title"')
    response = _post(english, path, _activity_data(english, framework, path, action="submit",
                                                   pupils="55", version=str(activity.version)))
    assert response.status_code == 303
    db.session.expire_all()
    assert activity.state == "resubmitted" and activity.pupils == 55


def test_photos_can_be_removed_and_at_most_six_are_kept(school_user, english, db):
    _user, school, framework = school_user
    photos = [(f"p{i}.png", png_bytes(size=(40, 30))) for i in range(6)]
    response = _post(english, "/truong/hoat-dong/moi",
                     _activity_data(english, framework, photos=photos))
    assert response.status_code == 303
    activity = db.session.scalar(select(Activity).where(Activity.school_id == school.id))
    path = f"/truong/hoat-dong/{activity.id}"
    one_more = _activity_data(english, framework, path, photos=[("x.png", png_bytes())],
                              version=str(activity.version))
    response = _post(english, path, one_more)
    assert response.status_code == 422
    assert "x.png: an activity has at most 6 photos" in response.get_data(as_text=True)
    data = _activity_data(english, framework, path, photos=[("x.png", png_bytes())],
                          version=str(activity.version),
                          remove_photos=[str(activity.photos[0].id)])
    assert _post(english, path, data).status_code == 303
    db.session.expire_all()
    assert len(activity.photos) == 6


@pytest.mark.parametrize("over, field_message", [
    ({"held_on": "2020-01-10"}, "within the school year"),
    ({"held_on": "not-a-date"}, "Enter the date the activity took place"),
    ({"pupils": "-3"}, "from 0 to 10000"),
    ({"teachers": "ba"}, "Not a valid integer value"),
    ({"criteria": []}, "Choose at least one criterion"),
    ({"title": ""}, "This field is required"),
])
def test_bad_activity_input_is_refused_beside_the_field(school_user, english, db, over,
                                                        field_message):
    _user, _school, framework = school_user
    response = _post(english, "/truong/hoat-dong/moi", _activity_data(
        english, framework, photos=[("a.png", png_bytes())], **over))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and field_message in page
    assert 'class="error"' in page and "1 photo already received with this form" in page
    assert db.session.scalar(select(func.count(Activity.id))) == 0
    assert db.session.scalar(select(func.count(Media.id))) == 0


def test_photos_are_kept_across_a_refused_form_and_saved_with_the_fix(school_user, english, db,
                                                                     app):
    _user, school, framework = school_user
    photos = [("san-truong.png", png_bytes()), ("bon-hoa.png", png_bytes(colour=(200, 10, 10)))]
    response = _post(english, "/truong/hoat-dong/moi",
                     _activity_data(english, framework, photos=photos, pupils="-1"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "2 photos already received with this form" in page
    token = re.search(r'name="held" type="hidden" value="([^"]+)"', page).group(1)
    assert db.session.scalar(select(func.count(Media.id))) == 0
    # the fix: the photos are not sent again; one of them is let go
    key = re.search(r'name="remove_held" value="([^"]+)"', page).group(1)
    response = _post(english, "/truong/hoat-dong/moi", _activity_data(
        english, framework, held=token, remove_held=[key], action="submit"))
    assert response.status_code == 303
    activity = db.session.scalar(select(Activity).where(Activity.school_id == school.id))
    assert activity.state == "submitted" and len(activity.photos) == 1
    media = activity.photos[0].media
    assert media.private and media.alt == "Trồng cây quanh sân trường"
    assert (Path(app.config["MEDIA_ROOT"]) / file_name(media)).is_file()
    assert not (Path(app.config["MEDIA_ROOT"]) / ".incoming" / token).exists()


def test_a_future_date_is_refused(school_user, english, db):
    _user, _school, framework = school_user
    tomorrow = date.today() + timedelta(days=2)
    if tomorrow > framework.ends_on:
        pytest.skip("the year is over")
    response = _post(english, "/truong/hoat-dong/moi",
                     _activity_data(english, framework, held_on=tomorrow.isoformat()))
    assert response.status_code == 422 and "once it has taken place" in response.get_data(
        as_text=True)


def test_seven_photos_and_a_non_image_are_refused(school_user, english, db):
    _user, _school, framework = school_user
    seven = [(f"p{i}.png", png_bytes(size=(40, 30))) for i in range(7)]
    response = _post(english, "/truong/hoat-dong/moi", _activity_data(english, framework,
                                                                      photos=seven))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "p6.png: an activity has at most 6 photos" in page
    assert "6 photos already received with this form" in page
    response = _post(english, "/truong/hoat-dong/moi", _activity_data(
        english, framework, photos=[("virus.png", b"MZ\x90\x00 not a picture")]))
    assert response.status_code == 422
    assert "virus.png: Only JPEG, PNG or WebP pictures" in response.get_data(as_text=True)
    response = _post(english, "/truong/hoat-dong/moi", _activity_data(
        english, framework, photos=[("plan.pdf", pdf_bytes())]))
    assert response.status_code == 422
    assert "plan.pdf: Please upload a JPEG, PNG or WebP picture." in response.get_data(
        as_text=True)
    data = _activity_data(english, framework)
    data["document"] = (io.BytesIO(png_bytes()), "not-a.pdf")
    response = _post(english, "/truong/hoat-dong/moi", data)
    assert response.status_code == 422 and "Please upload a PDF document." in response.get_data(
        as_text=True)
    assert db.session.scalar(select(func.count(Activity.id))) == 0


def test_a_stale_edit_answers_409(school_user, english, db):
    _user, school, framework = school_user
    activity = make_activity(school, framework)
    db.session.commit()
    path = f"/truong/hoat-dong/{activity.id}"
    response = _post(english, path, _activity_data(english, framework, path, title="Bản cũ",
                                                   version=str(activity.version + 5)))
    assert response.status_code == 409 and "Someone else changed" in response.get_data(
        as_text=True)


def test_delete_a_draft_after_confirming(school_user, english, db):
    _user, school, framework = school_user
    activity = make_activity(school, framework)
    sent = make_activity(school, framework, state="submitted")
    db.session.commit()
    path = f"/truong/hoat-dong/{activity.id}/xoa"
    assert "I understand" not in english.get(path).get_data(as_text=True)
    token = english.csrf_token(path)
    assert english.post(path, data={"csrf_token": token}).status_code == 422
    assert english.post(path, data={"csrf_token": token, "confirm": "y"}).status_code == 303
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Activity.id))) == 1
    response = english.post(f"/truong/hoat-dong/{sent.id}/xoa",
                            data={"csrf_token": token, "confirm": "y"})
    assert response.status_code == 409 and db.session.get(Activity, sent.id) is not None


def test_the_list_shows_state_badges_in_words(school_user, english, db):
    _user, school, framework = school_user
    for state in ("draft", "returned", "approved"):
        make_activity(school, framework, state=state)
    db.session.commit()
    page = english.get("/truong/hoat-dong/").get_data(as_text=True)
    assert "Draft, not sent" in page and "Returned: to fix" in page and "Approved, public" in page


# --- object-level checks --------------------------------------------------------------------

def test_school_a_never_reaches_school_b_activities(school_user, english, db):
    _user, school_a, framework = school_user
    school_b = make_school()
    theirs = make_activity(school_b, framework, title="Hoạt động của trường B")
    mine = make_activity(school_a, framework)
    db.session.commit()
    token = english.csrf_token("/truong/hoat-dong/moi")
    for headers in ({}, HTMX):
        assert english.get(f"/truong/hoat-dong/{theirs.id}", headers=headers).status_code == 404
        data = _activity_data(english, framework, title="Chiếm quyền", version="1")
        assert _post(english, f"/truong/hoat-dong/{theirs.id}", data).status_code == 404
        assert english.get(f"/truong/hoat-dong/{theirs.id}/xoa",
                           headers=headers).status_code == 404
        assert english.post(f"/truong/hoat-dong/{theirs.id}/xoa", headers=headers, data={
            "csrf_token": token, "confirm": "y"}).status_code == 404
    page = english.get("/truong/hoat-dong/").get_data(as_text=True)
    assert "Hoạt động của trường B" not in page
    # a tampered activity id in the form of one's own activity changes only one's own
    path = f"/truong/hoat-dong/{mine.id}"
    data = _activity_data(english, framework, path, title="Đã sửa của tôi",
                          version=str(mine.version), activity_id=str(theirs.id),
                          school_id=str(school_b.id))
    assert _post(english, path, data).status_code == 303
    db.session.expire_all()
    assert mine.title == "Đã sửa của tôi" and theirs.title == "Hoạt động của trường B"
    assert theirs.state == "draft" and db.session.get(Activity, theirs.id) is not None


def test_a_photo_of_school_b_cannot_be_removed_by_school_a(school_user, english, db):
    _user, school_a, framework = school_user
    school_b = make_school()
    theirs = make_activity(school_b, framework)
    ops.save_activity(school_b, framework, theirs, held_on=theirs.held_on, title=theirs.title,
                      description="", pupils=1, teachers=1, parents=1,
                      criterion_ids=[c.id for c in theirs.criteria],
                      photos=[_media(db)])
    mine = make_activity(school_a, framework)
    db.session.commit()
    path = f"/truong/hoat-dong/{mine.id}"
    data = _activity_data(english, framework, path, version=str(mine.version),
                          remove_photos=[str(theirs.photos[0].id)])
    assert _post(english, path, data).status_code == 303
    db.session.expire_all()
    assert len(theirs.photos) == 1


def _media(db):
    prepared = prepare_upload(io.BytesIO(png_bytes(size=(40, 30))), "b.png", alt="Ảnh")
    write_files(prepared, media_root())
    return add_media(prepared, None, private=True)


def test_a_criterion_of_another_framework_is_refused_on_an_activity(school_user, english, db):
    _user, _school, framework = school_user
    foreign = max(c.id for g in framework.groups for c in g.criteria) + 999
    response = _post(english, "/truong/hoat-dong/moi", _activity_data(
        english, framework, criteria=[str(foreign)]))
    assert response.status_code == 422 and "not part of the year" in response.get_data(
        as_text=True)
    response = _post(english, "/truong/hoat-dong/moi", _activity_data(
        english, framework, criteria=["abc"]))
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Activity.id))) == 0


def test_school_b_photos_are_not_served_to_school_a(school_user, english, db):
    _user, _school_a, framework = school_user
    school_b = make_school()
    theirs = make_activity(school_b, framework)
    media = _media(db)
    theirs.photos.append(ActivityPhoto(media=media, position=0))
    db.session.commit()
    assert english.get(f"/media/{file_name(media)}").status_code == 404


# --- the club page --------------------------------------------------------------------------

def test_club_page_uses_pioneer_words_in_a_lower_secondary_school(school_user, english, db):
    _user, school, _framework = school_user
    page = english.get("/truong/cau-lac-bo").get_data(as_text=True)
    assert "Câu lạc bộ Thanh niên xanh" in page and "Young Pioneers (đội viên)" in page
    assert "Tổng phụ trách Đội" in page and "đoàn viên" not in page
    token = english.csrf_token("/truong/cau-lac-bo")
    response = english.post("/truong/cau-lac-bo", data={
        "csrf_token": token, "name": "Câu lạc bộ Thanh niên xanh", "members": "32",
        "leaders": "Cô Lan — Tổng phụ trách Đội", "meetings": "Chiều thứ Sáu **hằng tuần**",
        "projects": "- Vườn rau\n<script>alert(1)</script>"})
    assert response.status_code == 303
    club = queries.club_of(school)
    assert club.members == 32 and club.version == 1
    page = english.get("/truong/cau-lac-bo").get_data(as_text=True)
    assert "<strong>hằng tuần</strong>" in page and "<script>alert" not in page
    stale = english.post("/truong/cau-lac-bo", data={
        "csrf_token": token, "name": "CLB", "members": "1", "version": "0"})
    assert stale.status_code == 409


def test_club_page_in_an_upper_secondary_school_speaks_of_the_youth_union(db, login_as,
                                                                          english):
    login_as("school", school=make_school(level="thpt"))
    page = english.get("/truong/cau-lac-bo").get_data(as_text=True)
    assert "đoàn viên" in page and "Tổng phụ trách Đội" not in page


@pytest.mark.parametrize("members, message", [("-1", "from 0 to 10000"),
                                              ("nhiều", "Not a valid integer value"),
                                              ("", "Enter a number")])
def test_club_refuses_bad_counts(school_user, english, db, members, message):
    response = english.post("/truong/cau-lac-bo", data={
        "csrf_token": english.csrf_token("/truong/cau-lac-bo"), "name": "CLB",
        "members": members})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Club.id))) == 0


def test_pages_answer_in_vietnamese(school_user, client, db):
    client.set_cookie("lang", "vi")
    for path in ("/truong/", "/truong/dang-ky", "/truong/hoat-dong/", "/truong/hoat-dong/moi",
                 "/truong/cau-lac-bo"):
        response = client.get(path)
        assert response.status_code == 200, path


def test_a_user_other_than_school_role_gets_403_on_every_page(db, login_as, client):
    login_as("judge")
    for path in ("/truong/", "/truong/dang-ky", "/truong/hoat-dong/moi"):
        assert client.get(path).status_code == 403


def test_an_activity_dated_today_in_viet_nam_is_accepted_before_utc_midnight(db, monkeypatch):
    """At 03:00 in Viet Nam it is still yesterday in UTC: today's date is not 'the future'."""
    framework, school = make_framework(), make_school()
    now = datetime(2026, 11, 30, 20, 0, tzinfo=timezone.utc)  # 1 December, 03:00 local
    monkeypatch.setattr(ops, "utcnow", lambda: now)
    activity = ops.save_activity(school, framework, None, held_on=date(2026, 12, 1),
                                 title="Chào cờ xanh", description="", pupils=1, teachers=1,
                                 parents=0, criterion_ids=[_criteria(framework, 1)[0].id])
    assert activity.held_on == date(2026, 12, 1)
    with pytest.raises(ops.SchoolError):
        ops.save_activity(school, framework, None, held_on=date(2026, 12, 2), title="Ngày mai",
                          description="", pupils=1, teachers=1, parents=0,
                          criterion_ids=[_criteria(framework, 1)[0].id])
