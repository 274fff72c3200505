"""Absolute URLs: canonical links, Open Graph, QR codes, CAP <web>, Atom ids, the sitemap.

They are built from the configured SITE_URL (required in production), so that no request,
whatever Host it names, can change the address printed on a notice board or kept in a
cache. Without SITE_URL (development, tests) they follow the request's host, which
TRUSTED_HOSTS has already checked. Use these instead of `url_for(..., _external=True)`.
"""
from __future__ import annotations

from flask import current_app, request, url_for


def site_origin() -> str:
    """`https://kesat.example`: SITE_URL, or the (trusted) origin of this request."""
    return current_app.config.get("SITE_URL") or request.host_url.rstrip("/")


def absolute(path: str) -> str:
    """An absolute URL for a path of this app (`/tin-tuc/x` → `https://…/tin-tuc/x`)."""
    return site_origin() + request.script_root + path


def external_url(endpoint: str, **values) -> str:
    """`url_for(endpoint, **values)` as an absolute URL rooted at SITE_URL."""
    if not current_app.config.get("SITE_URL"):
        return url_for(endpoint, _external=True, **values)
    return site_origin() + url_for(endpoint, **values)
