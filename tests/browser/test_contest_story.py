"""Issue 9, line 13: the initiative contest from a resident's entry to the published results.

A resident on a 360 px phone enters with two photos, makes one mistake (the phone number) and
keeps everything typed and both photos, gets a code and looks up the status. An editor screens
the entry and assigns two judges; one judge scores it, the other steps aside (a relative).
The editor closes submissions, awards the first prize and publishes; the results page shows
the entry under the entrant's name, which they agreed to publish. Every page on the way is
checked with axe and for CSP violations, at 360 and 1280 px.

The contest `sang-kien-thu` is this story's own (tests/browser/conftest.py): it ends closed.
"""
import re
from datetime import timedelta

from playwright.sync_api import expect

from app.web.timeutil import to_local, utcnow

from .. import factories
from .actors import Resident, StaffMember
from .conftest import new_page

SLUG = "sang-kien-thu"
TITLE = "Cờ báo lũ ba màu cho xóm ven sông Sặt"
NAME = "Nhóm thanh niên thôn Tuấn Kiệt"


def _photo(colour) -> dict:
    return {"name": f"co-bao-lu-{colour[0]}.png", "mimeType": "image/png",
            "buffer": factories.png_bytes(size=(800, 600), colour=colour)}


def _resident_enters(resident) -> str:
    Resident(resident).opens_the_home_page().goes_to("Cuộc thi")
    with resident.expect_navigation():
        resident.get_by_role("link", name="Sáng kiến xanh thử nghiệm").click()
    with resident.expect_navigation():
        resident.get_by_role("link", name="Gửi bài dự thi").first.click()
    resident.checks.page_ok("contest-entry-form")
    resident.get_by_label("Họ tên của bạn, hoặc tên nhóm").fill(NAME)
    resident.get_by_label("Số điện thoại").fill("0912 34")  # the mistake: too short
    resident.get_by_label("Thôn", exact=True).select_option("Thôn Tuấn Kiệt")
    resident.get_by_label("Một nhóm (hội, câu lạc bộ, thôn…)").check()
    resident.get_by_label("Thành viên của nhóm").fill("Vũ Văn Hùng\nĐỗ Thị Thu")
    resident.get_by_label("Lĩnh vực dự thi").select_option(label="Nông nghiệp xanh")
    resident.get_by_label("Tên sáng kiến").fill(TITLE)
    resident.get_by_label("Tóm tắt").fill("Ba lá cờ xanh, vàng, đỏ cắm ở đầu xóm báo mực nước "
                                          "sông, ai đi qua cũng biết mà chuẩn bị.")
    resident.get_by_label("Mô tả").fill("Tổ trưởng xóm theo dõi cột thủy chí ở bến đò; nước lên "
                                        "mốc một thì treo cờ vàng, mốc hai thì cờ đỏ và loa báo "
                                        "cả xóm kê đồ, đưa người già đi trước.")
    resident.get_by_label("Ảnh hoặc tài liệu (không bắt buộc)").set_input_files(
        [_photo((200, 30, 30)), _photo((240, 200, 0))])
    resident.get_by_label("Tôi đồng ý để Trung tâm dùng thông tin").check()
    resident.get_by_label("Nếu bài đoạt giải hoặc được giới thiệu").check()
    resident.get_by_role("button", name="Gửi bài dự thi").click()

    # Refused for the phone only: the summary on top, the message beside the field, the text
    # and both photos kept (the photos held on the server, not sent again).
    summary = resident.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(resident.locator("#phone-error")).to_be_visible()
    expect(resident.get_by_label("Tên sáng kiến")).to_have_value(TITLE)
    expect(resident.get_by_label("Thành viên của nhóm")).to_have_value("Vũ Văn Hùng\nĐỗ Thị Thu")
    expect(resident.locator(".held-files li")).to_have_count(2)
    expect(resident.get_by_label("Nếu bài đoạt giải hoặc được giới thiệu")).to_be_checked()
    resident.checks.page_ok("contest-entry-refused")
    resident.get_by_label("Số điện thoại").fill("0912 345 678")
    with resident.expect_navigation(url=re.compile(r"/bien-nhan")):
        resident.get_by_role("button", name="Gửi bài dự thi").click()

    code = resident.locator(".tracking-code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", code), code
    expect(resident.locator(".receipt-qr svg")).to_be_visible()
    resident.checks.page_ok("contest-receipt")

    with resident.expect_navigation():
        resident.get_by_role("link", name="Theo dõi bài của tôi").click()
    expect(resident.get_by_label("Mã bài dự thi")).to_have_value(code)
    resident.get_by_label("4 số cuối của số điện thoại").fill("5678")
    with resident.expect_navigation():
        resident.get_by_role("button", name="Xem tình trạng").click()
    expect(resident.locator('[aria-current="step"]')).to_contain_text("Đã nhận")
    resident.checks.page_ok("contest-status")
    return code


def choose(select, text: str) -> None:
    """Pick the option whose text contains `text` (labels carry more than it)."""
    select.select_option(select.locator("option", has_text=text).first.get_attribute("value"))


def _editor_screens(editor, code: str, judges: list[str]) -> None:
    editor.goto("/quan-tri/cuoc-thi/")
    row = editor.locator("tr", has_text="Sáng kiến xanh thử nghiệm")
    with editor.expect_navigation():
        row.get_by_role("link", name="Bài dự thi").click()
    editor.checks.page_ok("contest-staff-queue")
    with editor.expect_navigation():
        editor.get_by_role("link", name=re.compile(re.escape(code))).first.click()
    expect(editor.get_by_text("0912 345 678")).to_be_visible()  # in full, on this page only
    editor.checks.page_ok("contest-staff-entry")
    with editor.expect_navigation():
        editor.get_by_role("button", name="Chấp nhận để chấm").click()
    with editor.expect_navigation():
        editor.get_by_role("button", name="Đưa vào thư viện công khai").click()
    expect(editor.get_by_role("button", name="Gỡ khỏi thư viện")).to_be_visible()

    editor.goto("/quan-tri/cuoc-thi/")
    with editor.expect_navigation():
        editor.locator("tr", has_text="Sáng kiến xanh thử nghiệm").get_by_role(
            "link", name="Giám khảo").click()
    for judge in judges:
        choose(editor.get_by_label("Giám khảo", exact=True), judge)
        with editor.expect_navigation():
            editor.get_by_role("button", name="Phân công").click()
    editor.checks.page_ok("contest-staff-judges")


def _judge_scores(judge) -> None:
    judge.goto("/giam-khao/")
    with judge.expect_navigation():
        judge.get_by_role("link", name=TITLE).click()
    expect(judge.get_by_text("0912")).to_have_count(0)  # judges never see the phone number
    for box in judge.locator("input[name^=score_]").all():
        box.fill("8")
    judge.checks.page_ok("contest-judge-sheet")
    with judge.expect_navigation():
        judge.get_by_role("button", name="Nộp phiếu chấm").click()
    expect(judge.get_by_role("button", name="Nộp phiếu chấm")).to_have_count(0)


def _judge_steps_aside(judge) -> None:
    judge.goto("/giam-khao/")
    with judge.expect_navigation():
        judge.get_by_role("link", name=TITLE).click()
    judge.get_by_text("Tôi có xung đột lợi ích").click()
    judge.get_by_label("Vì sao bạn xin rút?").fill("Anh Hùng trong nhóm dự thi là em họ tôi.")
    with judge.expect_navigation():
        judge.get_by_role("button", name="Rút khỏi việc chấm bài này").click()
    expect(judge.locator("input[name^=score_]")).to_have_count(0)
    judge.checks.page_ok("contest-judge-recused")


def _editor_awards_and_publishes(editor) -> None:
    editor.goto("/quan-tri/cuoc-thi/")
    with editor.expect_navigation():
        editor.get_by_role("link", name="Sáng kiến xanh thử nghiệm").click()
    closes = to_local(utcnow() - timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M")
    editor.get_by_label("Đóng nhận bài").fill(closes)
    with editor.expect_navigation():
        editor.get_by_role("button", name="Lưu cuộc thi").click()
    expect(editor.locator(".error-summary, .form-errors")).to_have_count(0)

    editor.goto("/quan-tri/cuoc-thi/")
    with editor.expect_navigation():
        editor.locator("tr", has_text="Sáng kiến xanh thử nghiệm").get_by_role(
            "link", name="Xếp hạng").click()
    row = editor.locator("tr", has_text=TITLE)
    expect(row).to_contain_text("80")  # 8 of 10 on every criterion: 80 of 100
    choose(row.locator("select"), "Giải Nhất")
    with editor.expect_navigation():
        row.get_by_role("button", name=re.compile("Lưu")).click()
    editor.checks.page_ok("contest-staff-ranking")
    with editor.expect_navigation():
        editor.get_by_role("link", name="Công bố kết quả…").click()
    editor.checks.page_ok("contest-staff-publish")
    with editor.expect_navigation():
        editor.get_by_role("button", name="Công bố kết quả").click()


def test_contest_from_entry_to_published_results(browser, live_server, accounts):
    resident = new_page(browser, live_server)  # a 360 px phone
    editor = new_page(browser, live_server, width=1280)
    judge, judge2 = (new_page(browser, live_server, width=1280) for _ in range(2))
    for page in (resident, editor, judge, judge2):  # "are you sure?" questions: yes
        page.on("dialog", lambda dialog: dialog.accept())

    code = _resident_enters(resident)

    StaffMember(editor, accounts["editor"]).signs_in()
    _editor_screens(editor, code, [accounts["judge"], accounts["judge2"]])

    StaffMember(judge, accounts["judge"]).signs_in()
    _judge_scores(judge)
    StaffMember(judge2, accounts["judge2"]).signs_in()
    _judge_steps_aside(judge2)

    _editor_awards_and_publishes(editor)

    resident.goto(f"/cuoc-thi/{SLUG}/ket-qua")
    award = resident.locator(".award", has_text=TITLE)
    expect(award).to_contain_text("Giải Nhất")
    expect(award).to_contain_text(NAME)
    expect(resident.get_by_text("0912")).to_have_count(0)
    resident.checks.page_ok("contest-results")
