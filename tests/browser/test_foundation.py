"""The foundation as people use it: a resident reads, staff sign in and work."""
import re

from playwright.sync_api import expect

from .actors import Resident, StaffMember


def test_resident_reads_the_home_page_in_vietnamese_then_english(page):
    resident = Resident(page).opens_the_home_page()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kẻ Sặt")
    expect(page.get_by_role("link", name="112").first).to_be_visible()
    page.checks.page_ok("home-vi")
    resident.switches_language_to("English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_attached()
    page.checks.page_ok("home-en")


def test_sign_in_page_and_wrong_password(page):
    StaffMember(page, "nobody@kesat.example", "sai mật khẩu mất rồi").signs_in()
    expect(page.get_by_role("alert")).to_contain_text("Email hoặc mật khẩu không đúng")
    page.checks.page_ok("sign-in-error")


def test_admin_creates_an_account_and_filters_the_audit_log(page, accounts):
    admin = StaffMember(page, accounts["admin"]).signs_in()
    expect(page).to_have_url(re.compile(r"/quan-tri/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng điều khiển")
    page.checks.page_ok("staff-dashboard")

    admin.creates_account("moi.bien.tap@kesat.example", "Biên tập viên", "mùa gặt không đốt rơm",
                          name="Vũ Thị Mới")
    expect(page).to_have_url(re.compile(r"/quan-tri/nguoi-dung/$"))
    expect(page.get_by_role("status").first).to_contain_text("moi.bien.tap@kesat.example")
    page.checks.page_ok("staff-users")

    # A weak password is refused, and what was typed is kept.
    admin.creates_account("yeu@kesat.example", "Giám khảo", "12345678", name="Người Thử")
    expect(page.get_by_label("Họ và tên")).to_have_value("Người Thử")
    expect(page.locator(".error").first).to_be_visible()
    page.checks.page_ok("staff-user-form-error")

    # The filter updates the table in place with htmx, and the URL stays shareable.
    admin.filters_audit_log_by_action("user.create")
    expect(page.locator("#audit-rows")).to_contain_text("moi.bien.tap@kesat.example")
    expect(page.locator("#audit-rows")).not_to_contain_text("Đã đăng nhập")
    expect(page).to_have_url(re.compile(r"action=user\.create"))
    assert page.evaluate("window.__cspViolations.length") == 0
    page.checks.page_ok("staff-audit-log")

    page.goto("/quan-tri/cai-dat")
    page.checks.page_ok("staff-settings")
    admin.signs_out()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("status").first).to_contain_text("Bạn đã đăng xuất")


def test_editor_is_refused_admin_pages(page, accounts):
    StaffMember(page, accounts["editor"]).signs_in()
    response = page.goto("/quan-tri/nguoi-dung/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Không có quyền truy cập")
    page.checks.page_ok("error-403")


def test_school_and_judge_see_their_own_homes(page, accounts):
    school = StaffMember(page, accounts["school"]).signs_in()
    expect(page).to_have_url(re.compile(r"/truong/$"))
    page.checks.page_ok("school-home")
    school.signs_out()
    StaffMember(page, accounts["judge"]).signs_in()
    expect(page).to_have_url(re.compile(r"/giam-khao/$"))
    page.checks.page_ok("judge-home")


def test_not_found_page(page):
    response = page.goto("/khong-co-trang-nay")
    assert response.status == 404
    page.checks.page_ok("error-404")
