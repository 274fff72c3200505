"""An editor schedules a post with a picture; it appears by itself at its time; a resident
finds it by searching without tone marks and prints it for the notice board."""
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from .. import factories
from .actors import Editor, Reader
from .conftest import new_page

TITLE = "Thu gom pin cũ và bóng đèn hỏng tại nhà văn hóa thôn Hòa Ché"
BODY = "## Khi nào\n\nSáng **Chủ nhật** tuần này, từ 7 giờ đến 10 giờ.\n\n- Pin các loại\n- Bóng đèn"


def test_scheduled_post_appears_and_is_found_without_tone_marks(browser, live_server, accounts, tmp_path):
    cover = tmp_path / "anh-bia.jpg"
    cover.write_bytes(factories.png_bytes(size=(1600, 1000), exif_gps=True))

    staff_page = new_page(browser, live_server, width=1280)
    editor = Editor(staff_page, accounts["editor"]).signs_in()
    editor.writes_post(TITLE, BODY, category="Phân loại rác tại nguồn", cover_path=str(cover),
                       cover_alt="Bà con mang pin cũ đến nhà văn hóa thôn")
    # The live preview renders the Markdown as the public page will.
    expect(staff_page.locator("#preview strong")).to_have_text("Chủ nhật")
    staff_page.checks.page_ok("staff-post-editor")

    # Far enough ahead that the form (a cover to re-encode) is saved before, even on a busy machine.
    when = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")) + timedelta(seconds=25)
    editor.schedules_at(when.strftime("%Y-%m-%dT%H:%M:%S"))
    expect(staff_page.get_by_role("status").first).to_contain_text("Đã lưu bài viết")
    expect(staff_page.locator(".state").first).to_have_text("Đã hẹn giờ")

    page = new_page(browser, live_server)
    Reader(page).searches_for("thu gom pin hoa che")
    expect(page).to_have_url(re.compile(r"q=thu\+gom"))
    expect(page.locator("#search-results")).not_to_contain_text("Hòa Ché")

    # Nothing runs a job: once its time has come (same clock), the post is simply there.
    page.wait_for_function("at => Date.now() >= at", arg=when.timestamp() * 1000,
                           polling=500)
    page.reload()
    result = page.locator(".search-results li").first
    expect(result.locator("h3")).to_contain_text("Hòa Ché")
    expect(result.locator("mark").first).to_be_visible()
    page.checks.page_ok("search-results")

    result.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    image = page.locator("figure.cover img")
    expect(image).to_have_attribute("alt", "Bà con mang pin cũ đến nhà văn hóa thôn")
    assert "640w" in image.get_attribute("srcset")
    page.checks.page_ok("post")

    page.get_by_role("link", name="In để dán bảng tin").click()
    expect(page.locator("svg.qr")).to_be_visible()
    expect(page.locator(".print-url")).to_contain_text(re.compile(r"/l/b\d+"))
    page.checks.page_ok("post-print")
    staff_page.context.close()
    page.context.close()


def test_public_content_pages_are_accessible(page):
    for path, name in [("/tin-tuc/", "post-list"), ("/chien-dich/", "campaigns"),
                       ("/huong-dan/", "guides"), ("/van-ban/", "documents"),
                       ("/phan-loai-rac/?q=chai+nhua", "waste-lookup"), ("/tim-kiem?q=rac", "search")]:
        page.goto(path)
        page.checks.page_ok(name)


def test_waste_lookup_updates_as_you_type(page):
    page.goto("/phan-loai-rac/")
    with page.expect_response(lambda r: "q=" in r.url):
        page.get_by_label("Bạn muốn bỏ đi món đồ gì?").fill("vo trung")
    expect(page.locator("#waste-results")).to_contain_text("Vỏ trứng")
    expect(page).to_have_url(re.compile(r"q=vo\+trung|q=vo%20trung"))
    page.checks.page_ok("waste-live")


def test_staff_content_pages_are_accessible(page, accounts):
    from .actors import StaffMember

    StaffMember(page, accounts["editor"]).signs_in()
    for path, name in [("/quan-tri/bai-viet/", "staff-posts"), ("/quan-tri/chien-dich/moi", "staff-campaign-form"),
                       ("/quan-tri/van-ban/moi", "staff-document-form"), ("/quan-tri/thu-vien/", "staff-media"),
                       ("/quan-tri/canh-bao/", "staff-alerts"), ("/quan-tri/canh-bao/moi", "staff-alert-choose"),
                       ("/tai-khoan/mat-khau", "account-password")]:
        page.goto(path)
        page.checks.page_ok(name)
