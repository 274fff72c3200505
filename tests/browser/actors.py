"""Page helpers per actor, whose methods read as user stories (SecureDrop functional tests)."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from .. import factories


def open_menu(page):
    """Below 64rem the menu sits behind one "Menu" button (a <details>); above, it is in view."""
    button = page.locator("summary.menu-button")
    if button.is_visible():
        button.click()
        expect(page.locator("details.menu")).to_have_attribute("open", "")
    return page.locator("nav.main-nav")


class Resident:
    def __init__(self, page):
        self.page = page

    def opens_the_home_page(self):
        self.page.goto("/")
        return self

    def switches_language_to(self, name: str):
        with self.page.expect_navigation():
            self.page.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link", name=name).click()
        return self

    def goes_to(self, area: str):
        """Through the menu, as a resident would: open it if it is folded, follow the link."""
        menu = open_menu(self.page)
        with self.page.expect_navigation():
            menu.get_by_role("link", name=area, exact=True).click()
        return self


class StaffMember:
    def __init__(self, page, email: str, password: str = factories.PASSWORD):
        self.page, self.email, self.password = page, email, password

    def signs_in(self):
        """Waits for the answer (the work area, or the form again with its error): password
        hashing on a busy machine can take a while."""
        self.page.goto("/dang-nhap")
        self.page.get_by_label("Email").fill(self.email)
        self.page.get_by_label("Mật khẩu").fill(self.password)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Đăng nhập").click()
        return self

    def signs_out(self):
        self.page.get_by_role("button", name="Đăng xuất").click()
        expect(self.page).not_to_have_url(re.compile(r"/(quan-tri|truong|giam-khao)/"))
        return self

    def creates_account(self, email: str, role_label: str, password: str, name: str = ""):
        self.page.goto("/quan-tri/nguoi-dung/moi")
        self.page.get_by_label("Email").fill(email)
        if name:
            self.page.get_by_label("Họ và tên").fill(name)
        self.page.get_by_label("Vai trò").select_option(label=role_label)
        self.page.get_by_label("Mật khẩu").fill(password)
        self.page.get_by_role("button", name="Lưu").click()
        return self

    def filters_audit_log_by_action(self, action: str):
        self.page.goto("/quan-tri/nhat-ky")
        with self.page.expect_response(lambda r: "/quan-tri/nhat-ky" in r.url):
            self.page.get_by_label("Thao tác", exact=True).select_option(action)
        return self


class Editor(StaffMember):
    def writes_post(self, title: str, body: str, *, category: str, cover_path: str, cover_alt: str):
        page = self.page
        page.goto("/quan-tri/bai-viet/moi")
        page.get_by_label("Tiêu đề").fill(title)
        page.get_by_label("Chuyên mục").select_option(label=category)
        with page.expect_response(lambda r: "/quan-tri/bai-viet/xem-truoc" in r.url):
            page.locator("#body").fill(body)
        page.get_by_label("Ảnh bìa").set_input_files(cover_path)
        page.get_by_label("Mô tả ảnh").fill(cover_alt)
        return self

    def schedules_at(self, local_time: str):
        self.page.locator("#publish_at").fill(local_time)
        self.page.get_by_role("button", name="Hẹn giờ đăng").click()
        return self


class Reader(Resident):
    def searches_for(self, words: str):
        self.page.goto("/tim-kiem")
        self.page.get_by_label("Tìm tin tức, hướng dẫn, văn bản, chiến dịch, cảnh báo và danh sách phân loại rác").fill(words)
        with self.page.expect_response(lambda r: "/tim-kiem?q=" in r.url and r.request.method == "GET"):
            self.page.get_by_role("button", name="Tìm kiếm", exact=True).click()
        return self
