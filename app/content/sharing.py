"""What a shared link shows: canonical URL, title, description, 1200×630 image."""
from __future__ import annotations

from flask import url_for

from .media import file_name


def _image(cover, category: str | None) -> str:
    if cover is not None:
        return url_for("content.media", name=file_name(cover, "og"), _external=True)
    return url_for("site.share_image", name=category or "trang-chu", _external=True)


def share(title: str, description: str, endpoint: str, *, cover=None, category=None,
          type_: str = "article", **values) -> dict:
    return {
        "title": title,
        "description": (description or title)[:300],
        "url": url_for(endpoint, _external=True, **values),
        "image": _image(cover, category),
        "image_alt": cover.alt if cover is not None else title,
        "type": type_,
    }
