"""A resident on a phone follows a warning through its history, its radio bulletin and its
print view (issue 8, lines 5, 7 and 8)."""
import re
from datetime import UTC, datetime

from playwright.sync_api import expect

from app.extensions import db

from .. import factories
from ..conftest import make_app


def _warnings(url: str) -> dict[str, str]:
    """A storm warning updated then cancelled, and a rain warning in force."""
    app = make_app(url)
    with app.app_context():
        storm = factories.make_alert("Áp thấp nhiệt đới ngoài vịnh Bắc Bộ", level=3, hazard="bao-ap-thap",
                                     hours_from=-30, hours_to=40)
        stronger = factories.make_alert("Áp thấp nhiệt đới mạnh lên, gió giật cấp 8", level=3,
                                        hazard="bao-ap-thap", msg_type="Update", references=storm)
        factories.make_alert("Áp thấp nhiệt đới đã suy yếu, hủy cảnh báo", level=3, hazard="bao-ap-thap",
                             msg_type="Cancel", references=stronger, description="Áp thấp đã tan.")
        rain = factories.make_alert(
            "Mưa to ở Vĩnh Hồng, rủi ro thiên tai cấp 2", level=2, areas=("vinh-hong",),
            instruction="- Tháo nước, khơi thông mương, cống ruộng\n- Không ra đồng khi có sấm sét",
            source_agency="Đài Khí tượng thủy văn khu vực Đông Bắc",
            source_issued_at=datetime(2026, 11, 30, 3, 0, tzinfo=UTC))
        db.session.commit()
        ids = {"rain": rain.identifier}
        db.session.remove()  # give the connection back before the pool is closed
        db.engine.dispose()
    return ids


def test_history_bulletin_and_print_view_on_a_phone(browser, live_server, live_app_data):
    ids = _warnings(live_app_data[0])
    context = browser.new_context(base_url=live_server, locale="vi-VN", viewport={"width": 360, "height": 800})
    from .conftest import CSP_RECORDER, Checks

    context.add_init_script(CSP_RECORDER)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    page.checks = Checks(page)

    # History: one entry for the storm, in the cancelled style, its messages folded inside.
    page.goto("/canh-bao/?loai=bao-ap-thap")
    storm = page.locator(".alert-event", has_text="Áp thấp nhiệt đới đã suy yếu, hủy cảnh báo")
    expect(storm).to_have_count(1)
    expect(storm.locator(".cancelled-badge")).to_have_text(re.compile("Đã hủy"))
    expect(storm.locator(".level-badge")).to_have_count(0)
    expect(storm.get_by_text("Áp thấp nhiệt đới mạnh lên, gió giật cấp 8")).not_to_be_visible()
    storm.locator("summary").click()
    expect(storm.get_by_text("Áp thấp nhiệt đới mạnh lên, gió giật cấp 8")).to_be_visible()
    page.checks.page_ok("alerts-history-by-event")

    # The warning, then its bulletin for the commune radio.
    page.goto(f"/canh-bao/{ids['rain']}")
    expect(page.get_by_role("link", name="Dữ liệu cảnh báo cho hệ thống khác (CAP)")).to_be_visible()
    page.get_by_role("link", name="Bản tin cho đài truyền thanh xã").click()
    expect(page).to_have_url(re.compile(r"/loa$"))
    full = page.locator("#loa-full")
    expect(full).to_contain_text("Đây là Đài truyền thanh xã Kẻ Sặt. Kính thưa bà con nhân dân!")
    expect(full).to_contain_text("Theo bản tin của Đài Khí tượng thủy văn khu vực Đông Bắc phát lúc mười giờ")
    expect(page.locator("#loa-short")).to_be_visible()
    assert float(full.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 20  # large type
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    expect(page.get_by_text(re.compile(r"Đọc trong khoảng \d+ giây"))).to_have_count(2)
    copy = page.get_by_role("button", name="Chép bản đầy đủ")
    expect(copy).to_be_visible()
    copy.click()
    expect(page.locator(".loa-version").first.locator("[data-copy-status]")).to_have_text(re.compile("Đã chép"))
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Đây là Đài truyền thanh xã Kẻ Sặt.") and "Xin nhắc lại" in copied
    page.checks.page_ok("alert-radio-bulletin")
    plain = page.request.get(page.get_by_role("link", name="Văn bản thuần, bản đầy đủ").get_attribute("href"))
    assert plain.headers["content-type"].startswith("text/plain") and plain.text().startswith("Đây là")

    # The print view: a print button, and a way back to the warning.
    page.goto(f"/canh-bao/{ids['rain']}/in")
    page.evaluate("window.print = function () { window.__printed = true; }")
    page.get_by_role("button", name="In trang này").click()
    assert page.evaluate("window.__printed === true")
    page.checks.page_ok("alert-print-view")
    page.get_by_role("link", name="Quay lại trang cảnh báo").click()
    expect(page).to_have_url(re.compile(rf"/canh-bao/{ids['rain']}$"))
    context.close()

    # Without JavaScript: no button that cannot work; the plain text and Ctrl+P instead.
    bare = browser.new_context(base_url=live_server, locale="vi-VN", java_script_enabled=False,
                               viewport={"width": 360, "height": 800})
    plain_page = bare.new_page()
    plain_page.goto(f"/canh-bao/{ids['rain']}/loa")
    expect(plain_page.get_by_role("button", name="Chép bản đầy đủ")).to_be_hidden()
    expect(plain_page.get_by_role("link", name="Văn bản thuần, bản đầy đủ")).to_be_visible()
    plain_page.goto(f"/canh-bao/{ids['rain']}/in")
    expect(plain_page.get_by_role("button", name="In trang này")).to_be_hidden()
    # (Chromium's script switch still parses <noscript> as scripted; the unit test checks the hint.)
    assert "Để in, nhấn Ctrl+P." in plain_page.content()
    bare.close()
