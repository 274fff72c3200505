"""Static files: fingerprinted URLs (`?v=<hash>`) cached for a year.

Conditional requests for anonymous pages (ETag → 304) are added with the content pages.
"""
from __future__ import annotations

import hashlib
import os

from flask import Flask, Response, request

YEAR = 365 * 24 * 3600


def _fingerprint(app: Flask, filename: str) -> str | None:
    cache = app.extensions.setdefault("ksx_static_hashes", {})
    if filename not in cache:
        path = os.path.join(app.static_folder, filename)
        try:
            with open(path, "rb") as fh:
                cache[filename] = hashlib.sha256(fh.read()).hexdigest()[:12]
        except OSError:
            cache[filename] = None
    return cache[filename]


def init_app(app: Flask) -> None:
    @app.url_defaults
    def _static_version(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = _fingerprint(app, values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def _static_cache(response: Response) -> Response:
        if request.endpoint == "static" and response.status_code in (200, 304):
            if request.args.get("v"):
                response.cache_control.public = True
                response.cache_control.max_age = YEAR
                response.cache_control.immutable = True
            response.headers.pop("Set-Cookie", None)
        return response
