"""The home page on a phone with warnings in force (issue 11, line 5): at 360×740 the waste box
and the current campaign start within the first screen, with one warning and with several;
several warnings collapse into the highest one plus a count; inner pages get a compact banner."""
from contextlib import contextmanager
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.alerts.models import Alert
from app.alerts.queries import active_alerts
from app.extensions import db
from app.web.timeutil import utcnow

from .. import factories
from ..conftest import make_app
from .conftest import new_page

SCREEN = {"width": 360, "height": 740}
FIRST = "Mưa rất to kéo dài, ngập úng sâu các cánh đồng trũng ven sông Sặt và đường liên thôn"
STORM = "Bão số 9 đổ bộ, gió giật mạnh cấp 10 trên toàn xã"
HEAT = "Nắng nóng gay gắt, nhiệt độ cao nhất 37 độ"


@contextmanager
def _database(url):
    app = make_app(url)
    with app.app_context():
        try:
            yield
        finally:
            db.session.remove()  # give the connection back before the pool is closed
            db.engine.dispose()


@pytest.fixture
def warnings(live_app_data):
    """Only this test's warnings are in force while it runs; the others come back after."""
    url = live_app_data[0]
    with _database(url):
        now = utcnow()
        set_aside = {a.id: a.expires for a in active_alerts()}
        for alert in db.session.scalars(select(Alert).where(Alert.id.in_(set_aside))):
            alert.expires = now - timedelta(minutes=1)
        made = [factories.make_alert(FIRST, level=2).id]
        db.session.commit()

    def add_more():
        with _database(url):
            made.append(factories.make_alert(STORM, level=4, hazard="bao-ap-thap").id)
            made.append(factories.make_alert(HEAT, level=1, hazard="nang-nong").id)
            db.session.commit()

    yield add_more
    with _database(url):
        db.session.execute(Alert.__table__.delete().where(Alert.id.in_(made)))
        for alert in db.session.scalars(select(Alert).where(Alert.id.in_(set_aside))):
            alert.expires = set_aside[alert.id]
        db.session.commit()


def _top(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["y"]


def _height(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["height"]


def test_home_on_a_phone_with_one_then_several_warnings(browser, live_server, warnings):
    page = new_page(browser, live_server)
    page.set_viewport_size(SCREEN)
    banner = page.locator("#alert-banner")

    # One warning: the full card on the home page, and still the waste box and the campaign
    # begin on the first screen.
    page.goto("/")
    expect(banner.locator(".alert-item")).to_have_count(1)
    expect(banner).to_contain_text(FIRST)
    expect(banner).to_contain_text("Cấp 2: rủi ro trung bình")
    assert _top(page, "#home-waste-q") + 48 <= SCREEN["height"]
    assert _top(page, ".campaign-now") < SCREEN["height"]
    page.checks.page_ok("home-phone-one-warning")

    # Three warnings: the highest shows, the other two fold into a count (the banner follows
    # without a reload); the first screen still holds the waste box and the campaign.
    warnings()
    expect(banner.locator(".alert-item").first).to_contain_text(STORM)
    summary = banner.locator(".alert-more > summary")
    expect(summary).to_have_text("Còn 2 cảnh báo khác")
    expect(banner.get_by_role("link", name=FIRST)).to_be_hidden()
    assert _height(page, "#alert-banner") < 0.3 * SCREEN["height"]
    assert _top(page, "#home-waste-q") + 48 <= SCREEN["height"]
    assert _top(page, ".campaign-now") < SCREEN["height"]
    page.checks.page_ok("home-phone-three-warnings")

    # The count opens the others, highest first, with a way to every warning.
    summary.click()
    others = banner.locator(".alert-more .alert-item")
    expect(others).to_have_count(2)
    expect(others.nth(0)).to_contain_text(FIRST)
    expect(others.nth(1)).to_contain_text(HEAT)
    expect(banner.get_by_role("link", name="Xem tất cả cảnh báo")).to_be_visible()

    # An inner page: a compact banner (level and headline on at most two lines), so its own
    # heading is high on the first screen.
    page.goto("/huong-dan/")
    expect(banner.locator(".alert-item").first).to_contain_text(STORM)
    expect(banner.locator(".level-badge").first).to_have_text("Cấp 4")
    count = banner.get_by_role("link", name="+2 cảnh báo khác")
    expect(count).to_be_visible()
    assert _height(page, "#alert-banner") <= 100
    assert _top(page, "main h1") < 0.45 * SCREEN["height"]
    page.checks.page_ok("inner-page-compact-banner")
    count.click()
    expect(page).to_have_url(live_server + "/canh-bao/")
    page.context.close()
