"""Issue 10, line 10: a green-school activity from a phone to the public board.

On a phone, a school logs an activity with two photos and sends it. An editor returns it with a
comment; the school fixes it and sends it again. The editor approves it and confirms the
criterion it serves. The school's bar on the public board moves, and the school's page shows
the activity. Every page on the way is checked with axe and for CSP violations, at 360 and
1280 px.

The school `thcs-thu` is this story's own (tests/browser/conftest.py): registered for the year
with the three criteria of the first group as targets.
"""
import re
from datetime import timedelta

from playwright.sync_api import expect

from app.web.timeutil import to_local, utcnow

from .. import factories
from .actors import StaffMember
from .conftest import new_page

SCHOOL = "Trường THCS Thử Nghiệm Xanh"
TITLE = "Trồng 20 cây bàng quanh sân trường"
CRITERION = "Trồng và chăm sóc cây xanh, bồn hoa trong khuôn viên"
COMMENT = "Xin bổ sung số phụ huynh tham gia và ai sẽ tưới cây trong hè."


def _photo(n, colour) -> dict:
    return {"name": f"trong-cay-{n}.png", "mimeType": "image/png",
            "buffer": factories.png_bytes(size=(800, 600), colour=colour)}


def _board_bar(page):
    page.goto("/truong-hoc-xanh/")
    card = page.locator("li.green-school", has_text=SCHOOL)
    return card.locator(".green-bar-text").first.inner_text()


def _school_logs_and_sends(school) -> None:
    school.goto("/truong/hoat-dong/moi")
    held_on = (to_local(utcnow()) - timedelta(days=1)).strftime("%Y-%m-%d")
    school.get_by_label("Ngày", exact=True).fill(held_on)
    school.get_by_label("Nội dung hoạt động").fill(TITLE)
    school.get_by_label("Mô tả").fill("Mỗi lớp 8 nhận chăm một cây; thầy cô hướng dẫn cách "
                                      "đào hố, bón phân hữu cơ từ thùng ủ của trường.")
    school.get_by_label("Số học sinh").fill("120")
    school.get_by_label("Số giáo viên").fill("6")
    school.get_by_label(CRITERION).check()
    school.get_by_label("Ảnh", exact=True).set_input_files([_photo(1, (40, 140, 60)),
                                                           _photo(2, (90, 160, 40))])
    school.checks.page_ok("school-activity-form")
    with school.expect_navigation():
        school.get_by_role("button", name="Gửi duyệt").click()
    expect(school.get_by_text(TITLE).first).to_be_visible()


def _editor_opens_from_queue(editor) -> None:
    editor.goto("/quan-tri/truong-hoc-xanh/hang-cho")
    editor.checks.page_ok("school-staff-queue")
    with editor.expect_navigation():
        editor.get_by_role("link", name=TITLE).first.click()
    expect(editor.locator("img").first).to_be_visible()  # the private photos, to staff


def _school_fixes(school) -> None:
    school.goto("/truong/")
    expect(school.get_by_text(COMMENT)).to_be_visible()  # what to fix comes first
    school.checks.page_ok("school-portal-home")
    school.goto("/truong/hoat-dong/")
    with school.expect_navigation():
        school.get_by_role("link", name=TITLE).first.click()
    expect(school.get_by_text(COMMENT)).to_be_visible()
    school.get_by_label("Số phụ huynh").fill("15")
    with school.expect_navigation():
        school.get_by_role("button", name="Gửi duyệt").click()


def test_school_activity_from_a_phone_to_the_public_board(browser, live_server, accounts):
    resident = new_page(browser, live_server)
    school = new_page(browser, live_server)  # a 360 px phone
    editor = new_page(browser, live_server, width=1280)
    for page in (resident, school, editor):
        page.on("dialog", lambda dialog: dialog.accept())
    before = _board_bar(resident)
    assert re.match(r"0\b", before), before

    StaffMember(school, accounts["school"]).signs_in()
    _school_logs_and_sends(school)

    StaffMember(editor, accounts["editor"]).signs_in()
    _editor_opens_from_queue(editor)
    editor.get_by_label("Nhận xét gửi nhà trường").fill(COMMENT)
    with editor.expect_navigation():
        editor.get_by_role("button", name="Trả lại kèm nhận xét này").click()

    _school_fixes(school)

    _editor_opens_from_queue(editor)
    editor.checks.page_ok("school-staff-activity")
    with editor.expect_navigation():
        editor.get_by_role("button", name="Duyệt").click()
    editor.goto("/quan-tri/truong-hoc-xanh/")
    with editor.expect_navigation():
        editor.get_by_role("link", name=SCHOOL).first.click()
    criterion = editor.locator("li, section, div.criterion, tr", has_text=CRITERION).filter(
        has=editor.get_by_role("button", name="Xác nhận đạt")).last
    criterion.get_by_label(re.compile(re.escape(TITLE))).check()
    with editor.expect_navigation():
        criterion.get_by_role("button", name="Xác nhận đạt").click()
    editor.checks.page_ok("school-staff-confirmed")

    # A new visit (pages are cacheable for a minute: the first visit's copy could be reused).
    resident = new_page(browser, live_server)
    after = _board_bar(resident)
    assert after != before and re.match(r"1\b", after), (before, after)
    resident.checks.page_ok("school-board")
    with resident.expect_navigation():
        resident.get_by_role("link", name=SCHOOL).first.click()
    expect(resident.get_by_text(TITLE).first).to_be_visible()
    expect(resident.locator("img[src*='/media/']").first).to_be_visible()  # approved: public
    resident.checks.page_ok("school-page")
