"""The public contact page /lien-he (SPEC §2; issue 11, acceptance 2, last bullet): the centre's
details from site settings, tel:/mailto: links, the emergency numbers, and no page that sends
people to a section or a feature that does not exist."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from lxml import etree
from sqlalchemy import select

from app.content import queries as content
from app.content.models import Guide, Post
from app.settings.models import SiteSetting

ROOT = Path(__file__).resolve().parents[2]
TEXT_DIRS = (ROOT / "app" / "demo" / "content", ROOT / "content", ROOT / "templates")
# Telling residents one number is enough hides 113, 114 and 115 from them (issue 11, acc. 2).
NO_OTHER_NUMBERS = re.compile(
    r"không\s+cần\s+nhớ|khỏi\s+(phải\s+)?nhớ|chỉ\s+cần\s+nhớ(\s+một)?\s+số"
    r"|no need to remember|only need to remember", re.IGNORECASE)


def _settings(db, **values):
    for key, value in values.items():
        db.session.merge(SiteSetting(key=key, value=value))
    db.session.commit()


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def _internal(href: str) -> str | None:
    href = urldefrag(href)[0]
    parts = urlsplit(href)
    if parts.scheme in ("", "http", "https") and parts.netloc in ("", "localhost") \
            and parts.path.startswith("/"):
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return None


def test_contact_page_shows_the_centre_from_settings(client, db):
    _settings(db, centre_name="Trung tâm Dịch vụ thử", address="Số 9 đường Thử, thôn Thử",
              phone="0225 3999 001", email="lienhe@example.org", commune_name="Vĩnh Thử",
              civil_defence_phone="0225 3999 002", health_station_phone="0225 3999 003")
    response = client.get("/lien-he")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for value in ("Trung tâm Dịch vụ thử", "Số 9 đường Thử, thôn Thử", "0225 3999 001",
                  "lienhe@example.org", "Vĩnh Thử"):
        assert value in html
    hrefs = _links(html)
    for href in ("tel:02253999001", "mailto:lienhe@example.org", "tel:02253999002",
                 "tel:02253999003", "tel:112", "tel:113", "tel:114", "tel:115"):
        assert href in hrefs, href
    assert "/cuoc-thi/tra-cuu" in hrefs and "/truong-hoc-xanh/" in hrefs
    assert html.count("<h1") == 1


def test_contact_page_without_details_invents_nothing(client, db):
    html = client.get("/lien-he").get_data(as_text=True)
    assert "mailto:" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    for number in ("112", "113", "114", "115"):
        assert f'href="tel:{number}"' in html
    # No office hours are kept in the settings, so the page names none.
    assert "giờ làm việc" not in html.lower() and "office hours" not in html.lower()


def test_contact_page_in_english(client, db):
    client.set_cookie("lang", "en")
    html = client.get("/lien-he").get_data(as_text=True)
    assert "<h1>Contact</h1>" in html and "Fire and rescue" in html


def test_headings_are_in_order(client, db):
    html = client.get("/lien-he").get_data(as_text=True)
    levels = [int(n) for n in re.findall(r"<h([1-6])", html.split("<main", 1)[1])]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels


def test_footer_links_the_contact_page(client, db):
    html = client.get("/").get_data(as_text=True)
    footer = html.split("<footer", 1)[1]
    assert 'href="/lien-he"' in footer


def test_contact_page_is_cached_like_other_public_pages(client, db, login_as):
    response = client.get("/lien-he")
    assert "public" in response.headers["Cache-Control"]
    assert response.headers["ETag"]
    assert client.get("/lien-he", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    login_as("editor")
    assert client.get("/lien-he").headers["Cache-Control"] == "no-store"


def test_sitemap_lists_the_contact_page(client, db):
    root = etree.fromstring(client.get("/sitemap.xml").data)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert "http://localhost/lien-he" in {u.findtext(f"{ns}loc") for u in root.findall(f"{ns}url")}


@pytest.mark.parametrize("folder", TEXT_DIRS, ids=lambda p: p.name)
def test_no_text_tells_residents_one_number_is_enough(folder):
    found = [f"{path.relative_to(ROOT)}:{n}"
             for path in sorted(folder.rglob("*")) if path.suffix in (".yaml", ".md", ".html")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if NO_OTHER_NUMBERS.search(line)]
    assert not found


@pytest.mark.parametrize("folder", TEXT_DIRS[:2], ids=lambda p: p.name)
def test_no_text_promises_a_reports_feature_or_a_contact_section(folder):
    """SPEC §3.6 (reports) is not built: nothing may send people to it, nor to a "Liên hệ"
    section that is not a link to /lien-he."""
    promise = re.compile(r"phản ánh qua cổng|mục \*\*Liên hệ\*\*|gửi phản ánh trên cổng", re.IGNORECASE)
    found = [f"{path.relative_to(ROOT)}:{n}"
             for path in sorted(folder.rglob("*")) if path.suffix in (".yaml", ".md")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if promise.search(line)]
    assert not found


def test_no_internal_link_in_demo_posts_guides_or_templates_answers_404(runner, client, db):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    posts = db.session.scalars(content.visible_posts().with_only_columns(Post.slug)).all()
    guides = db.session.scalars(select(Guide.slug).where(Guide.archived.is_(False))).all()
    assert posts and guides
    pages = ["/", "/lien-he", "/tim-kiem"] + [f"/tin-tuc/{s}" for s in posts] \
        + [f"/huong-dan/{s}" for s in guides]
    targets: dict[str, str] = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for href in _links(response.get_data(as_text=True)):
            path = _internal(href)
            if path and not path.startswith("/static/"):
                targets.setdefault(path, page)
    missing = [f"{path} (linked from {page})" for path, page in sorted(targets.items())
               if client.get(path).status_code == 404]
    assert not missing
    assert "/lien-he" in targets
