"""A resident's page is open; an editor publishes a level-3 heavy-rain warning, updates it,
then cancels it; the banner on the resident's page follows each step without a reload."""
from playwright.sync_api import expect

from .actors import StaffMember
from .conftest import new_page


def test_banner_follows_publish_update_and_cancel(browser, live_server, accounts):
    resident = new_page(browser, live_server)
    resident.goto("/tin-tuc/")
    banner = resident.locator("#alert-banner")
    expect(banner).not_to_contain_text("Mưa lớn")

    staff = new_page(browser, live_server)
    staff.on("dialog", lambda dialog: dialog.accept())
    StaffMember(staff, accounts["editor"]).signs_in()

    # From a template, on a phone.
    staff.goto("/quan-tri/canh-bao/moi")
    staff.locator("input[name=loai][value=mua-lon]").check()
    staff.locator("#cap-do").select_option("3")
    staff.locator("form[action$='/canh-bao/moi'] button[type=submit]").click()
    expect(staff.locator("#headline")).not_to_have_value("")
    staff.locator("#headline").fill("Mưa lớn cấp 3: đề phòng ngập úng ruộng lúa")
    # The template's blanks ([thời gian]…) must be filled before it can go out (issue 8).
    staff.locator("#description").fill("Từ chiều nay đến sáng mai có mưa rất to, 150–200 mm. "
                                       "Cánh đồng trũng và đường ven sông Sặt có thể ngập sâu.")
    staff.checks.page_ok("staff-alert-form")
    staff.locator("form.form button[type=submit]").click()
    expect(staff.locator("form[action$='/dang'] button")).to_be_visible()
    staff.locator("form[action$='/dang'] button").click()
    expect(staff.locator(".state").first).to_have_class("state state-active")
    staff.checks.page_ok("staff-alert-published")

    expect(banner).to_contain_text("Mưa lớn cấp 3: đề phòng ngập úng ruộng lúa")
    expect(banner.locator(".level-badge.level-3")).to_be_visible()
    resident.checks.page_ok("banner-level-3")

    # An update replaces it for everyone.
    staff.locator("form[action$='/cap-nhat'] button").click()
    staff.locator("#headline").fill("Mưa rất lớn cấp 3: nước dâng ở các cánh đồng trũng")
    staff.locator("form.form button[type=submit]").click()
    staff.locator("form[action$='/dang'] button").click()
    expect(banner).to_contain_text("Mưa rất lớn cấp 3")
    expect(banner).not_to_contain_text("đề phòng ngập úng ruộng lúa")

    # Cancelled: the banner empties.
    staff.locator("#reason").fill("Mưa đã ngớt, nước rút nhanh.")
    staff.locator("form[action$='/huy'] button").click()
    expect(banner).not_to_contain_text("Mưa rất lớn")
    assert resident.evaluate("window.__cspViolations.length") == 0

    resident.goto("/canh-bao/")
    resident.checks.page_ok("alerts-index")
    resident.locator(".alert-history a").first.click()
    resident.checks.page_ok("alert-detail")
    staff.context.close()
    resident.context.close()
