"""Browser tests: Playwright drives Debian's Chromium against a live server on a free port.

They fail instead of skipping when CI is set. Screenshots go to artifacts/screenshots/.
"""
from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import time
import urllib.request

import flask_migrate
import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.schools import operations as school_ops

from .. import dbutil, factories
from ..conftest import free_port, make_app

CHROMIUM = "/usr/bin/chromium"
ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (360, 1280)
# Waits end as soon as their condition holds: a long limit costs nothing on a quiet machine
# and keeps the suite green on a busy one (issue 7, line 14).
TIMEOUT = 30_000
expect.set_options(timeout=TIMEOUT)
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _require(condition: bool, why: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run under CI: {why}")
    pytest.skip(why)


@pytest.fixture(scope="session")
def live_app_data():
    """A migrated database with one account per role; yields (url, accounts)."""
    url = dbutil.create_database("live")
    app = make_app(url)
    with app.app_context():
        flask_migrate.upgrade()
        accounts = {}
        story_school = factories.make_school(name="Trường THCS Thử Nghiệm Xanh", slug="thcs-thu")
        for role in ("admin", "editor", "judge", "school"):
            user = factories.make_user(role=role, email=f"{role}@kesat.example",
                                       name=f"Người dùng {role}",
                                       school=story_school if role == "school" else None)
            accounts[role] = user.email
        accounts["judge2"] = factories.make_user(role="judge", email="judge2@kesat.example",
                                                 name="Giám khảo thứ hai").email
        factories.make_school(name="Trường Tiểu học Vĩnh Hưng", slug="th-vinh-hung", level="tieu-hoc")
        # Contests: one for the contest story (it closes it), one that stays open (Lighthouse).
        factories.make_contest("Sáng kiến xanh thử nghiệm", slug="sang-kien-thu")
        factories.make_contest("Cuộc thi sáng kiến đang mở", slug="cuoc-thi-mo")
        # The green-school year, and the story school registered with three targets.
        framework = factories.make_framework()
        targets = [c.id for c in framework.groups[0].criteria]
        school_ops.register(story_school, framework, targets, "achieved")
        _sample_content()
        db.session.commit()
        db.session.remove()  # give the connection back before the pool is closed
        db.engine.dispose()
    yield url, accounts
    dbutil.drop_database(url)


def _sample_content() -> None:
    """A few real pages to look at: the guides, documents and a post with a cover."""
    from pathlib import Path


    from app.content.indexing import index_post
    from app.content.media import save_image
    from app.content.sync import sync_all
    from app.web.drawing import hex_rgb, landscape

    sync_all(Path("content"))
    cover = save_image(landscape((1600, 900), hex_rgb("#a16207"), seed=3),
                       alt="Tranh vẽ cánh đồng lúa sau mùa gặt")
    campaign = factories.make_campaign(slug="mua-gat-khong-dot-rom-ra")
    post = factories.make_post(
        "Cuộn rơm thay vì đốt: tổ dịch vụ về thôn Hòa Ché", slug="cuon-rom-hoa-che",
        category="han-che-dot-rom-ra", campaign=campaign, cover=cover,
        summary="Tổ cuộn rơm của hợp tác xã sẽ làm việc trên cánh đồng thôn Hòa Ché cả tuần.",
        body="## Lịch làm việc\n\nTừ thứ Hai đến Chủ nhật, **7 giờ đến 17 giờ**.\n\n"
             "- Đăng ký với trưởng thôn\n- Mỗi cuộn nặng khoảng 20 kg\n\n"
             "Rơm cuộn dùng để trồng nấm, làm thức ăn cho trâu bò hoặc bán lại.")
    index_post(post)
    # Older news, enough for a second page of the post list (not indexed: search tests count).
    for week in range(1, 11):
        factories.make_post(f"Bản tin môi trường tuần {week}", slug=f"ban-tin-tuan-{week}",
                            category="tin-hoat-dong", minutes_ago=60 * 24 * 7 * week)


@pytest.fixture(scope="session")
def live_server(live_app_data):
    url, _accounts = live_app_data
    port = free_port()
    ARTIFACTS.parent.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS.parent / f"live-server-{port}.log", "wb")
    from ..conftest import MEDIA_ROOT

    # Pages pick up warnings quickly here; the server reads the files the fixtures made.
    env = {**os.environ, "ALERT_POLL_SECONDS": "2", "MEDIA_ROOT": MEDIA_ROOT}
    process = subprocess.Popen([sys.executable, "-m", "tests.browser.server", url, str(port)],
                               cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    # Wait until it answers (or has died): on a busy machine the imports alone take a while.
    deadline = time.monotonic() + 180
    while process.poll() is None and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=10) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        log.close()
        raise RuntimeError("live server did not start; see " + log.name)
    yield base
    process.terminate()
    process.wait(timeout=60)
    log.close()


@pytest.fixture(scope="session")
def browser():
    _require(os.path.exists(CHROMIUM), f"{CHROMIUM} is missing (apt-get install chromium)")
    _require(AXE.exists(), "node_modules/axe-core is missing (npm ci)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, timeout=120_000,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


class Checks:
    """What every visited page must pass: axe-core clean and no CSP violation."""

    def __init__(self, page, javascript: bool = True):
        self.page, self.javascript = page, javascript
        self.console_errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations || []")

    def axe(self) -> list[dict]:
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.page.evaluate(AXE.read_text())
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        ran = {rule["id"] for key in ("violations", "passes", "incomplete", "inapplicable")
               for rule in result[key]}
        # target-size is off by default in axe; the wcag22aa tag is what turns it on.
        assert "target-size" in ran, "axe did not run its target-size rule"
        return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
                for v in result["violations"]]

    def page_ok(self, name: str) -> None:
        """axe at a phone's width and a desktop's (the header differs), then screenshots."""
        # axe.run waits on timers, which never fire where scripts are off: it would hang.
        assert self.javascript, "axe needs JavaScript: use checks.screenshots() on a no-JS page"
        size = self.page.viewport_size
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": 800})
            violations = self.axe()
            assert not violations, (f"axe at {width} px on {self.page.url}: "
                                    f"{json.dumps(violations, ensure_ascii=False)}")
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        self.page.set_viewport_size(size)
        assert not self.csp_violations(), f"CSP violations on {self.page.url}: {self.csp_violations()}"
        csp_console = [e for e in self.console_errors if "Content Security Policy" in e]
        assert not csp_console, csp_console

    def screenshots(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        size = self.page.viewport_size
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": 800})
            self.page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        self.page.set_viewport_size(size)


def new_page(browser, base_url: str, width: int = 360, **options):
    """A fresh context (its own cookies) and page, recording CSP violations; waits end as soon
    as their condition holds, so the generous timeout only matters on a busy machine."""
    context = browser.new_context(base_url=base_url, locale="vi-VN",
                                  viewport={"width": width, "height": 800}, **options)
    context.set_default_timeout(TIMEOUT)
    context.add_init_script(CSP_RECORDER)
    page = context.new_page()
    page.checks = Checks(page, options.get("java_script_enabled", True))
    return page


@pytest.fixture
def page(browser, live_server):
    page = new_page(browser, live_server)
    yield page
    page.context.close()


@pytest.fixture
def accounts(live_app_data):
    return live_app_data[1]
