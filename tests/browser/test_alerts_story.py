"""Issue 8, line 9: a warning under the second-person rule, from template to cancellation.

A resident keeps the news page open on a phone. The admin turns the second-person rule on.
An editor drafts a level-2 heavy-rain warning from its template: asking for approval is refused
while the template's blanks remain, and they are marked; the editor fills them and asks. The
admin approves, and the banner appears on the resident's open page. The editor raises the level
to 3 in an update: the sentence still naming level 2 is marked and the request refused until
the text agrees; the admin approves, and the radio bulletin (full and short) says level 3 only.
The editor asks to cancel; the banner stays until the admin approves, then it goes.
Every page on the way is checked with axe and for CSP violations, at 360 px and 1280 px.

The live server is shared with the other browser tests: this story uses its own headlines,
ends cancelled, and switches the rule off again whatever happens.
"""
import re

from playwright.sync_api import expect

from .actors import StaffMember
from .conftest import new_page

HEADLINE = "Mưa to ở cánh đồng Bãi Sậy: đề phòng ngập úng"
LEVEL_2_SENTENCE = "Rủi ro thiên tai do mưa lớn cấp 2 (rủi ro trung bình)."
DESCRIPTION = ("Từ chiều nay đến sáng mai, trên địa bàn xã có mưa to, có nơi mưa rất to, lượng mưa "
               f"100–150 mm. {LEVEL_2_SENTENCE} Ruộng lúa, ao nuôi và đường ở cánh đồng Bãi Sậy có "
               "thể bị ngập; trong cơn dông có thể có lốc, sét.")
UPDATE_HEADLINE = "Mưa rất to ở cánh đồng Bãi Sậy: phòng chống ngập sâu"
UPDATE_DESCRIPTION = ("Từ chiều nay đến hết đêm mai, trên địa bàn xã có mưa rất to kéo dài, lượng "
                      "mưa 200–300 mm. Ruộng lúa, ao nuôi và đường ở cánh đồng Bãi Sậy có thể ngập "
                      "sâu; mực nước sông Sặt có thể lên nhanh.")
CANCEL_REASON = "Mưa đã ngớt, nước ở cánh đồng Bãi Sậy rút nhanh."
TWO_PERSON = "Cảnh báo cần người thứ hai phát hành (biên tập viên soạn, quản trị viên phát hành)"
# What the radio must not say once the warning is at level 3.
SAYS_LEVEL_2 = re.compile(r"cấp\s+(độ\s+)?(2|hai)\b|rủi ro trung bình", re.IGNORECASE)


def _second_person_rule(page, on: bool) -> None:
    """The admin ticks (or unticks) the rule in the site settings, as they would by hand."""
    page.goto("/quan-tri/cai-dat")
    box = page.get_by_label(TWO_PERSON)
    box.set_checked(on)
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu cài đặt").click()
    expect(page.get_by_label(TWO_PERSON)).to_be_checked(checked=on)


def _approves(admin, headline: str, editor: str, check: str | None = None) -> None:
    """From the staff list's "waiting for your approval", open the message, read who asked,
    approve it."""
    admin.goto("/quan-tri/canh-bao/")
    waiting = admin.locator("section", has=admin.get_by_role("heading", name="Chờ bạn duyệt"))
    with admin.expect_navigation():
        waiting.get_by_role("link", name=headline, exact=True).click()
    expect(admin.locator(".approval-status")).to_contain_text(f"{editor} đã gửi duyệt")
    approve = admin.get_by_role("button", name="Duyệt và phát hành")
    expect(approve).to_be_visible()
    if check:
        admin.checks.page_ok(check)
    with admin.expect_navigation():
        approve.click()  # accepts the "publish to every resident?" question (dialog handler)


def test_second_person_story_from_template_to_cancellation(browser, live_server, accounts):
    resident = new_page(browser, live_server)
    editor = new_page(browser, live_server)
    admin = new_page(browser, live_server)
    radio = new_page(browser, live_server)
    admin.on("dialog", lambda dialog: dialog.accept())
    resident.goto("/tin-tuc/")
    banner = resident.locator("#alert-banner")
    ours = banner.locator(".alert-item", has_text="cánh đồng Bãi Sậy")
    expect(ours).to_have_count(0)

    StaffMember(admin, accounts["admin"]).signs_in()
    try:
        _second_person_rule(admin, True)
        StaffMember(editor, accounts["editor"]).signs_in()

        # The editor starts from the heavy-rain template at level 2.
        editor.goto("/quan-tri/canh-bao/moi")
        editor.locator("input[name=loai][value=mua-lon]").check()
        editor.get_by_label("Cấp độ rủi ro thiên tai", exact=True).select_option("2")
        with editor.expect_navigation():
            editor.get_by_role("button", name="Tiếp tục").click()
        description = editor.get_by_label("Tình hình", exact=True)
        expect(description).to_have_value(re.compile(r"\[thời gian\]"))
        blanks = editor.locator("#description-check mark.blank")
        expect(blanks.first).to_have_text("[thời gian]")
        expect(editor.get_by_role("button", name="Gửi duyệt")).to_have_count(0)  # not saved yet

        # Saved with its blanks, then sent for approval: refused, each blank marked.
        editor.get_by_label("Tiêu đề", exact=True).fill(HEADLINE)
        with editor.expect_navigation():
            editor.get_by_role("button", name="Lưu bản nháp").click()
        expect(editor.get_by_role("button", name="Gửi duyệt")).to_be_visible()
        expect(editor.get_by_role("button", name="Phát hành ngay")).to_have_count(0)  # not alone
        with editor.expect_navigation():
            editor.get_by_role("button", name="Gửi duyệt").click()
        expect(editor.get_by_role("alert").first).to_contain_text("Chưa phát hành")
        error = editor.locator("#description-error")
        expect(error).to_contain_text("Hãy điền các chỗ trống trước khi phát hành")
        for blank in ("[thời gian]", "[lượng mưa dự báo]", "[khu vực trũng]"):
            expect(error).to_contain_text(blank)
            expect(editor.locator("#description-check mark.blank", has_text=blank).first).to_be_visible()
        expect(description).to_have_attribute("aria-invalid", "true")
        editor.checks.page_ok("story-form-blanks-refused")

        # Filled in, saved, and sent for approval.
        description.fill(DESCRIPTION)
        with editor.expect_navigation():
            editor.get_by_role("button", name="Lưu bản nháp").click()
        expect(editor.locator("#description-check")).to_have_count(0)
        with editor.expect_navigation():
            editor.get_by_role("button", name="Gửi duyệt").click()
        expect(editor.locator(".state-waiting").first).to_have_text("Chờ duyệt")
        expect(ours).to_have_count(0)  # not out yet

        # The admin reads it and approves it; the resident's open page shows it.
        _approves(admin, HEADLINE, accounts["editor"], check="story-admin-review")
        expect(admin.locator(".state").first).to_have_class("state state-active")
        admin.checks.page_ok("story-admin-approved")
        expect(ours).to_contain_text(HEADLINE, timeout=30_000)
        expect(ours.locator(".level-badge.level-2")).to_be_visible()
        resident.checks.page_ok("story-banner-level-2")

        # The editor raises the level to 3 in an update; the copied level-2 sentence is marked.
        editor.reload()
        with editor.expect_navigation():
            editor.get_by_role("button", name="Soạn bản cập nhật").click()
        editor.get_by_label("Cấp độ rủi ro thiên tai", exact=True).select_option("3")
        editor.get_by_label("Tiêu đề", exact=True).fill(UPDATE_HEADLINE)
        with editor.expect_navigation():
            editor.get_by_role("button", name="Lưu bản nháp").click()
        expect(editor.locator(".level-change")).to_contain_text("Cấp độ đã đổi so với tin trước")
        expect(editor.locator("#description-check mark.level-clash").first).to_have_text(
            "Rủi ro thiên tai do mưa lớn cấp 2")
        with editor.expect_navigation():
            editor.get_by_role("button", name="Gửi duyệt").click()
        expect(editor.locator("#description-error")).to_contain_text(LEVEL_2_SENTENCE)
        editor.checks.page_ok("story-update-level-clash")
        description.fill(UPDATE_DESCRIPTION)
        with editor.expect_navigation():
            editor.get_by_role("button", name="Lưu bản nháp").click()
        expect(editor.locator("#description-check")).to_have_count(0)
        with editor.expect_navigation():
            editor.get_by_role("button", name="Gửi duyệt").click()
        expect(editor.locator(".state-waiting").first).to_have_text("Chờ duyệt")

        _approves(admin, UPDATE_HEADLINE, accounts["editor"])
        updated = banner.locator(".alert-item", has_text=UPDATE_HEADLINE)
        expect(updated.locator(".level-badge.level-3")).to_be_visible(timeout=30_000)
        expect(banner.locator(".alert-item", has_text=HEADLINE)).to_have_count(0)
        resident.checks.page_ok("story-banner-level-3")

        # The radio bulletin of the update, both versions, says the new level only.
        radio.goto(updated.get_by_role("link").get_attribute("href") + "/loa")
        expect(radio.get_by_role("heading", level=1)).to_have_text("Bản tin cho đài truyền thanh xã")
        for version in ("#loa-full", "#loa-short"):
            expect(radio.locator(version)).to_contain_text("cấp ba, rủi ro lớn")
            expect(radio.locator(version)).not_to_contain_text(SAYS_LEVEL_2)
        radio.checks.page_ok("story-radio-level-3")
        for link in ("Văn bản thuần, bản đầy đủ", "Văn bản thuần, bản ngắn"):
            response = radio.request.get(radio.get_by_role("link", name=link).get_attribute("href"))
            assert response.ok and response.headers["content-type"].startswith("text/plain")
            text = response.text()
            assert "cấp ba" in text and "rủi ro lớn" in text, (link, text)
            assert not SAYS_LEVEL_2.search(text), (link, SAYS_LEVEL_2.search(text).group(), text)
            assert "[" not in text, (link, text)

        # The editor asks to cancel: the warning stays in force until the admin approves.
        editor.reload()
        editor.get_by_label("Vì sao hủy cảnh báo?").fill(CANCEL_REASON)
        with editor.expect_navigation():
            editor.get_by_role("button", name="Đề nghị hủy cảnh báo").click()
        expect(editor.locator(".state-waiting").first).to_have_text("Chờ duyệt")
        expect(editor.get_by_role("button", name="Duyệt và phát hành")).to_have_count(0)
        editor.checks.page_ok("story-cancel-requested")
        # A poll sent after the request is answered, and the banner still shows the warning.
        with resident.expect_request(lambda r: "/canh-bao/?banner=" in r.url) as poll:
            pass
        poll.value.response()
        expect(updated).to_be_visible()

        _approves(admin, f"Hủy cảnh báo: {UPDATE_HEADLINE}", accounts["editor"],
                 check="story-admin-review-cancel")
        expect(admin.locator(".state").first).to_have_class("state state-cancelled")
        expect(ours).to_have_count(0, timeout=30_000)
        assert resident.evaluate("window.__cspViolations.length") == 0
    finally:
        _second_person_rule(admin, False)
        for page in (resident, editor, admin, radio):
            page.context.close()
