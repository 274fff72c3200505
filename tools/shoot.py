"""Screenshots for a human look: `python -m tools.shoot BASE PATH [PATH…]` → artifacts/shots/."""
import pathlib
import re
import sys

from playwright.sync_api import sync_playwright

OUT = pathlib.Path("artifacts/shots")


def main() -> None:
    base, paths = sys.argv[1], sys.argv[2:]
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(locale="vi-VN")
        for path in paths:
            name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
            for width in (360, 1280):
                page.set_viewport_size({"width": width, "height": 1100})
                page.goto(base + path)
                page.screenshot(path=str(OUT / f"{name}-{width}.png"), full_page=False)
            print(name)
        browser.close()


if __name__ == "__main__":
    main()
