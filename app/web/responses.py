"""Small response helpers shared by every domain."""
from __future__ import annotations

from flask import Response, make_response


def typed(body, mimetype: str) -> Response:
    """A response for a non-HTML document (feeds, XML, plain text, images)."""
    response = make_response(body)
    response.mimetype = mimetype
    return response
