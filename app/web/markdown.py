"""Markdown → HTML → nh3 allow-list (CTFd's approach). Templates show the result inside
an element with `hx-ignore`, and nh3 removes every hx-* attribute as well, because
hx-ignore does not protect htmx's processing of responses (docs/htmx4-notes.md §f)."""
from __future__ import annotations

import html
import re
from functools import lru_cache

import markdown as _markdown
import nh3
from markupsafe import Markup

TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "b", "i", "a", "blockquote",
    "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td", "img", "sup", "sub",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Pictures only from our own media library: no tracking pixels, no mixed content (the CSP
# allows img-src 'self' alone). One file name under /media/, so no `..`, no `//`, no
# escapes a browser would resolve to another path (`%2e%2e`, backslashes).
LOCAL_IMAGE = re.compile(r"/media/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9]+)?", re.ASCII)


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not LOCAL_IMAGE.fullmatch(value):
        return None
    if attribute in ("width", "height") and not value.isdigit():
        return None
    if tag in ("td", "th") and attribute == "align" and value not in ("left", "right", "center"):
        return None
    return value


def sanitise(raw_html: str) -> str:
    return nh3.clean(
        raw_html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@lru_cache(maxsize=1024)
def render(text: str) -> Markup:
    """Markdown written by staff or kept in content/, as safe HTML (memoised: the same
    text always gives the same HTML, and pages render the same bodies again and again)."""
    raw = _markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    # The page title is the only h1: demote headings written with a single #.
    raw = re.sub(r"<(/?)h1\b", r"<\1h2", raw)
    cleaned = sanitise(raw)
    # An <img> without its src (refused above) is useless: drop it.
    cleaned = re.sub(r"<img(?![^>]*\ssrc=)[^>]*>", "", cleaned)
    return Markup(cleaned)


def plain_text(text: str) -> str:
    """The words of a Markdown text, for search, summaries and the loudspeaker."""
    rendered = _markdown.markdown(text or "", extensions=["tables", "sane_lists"])
    stripped = nh3.clean(rendered, tags=set(), attributes={})
    return re.sub(r"\s+", " ", html.unescape(stripped)).strip()
