"""The waste lookup and the collection calendar in a real browser, at a phone's width."""
from playwright.sync_api import expect


def test_calendar_filter_works_on_a_phone_without_script(page):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/phan-loai-rac/?q=t%C3%A3")
    expect(page.locator(".waste-item").first).to_contain_text("Bỉm")
    page.goto("/phan-loai-rac/?q=pin")
    page.locator(".waste-item").first.get_by_role("link", name="Thu gom khi nào").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lịch thu gom rác")
    page.get_by_label("Thôn").select_option(label="Thôn Phụng Viện")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("table.calendar-table")).to_have_count(1)
    expect(page.locator("table.calendar-table caption")).to_contain_text("Thôn Phụng Viện")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.checks.page_ok("waste-calendar")
