"""The public menu holds every area that exists and never links a page that does not: the
contest and the green schools join it once their public pages are served (issues 7, 10)."""
import re

MENU_PATHS = ["/", "/tin-tuc/", "/canh-bao/", "/phan-loai-rac/", "/huong-dan/", "/chien-dich/",
              "/van-ban/", "/cuoc-thi/", "/truong-hoc-xanh/", "/tim-kiem"]


def _menu_hrefs(html: str) -> list[str]:
    nav = re.search(r'<nav class="main-nav"[^>]*>(.*?)</nav>', html, re.DOTALL).group(1)
    return re.findall(r'<a href="([^"]+)"', nav)


def test_menu_leaves_out_areas_not_served_yet(client):
    html = client.get("/tim-kiem").get_data(as_text=True)
    assert _menu_hrefs(html) == MENU_PATHS
    assert 'aria-current="page">' in html and "<summary" in html


def test_menu_links_green_schools_now_served(client):
    """The green schools' public pages exist (issue 10): the menu links them, marked current
    on the board."""
    html = client.get("/truong-hoc-xanh/").get_data(as_text=True)
    assert "/truong-hoc-xanh/" in _menu_hrefs(html)
    assert '<a href="/truong-hoc-xanh/" aria-current="page">' in html
