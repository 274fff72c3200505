"""One URL per resource: the full page, or for an htmx partial request, its fragment.

htmx 4 sends `HX-Request-Type: partial` when it swaps into an element, and `full` when it
targets <body> (boosted links, HX-Location). A history restore sends `full` and no
`HX-Request` at all, so only `HX-Request-Type: partial` gets a fragment
(docs/htmx4-notes.md §b).
"""
from __future__ import annotations

from flask import Response, make_response, render_template, request

VARY = ("HX-Request", "HX-Request-Type")


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def is_partial() -> bool:
    return request.headers.get("HX-Request-Type") == "partial"


def add_vary(response: Response, *, target: bool = False) -> Response:
    for header in VARY:
        response.vary.add(header)
    if target:
        response.vary.add("HX-Target")
    return response


def render(page: str, fragment: str | None = None, *, status: int = 200,
           fragments: dict[str, str] | None = None, **context) -> Response:
    """Render `page`, or a fragment for a partial htmx request.

    `fragments` maps an HX-Target id to a `_region.html`, for pages with several
    swappable regions; the client never names a template.
    """
    template = page
    if is_partial():
        # htmx 4 names the target as "tag#id"; older clients send the bare id.
        target = request.headers.get("HX-Target", "").rpartition("#")[2]
        if fragments and target in fragments:
            template = fragments[target]
        elif fragment:
            template = fragment
    response = make_response(render_template(template, **context), status)
    return add_vary(response, target=bool(fragments))


def navigate(url: str, status: int = 204) -> Response:
    """Send an htmx request to another page without swapping a redirect's body."""
    response = make_response("", status)
    response.headers["HX-Location"] = url
    return response
