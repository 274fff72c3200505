"""Issue 11, line 7: a file over the size limit is refused in the browser, beside its field,
before anything is sent; what was typed stays (the server's own answer is in
tests/web/test_oversize_upload.py)."""
from playwright.sync_api import expect

from .actors import Editor

LIMIT = 32 * 1024 * 1024  # the live server's MAX_CONTENT_LENGTH (the default)


def test_a_cover_over_the_limit_is_refused_before_sending(page, accounts):
    editor = Editor(page, accounts["editor"]).signs_in()
    editor.writes_post("Lịch thu gom pin cũ tháng này", "Mang pin cũ đến nhà văn hoá thôn.",
                       category="Phân loại rác tại nguồn", cover_path=None, cover_alt="")
    cover = page.get_by_label("Ảnh bìa")
    expect(cover).to_have_attribute("data-max-bytes", str(LIMIT))
    sent = []
    page.on("request", lambda request: sent.append(request.url)
            if request.method == "POST" else None)

    cover.set_input_files([{"name": "anh-goc-may-anh.jpg", "mimeType": "image/jpeg",
                            "buffer": b"\xff\xd8" + bytes(LIMIT)}])

    message = page.locator("#cover-size")
    expect(message).to_have_text(
        "Tệp “anh-goc-may-anh.jpg” lớn hơn giới hạn 32 MB; hãy chọn tệp nhỏ hơn.")
    expect(message).to_have_attribute("aria-live", "polite")
    expect(cover).to_have_attribute("aria-invalid", "true")
    assert cover.evaluate("input => input.files.length") == 0
    expect(page.get_by_label("Tiêu đề")).to_have_value("Lịch thu gom pin cũ tháng này")
    assert sent == []
    page.checks.page_ok("oversize-cover-refused")
