"""Vietnamese by default, even in a browser set to English; English only by choice."""
import re

import pytest
from playwright.sync_api import expect

from .actors import Resident, StaffMember, open_menu
from .conftest import CSP_RECORDER, Checks


@pytest.fixture
def english_page(browser, live_server):
    """A phone set to English: English locale and Accept-Language."""
    context = browser.new_context(base_url=live_server, locale="en-US",
                                  extra_http_headers={"Accept-Language": "en-US,en;q=0.9"},
                                  viewport={"width": 360, "height": 800})
    context.add_init_script(CSP_RECORDER)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.checks = Checks(page)
    yield page
    context.close()


def test_an_english_browser_gets_vietnamese_until_english_is_chosen(english_page):
    page = english_page
    assert page.evaluate("navigator.language") == "en-US"
    resident = Resident(page).opens_the_home_page()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("summary.menu-button")).to_have_text("Menu")
    open_menu(page)  # a 360 px phone: the menu sits behind its button
    menu = page.get_by_role("navigation", name="Điều hướng chính")
    expect(menu.get_by_role("link", name="Trang chủ")).to_be_visible()
    expect(menu.get_by_role("link", name="Cảnh báo")).to_be_visible()
    page.checks.page_ok("language-en-browser-vi")

    resident.switches_language_to("English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    open_menu(page)
    menu = page.get_by_role("navigation", name="Main navigation")
    expect(menu.get_by_role("link", name="Home")).to_be_visible()
    expect(menu.get_by_role("link", name="Warnings")).to_be_visible()
    page.checks.page_ok("language-en-chosen")

    # The choice is kept from page to page, and can be undone.
    menu.get_by_role("link", name="News").click()
    expect(page).to_have_url(re.compile(r"/tin-tuc/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Tiếng Việt").click()
    expect(page).to_have_url(re.compile(r"/tin-tuc/$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    open_menu(page)
    expect(page.get_by_role("navigation", name="Điều hướng chính")
           .get_by_role("link", name="Tin tức")).to_be_visible()


def test_an_english_browser_gets_vietnamese_form_messages(english_page, accounts):
    page = english_page
    StaffMember(page, accounts["admin"]).signs_in()
    page.goto("/quan-tri/cai-dat")
    phone = page.get_by_label("Điện thoại", exact=True)
    phone.fill("abc")
    page.get_by_role("button", name="Lưu cài đặt").click()
    expect(page.get_by_role("alert")).to_contain_text("Vui lòng sửa các ô được đánh dấu bên dưới.")
    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#phone-error")).to_have_text(
        "Vui lòng nhập số điện thoại Việt Nam, ví dụ 0225 3812 345 hoặc 0912 345 678.")
    expect(page.locator("body")).not_to_contain_text("Enter a Vietnamese phone number")
    page.checks.page_ok("settings-phone-refused")
    page.goto("/")
    expect(page.locator('a[href="tel:abc"]')).to_have_count(0)
