"""The public menu holds every area that exists and never links a page that does not: the
contest and the green schools join it once their public pages are served (issue 7)."""
import re

from flask import Blueprint

from app.extensions import db

from .conftest import make_app

MENU_PATHS = ["/", "/tin-tuc/", "/canh-bao/", "/phan-loai-rac/", "/huong-dan/", "/chien-dich/",
              "/van-ban/", "/cuoc-thi/", "/tim-kiem"]


def _menu_hrefs(html: str) -> list[str]:
    nav = re.search(r'<nav class="main-nav"[^>]*>(.*?)</nav>', html, re.DOTALL).group(1)
    return re.findall(r'<a href="([^"]+)"', nav)


def test_menu_leaves_out_areas_not_served_yet(client):
    html = client.get("/tim-kiem").get_data(as_text=True)
    assert _menu_hrefs(html) == MENU_PATHS
    assert 'aria-current="page">' in html and "<summary" in html


def test_menu_links_green_schools_once_served(app, database_url):
    later = make_app(database_url)
    pages = Blueprint("later", __name__)
    pages.add_url_rule("/truong-hoc-xanh/", "schools", lambda: "trường học xanh")
    later.register_blueprint(pages)
    html = later.test_client().get("/tim-kiem").get_data(as_text=True)
    with later.app_context():
        db.engine.dispose()  # close its pooled connection now, not at garbage collection
    assert _menu_hrefs(html) == MENU_PATHS[:-1] + ["/truong-hoc-xanh/", "/tim-kiem"]
