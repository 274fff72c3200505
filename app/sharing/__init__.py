"""What a shared link shows: canonical URL, title, description, 1200×630 image.

A service below the domains: it knows no domain's models. A page with a picture of its
own passes `image=(url, alt)`; the others get the category's card drawn by the site.
"""
from __future__ import annotations

from ..web.urls import external_url


def share(title: str, description: str, endpoint: str, *, image: tuple[str, str] | None = None,
          category: str | None = None, type_: str = "article", **values) -> dict:
    if image is None:
        image = (external_url("site.share_image", name=category or "trang-chu"), title)
    return {
        "title": title,
        "description": (description or title)[:300],
        "url": external_url(endpoint, **values),
        "image": image[0],
        "image_alt": image[1],
        "type": type_,
    }
