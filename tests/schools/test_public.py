"""The public green-school pages through the real client and database (issue 10, lines 5-8):
the board, a school's page, the certificate, what is never public, the home card, posts that
name a school, and a club entering the contest."""
from __future__ import annotations

import re

import pytest
from PIL import Image
from sqlalchemy import event

from app.content.media import save_image
from app.schools import operations as ops
from app.schools.models import ActivityPhoto, SchoolProfile
from tests.factories import (make_activity, make_contest, make_framework, make_post,
                             make_school)

HIDDEN_STATES = ("draft", "submitted", "returned", "resubmitted")


@pytest.fixture
def en(client):
    client.set_cookie("lang", "en")
    return client


def _criteria(framework, n=5):
    return [c for g in framework.groups for c in g.criteria][:n]


def _register(school, framework, n=5, level="achieved"):
    criteria = _criteria(framework, n)
    ops.register(school, framework, [c.id for c in criteria], level)
    return criteria


def _confirm(school, framework, criteria):
    for criterion in criteria:
        activity = make_activity(school, framework, state="approved", criteria=[criterion])
        ops.confirm(school, framework, criterion.id, [activity.id])


def _photo(activity, alt):
    media = save_image(Image.new("RGB", (640, 480), (30, 120, 60)), alt=alt,
                       original_name="anh.jpg", private=True)
    activity.photos.append(ActivityPhoto(media=media, position=0))
    return media


def test_the_board_lists_schools_by_name_with_bars_and_figures_in_text(en, db):
    framework = make_framework()
    zebra = make_school(name="Trường Tiểu học Yên Bình", level="tieu-hoc")
    alpha = make_school(name="Trường Mầm non An Hòa", level="mam-non")
    idle = make_school(name="Trường Tiểu học Đồng Tâm", level="tieu-hoc")
    criteria = _register(zebra, framework, n=5)
    _confirm(zebra, framework, criteria[:3])
    _register(alpha, framework, n=4)
    db.session.commit()
    response = en.get("/truong-hoc-xanh/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "public" in response.headers["Cache-Control"]
    # Sorted by name, never by score: the school with nothing confirmed comes first.
    assert html.index(alpha.name) < html.index(idle.name) < html.index(zebra.name)
    assert "3 of 5 criteria, 60 %" in html and "0 of 4 criteria, 0 %" in html
    assert re.search(r'<progress max="100" value="60" aria-labelledby="bar-%d"' % zebra.id, html)
    assert "Level: Achieved" in html and "Level: Registered" in html
    assert "has not registered for this year yet" in html  # the idle school, said kindly
    assert "2 schools registered" in html and "3 criteria confirmed" in html
    assert "1 school reached a level" in html
    # The chart: drawn by the server, titled, with a table of the same figures.
    svg = re.search(r"<svg class=\"chart\".*?</svg>", html, re.S).group(0)
    assert "<title" in svg and "<desc" in svg and "style=" not in svg and "<script" not in svg
    assert "The figures as a table" in html
    assert f'href="/truong-hoc-xanh/{zebra.slug}"' in html
    assert "style=" not in html.split("<main", 1)[1]


def test_the_board_with_no_framework_says_so(en, db):
    make_school()
    db.session.commit()
    html = en.get("/truong-hoc-xanh/").get_data(as_text=True)
    assert "not published yet" in html


def test_unapproved_activities_are_never_public(en, db):
    framework, school = make_framework(), make_school(name="Trường THCS Hòa Bình")
    _register(school, framework)
    hidden = {state: make_activity(school, framework, state=state,
                                   title=f"Hoạt động bí mật {state}") for state in HIDDEN_STATES}
    secret_photo = _photo(hidden["submitted"], "Ảnh chưa duyệt")
    shown = make_activity(school, framework, state="approved", title="Ngày hội phân loại rác")
    photo = _photo(shown, "Học sinh phân loại rác")
    db.session.commit()
    pages = [en.get(url).get_data(as_text=True) for url in (
        "/truong-hoc-xanh/", f"/truong-hoc-xanh/{school.slug}", "/sitemap.xml", "/feed.atom",
        "/tim-kiem?q=b%C3%AD+m%E1%BA%ADt", "/")]
    for html in pages:
        for activity in hidden.values():
            assert activity.title not in html
        assert secret_photo.key not in html
    board, page, sitemap = pages[:3]
    assert "Ngày hội phân loại rác" in board and "Ngày hội phân loại rác" in page
    assert f"/media/{photo.key}" in page and 'alt="Học sinh phân loại rác"' in page
    assert f"/truong-hoc-xanh/{school.slug}" in sitemap and "/truong-hoc-xanh/" in sitemap
    # The approved photo is public through the media guard; the unapproved one is not.
    src = re.search(r'src="(/media/%s[^"]*)"' % photo.key, page).group(1)
    for url, expected in ((src, (200,)), (src.replace(photo.key, secret_photo.key), (403, 404))):
        response = en.get(url)
        assert response.status_code in expected
        response.close()


def test_the_school_page_shows_profile_checklist_timeline_club_and_share_card(en, db):
    framework, school = make_framework(), make_school(name="Trường THCS Lê Lợi")
    db.session.add(SchoolProfile(school_id=school.id, address="Số 1 đường Trần Hưng Đạo",
                                 hamlet="Thôn Hòa Ché", principal="Cô Nguyễn Thị Mai",
                                 phone="0220 3812 345"))
    criteria = _register(school, framework, n=4)
    _confirm(school, framework, criteria[:1])
    make_activity(school, framework, state="draft", title="Bản nháp chưa gửi")
    ops.save_club(school, name="CLB Thanh niên xanh", members=24,
                  leaders="Cô Trần Thị Hoa — Tổng phụ trách Đội\nEm Lê Minh — đội trưởng",
                  meetings="Họp **thứ Sáu** hằng tuần.", projects="- Vườn rau sạch")
    db.session.commit()
    response = en.get(f"/truong-hoc-xanh/{school.slug}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Số 1 đường Trần Hưng Đạo" in html and "Cô Nguyễn Thị Mai" in html
    assert "0220 3812 345" in html and "Thôn Hòa Ché" in html
    assert "aiming for the level “Achieved”" in html
    assert "1 of 4 criteria, 25 %" in html
    met = criteria[0]
    item = re.search(r'<li class="green-criterion green-met">.*?</li>', html, re.S).group(0)
    assert met.name in item and "Met" in item and met.evidence in item
    assert html.count("green-not-yet") == 3 and "Not yet" in html
    assert "Not a target this year" in html
    assert "Bản nháp chưa gửi" not in html
    assert "24 members" in html and "Tổng phụ trách Đội" in html
    assert "<strong>thứ Sáu</strong>" in html and "<li>Vườn rau sạch</li>" in html
    assert re.search(r'<meta property="og:url" content="[^"]*/truong-hoc-xanh/%s"' % school.slug,
                     html)
    assert re.search(r'<svg class="chart"[^>]*aria-labelledby="chart-school-t', html)
    assert "Print the certificate" not in html
    assert en.get("/truong-hoc-xanh/khong-co-truong-nay").status_code == 404


def test_the_certificate_exists_only_once_a_level_is_reached(en, db):
    framework, school = make_framework(), make_school(name="Trường Tiểu học Kẻ Sặt")
    criteria = _register(school, framework, n=5)
    _confirm(school, framework, criteria[:2])
    db.session.commit()
    url = f"/truong-hoc-xanh/{school.slug}/chung-nhan"
    assert en.get(url).status_code == 404
    assert en.get("/truong-hoc-xanh/khong-co/chung-nhan").status_code == 404
    unregistered = make_school()
    db.session.commit()
    assert en.get(f"/truong-hoc-xanh/{unregistered.slug}/chung-nhan").status_code == 404
    _confirm(school, framework, criteria[2:3])  # 3 of 5 = 60 %: achieved
    db.session.commit()
    response = en.get(url)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert school.name in html and "Achieved" in html and "3 of its 5 target criteria" in html
    assert '<svg class="qr" role="img"' in html and "print.css" in html
    assert f"/truong-hoc-xanh/{school.slug}" in html
    page = en.get(f"/truong-hoc-xanh/{school.slug}").get_data(as_text=True)
    assert "Print the certificate" in page and "Reached the level “Achieved”" in page


def test_the_board_reads_a_constant_number_of_queries(en, db, app):
    framework = make_framework()

    def add_schools(n):
        for _ in range(n):
            school = make_school()
            criteria = _register(school, framework, n=3)
            _confirm(school, framework, criteria[:1])
        db.session.commit()

    def count(url):
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert en.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)


    add_schools(5)
    en.get("/truong-hoc-xanh/")  # warm anything cached once per process
    few_board, few_home = count("/truong-hoc-xanh/"), count("/")
    add_schools(45)
    assert 0 < few_board == count("/truong-hoc-xanh/")
    assert 0 < few_home == count("/")


def test_the_home_card_links_each_school_and_sums_up_the_year(en, db):
    framework = make_framework()
    first = make_school(name="Trường THCS Kẻ Sặt")
    second = make_school(name="Trường Tiểu học Hòa Ché", level="tieu-hoc")
    criteria = _register(first, framework, n=5)
    _confirm(first, framework, criteria[:3])
    db.session.commit()
    html = en.get("/").get_data(as_text=True)
    card = html.split('id="schools-title"', 1)[1].split("</section>", 1)[0]
    assert f'<a href="/truong-hoc-xanh/{first.slug}">{first.name}</a>' in card
    assert f'<a href="/truong-hoc-xanh/{second.slug}">{second.name}</a>' in card
    assert "1 school registered" in card and "3 criteria confirmed" in card
    assert "1 school reached a level" in card and 'href="/truong-hoc-xanh/"' in card


def test_a_green_school_post_links_the_school_it_names(en, db):
    school = make_school(name="Trường THCS Kẻ Sặt")
    named = make_post("Học sinh trường THCS Kẻ Sặt trồng cây", category="truong-hoc-xanh")
    other = make_post("Trường THCS Kẻ Sặt họp phụ huynh")  # not tagged green schools
    nobody = make_post("Ngày hội trường học xanh", category="truong-hoc-xanh")
    db.session.commit()
    link = f'href="/truong-hoc-xanh/{school.slug}"'
    assert link in en.get(f"/tin-tuc/{named.slug}").get_data(as_text=True)
    assert link not in en.get(f"/tin-tuc/{other.slug}").get_data(as_text=True)
    assert "green-named" not in en.get(f"/tin-tuc/{nobody.slug}").get_data(as_text=True)


def test_a_club_enters_the_contest_from_its_page_pre_filled(en, db):
    contest = make_contest(phase="open")
    school = make_school(name="Trường THCS Kẻ Sặt")
    db.session.add(SchoolProfile(school_id=school.id, hamlet="Thôn Hòa Ché"))
    ops.save_club(school, name="CLB Thanh niên xanh", members=20, leaders="", meetings="",
                  projects="")
    bare = make_school(name="Trường Mầm non Kẻ Sặt", level="mam-non")
    db.session.commit()
    page = en.get(f"/truong-hoc-xanh/{school.slug}").get_data(as_text=True)
    link = f"/cuoc-thi/{contest.slug}/du-thi?truong={school.slug}"
    assert f'href="{link}"' in page and "Send an initiative to the contest" in page
    bare_page = en.get(f"/truong-hoc-xanh/{bare.slug}").get_data(as_text=True)
    assert "Send an initiative" not in bare_page
    form = en.get(link).get_data(as_text=True)
    assert 'value="CLB Thanh niên xanh – Trường THCS Kẻ Sặt"' in form
    assert re.search(r'<input[^>]*checked[^>]*value="group"|<input[^>]*value="group"[^>]*checked',
                     form)
    assert re.search(r'<option selected value="Thôn Hòa Ché">'
                     r'|<option value="Thôn Hòa Ché" selected>', form)
    category = re.search(r'<select[^>]*name="category_id".*?</select>', form, re.S).group(0)
    assert "selected" not in category.replace('value="0" selected', "")  # left to choose
    # No club, an unknown school or a made-up value: the plain, empty form.
    for value in (bare.slug, "khong-co", "<script>", "x" * 500):
        response = en.get(f"/cuoc-thi/{contest.slug}/du-thi", query_string={"truong": value})
        assert response.status_code == 200
        assert "CLB Thanh niên xanh" not in response.get_data(as_text=True)


def test_no_contest_link_when_the_contest_is_not_open(en, db):
    make_contest(phase="judging")
    school = make_school()
    ops.save_club(school, name="CLB Xanh", members=5, leaders="", meetings="", projects="")
    db.session.commit()
    page = en.get(f"/truong-hoc-xanh/{school.slug}").get_data(as_text=True)
    assert "Send an initiative" not in page


def test_site_search_finds_approved_activities_only(en, db):
    framework, school = make_framework(), make_school(name="Trường THCS Kẻ Sặt")
    _register(school, framework)
    activity = make_activity(school, framework, state="draft", title="Thu gom pin cũ khắp trường")
    db.session.commit()
    search_url = "/tim-kiem?q=pin+c%C5%A9"
    assert "Thu gom pin cũ" not in en.get(search_url).get_data(as_text=True)
    ops.submit(activity)
    db.session.commit()
    assert "Thu gom pin cũ" not in en.get(search_url).get_data(as_text=True)
    ops.return_activity(activity, "Thiếu ảnh.")
    db.session.commit()
    ops.submit(activity)
    db.session.commit()
    assert "Thu gom pin cũ" not in en.get(search_url).get_data(as_text=True)
    ops.approve(activity)
    db.session.commit()
    html = en.get(search_url).get_data(as_text=True)
    assert "School activities" in html and "Thu gom <mark>pin</mark> <mark>cũ</mark>" in html and f'href="/truong-hoc-xanh/{school.slug}"' in html
    # Taken back out of the approved state (by any path), it leaves the index at once.
    activity.state = "returned"
    db.session.commit()
    assert "Thu gom pin cũ" not in en.get(search_url).get_data(as_text=True)
    activity.state = "approved"
    db.session.commit()
    db.session.delete(activity)
    db.session.commit()
    assert "Thu gom pin cũ" not in en.get(search_url).get_data(as_text=True)
