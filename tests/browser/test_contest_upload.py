"""Issue 9, line 2: on a slow network the entrant sees the upload's progress, and a form
refused after the upload keeps the file (held on the server) and the text."""
import io
import os

from PIL import Image
from playwright.sync_api import expect

from .conftest import new_page

SLOW_3G = {"offline": False, "latency": 200, "downloadThroughput": 200_000,
           "uploadThroughput": 40_000}  # bytes per second


def _noise_png(size=(240, 240)) -> bytes:
    """Random pixels do not compress: about 170 KB, a few seconds at 40 KB/s."""
    out = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(out, "PNG")
    return out.getvalue()


def test_upload_progress_on_a_slow_network(browser, live_server):
    page = new_page(browser, live_server)
    page.goto("/cuoc-thi/cuoc-thi-mo/du-thi")
    page.get_by_label("Họ tên của bạn, hoặc tên nhóm").fill("Trần Văn Nam")
    page.get_by_label("Ảnh hoặc tài liệu (không bắt buộc)").set_input_files(
        [{"name": "ruong-lua.png", "mimeType": "image/png", "buffer": _noise_png()}])
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    page.get_by_role("button", name="Gửi bài dự thi").click()

    status = page.locator("[data-upload-text]")
    expect(page.locator("[data-upload-status]")).to_be_visible()
    expect(status).to_contain_text("Đã gửi")  # "Đã gửi: 40%", then "Đã gửi xong…"
    expect(page.get_by_role("button", name="Gửi bài dự thi")).to_be_disabled()

    # The form is refused (the title and more are missing): the text and the photo stay.
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_label("Họ tên của bạn, hoặc tên nhóm")).to_have_value("Trần Văn Nam")
    expect(page.locator(".held-files")).to_contain_text("ruong-lua.png")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 0,
                                                 "downloadThroughput": -1, "uploadThroughput": -1})
    page.checks.page_ok("contest-upload-refused")
    page.context.close()
