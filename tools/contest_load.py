"""Contest entries sent at the same moment, over HTTP, each with two photos: used by the
suite (tests/contest/test_load.py: all must succeed) and by `make bench` (how long it takes)."""
from __future__ import annotations

import http.cookiejar
import io
import re
import threading
import urllib.error
import urllib.request
import uuid


def multipart(fields: dict, files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                  .encode())
        out.write(str(value).encode() + b"\r\n")
    for name, filename, body in files:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                  f'filename="{filename}"\r\nContent-Type: image/png\r\n\r\n'.encode())
        out.write(body + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def send_entries(base: str, slug: str, count: int, photo: bytes) -> list[tuple[int, str]]:
    """Open the form `count` times, then send every entry at once (a barrier). Returns each
    (status, final URL)."""
    barrier = threading.Barrier(count)
    results: list[tuple[int, str] | None] = [None] * count

    def entrant(n: int) -> None:
        try:
            send(n)
        except Exception as error:  # noqa: BLE001 — reported as this entrant's result
            results[n] = (0, f"{type(error).__name__}: {error}"[:500])

    def send(n: int) -> None:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = opener.open(f"{base}/cuoc-thi/{slug}/du-thi", timeout=120).read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        category_id = re.search(r'<option value="([1-9][0-9]*)"', page).group(1)
        body, content_type = multipart({
            "csrf_token": token, "entrant_name": f"Người dự thi số {n}",
            "phone": f"0912 345 {n:03d}", "hamlet": "Thôn Tuấn Kiệt",
            "entrant_kind": "individual", "category_id": category_id,
            "title": f"Sáng kiến giảm rác thải nhựa số {n}",
            "summary": "Đổi túi ni lông lấy túi vải ở chợ phiên mỗi tháng một lần.",
            "description": "Hội phụ nữ may túi vải từ vải vụn; người đi chợ mang mười túi "
                           "ni lông đến đổi lấy một túi vải dùng lâu dài.",
            "consent_judging": "y"}, [("files", f"anh-{n}-1.png", photo),
                                      ("files", f"anh-{n}-2.png", photo)])
        request = urllib.request.Request(f"{base}/cuoc-thi/{slug}/du-thi", data=body,
                                         headers={"Content-Type": content_type})
        barrier.wait(timeout=120)
        try:
            with opener.open(request, timeout=120) as response:
                results[n] = (response.status, response.url)
        except urllib.error.HTTPError as error:
            results[n] = (error.code, error.read().decode()[:500])

    threads = [threading.Thread(target=entrant, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results
