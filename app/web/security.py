"""Request and response checks that hold for every URL of the app.

- Security headers on every response: pages, fragments, errors and static files. Strict CSP
  without nonces, so that identical pages keep identical ETags (STYLE §2.5).
- Trusted hosts: a Host (or, behind PROXY_FIX_HOPS, X-Forwarded-Host) outside TRUSTED_HOSTS
  gets the translated 400 page, before anything else runs.
- CSRF in depth: an unsafe request whose Origin (or, without one, Referer) is another site
  gets a 403, token or not, as in Django's CsrfViewMiddleware.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request
from flask.globals import request_ctx
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import SecurityError

from .errors import render_error

CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer",
        "microphone", "payment", "usb", "browsing-topics",
    )
)

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
HSTS = "max-age=31536000; includeSubDomains"


def set_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


UNTRUSTED_HOST = (
    _l("Unknown address"),
    _l("This portal does not answer at the address you used. Please open it from its "
       "official address."),
)
FOREIGN_ORIGIN = (
    _l("Request from another website"),
    _l("This form was sent from another website, so it was not accepted. Open the page on "
       "this portal and send it again from there."),
)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DEFAULT_PORTS = {"http": 80, "https": 443}


def refuse_untrusted_host():
    """Flask 3.1 checks the host against TRUSTED_HOSTS while it builds the URL adapter and
    keeps the SecurityError as the routing exception, leaving no adapter to build the
    error page's links. Answer first, with links bound to a trusted host."""
    if not isinstance(request.routing_exception, SecurityError):
        return None
    app = current_app._get_current_object()
    fallback = (urlsplit(app.config.get("SITE_URL") or "").netloc
                or app.config["TRUSTED_HOSTS"][0].lstrip("."))
    request_ctx.url_adapter = app.url_map.bind(
        fallback, script_name=request.script_root or None, url_scheme=request.scheme,
        subdomain=app.url_map.default_subdomain or "")
    # Whatever reads request.host from now on sees a trusted host, never the client's.
    request.host = fallback
    app.logger.info("Refused a request for an untrusted host (%r)",
                    request.environ.get("HTTP_HOST", "")[:100])
    return render_error(400, *UNTRUSTED_HOST)


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an Origin or Referer; None when it cannot be read."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme]


def _own_origins() -> set[tuple[str, str, int]]:
    origins = {_origin(f"{request.scheme}://{request.host}")}
    if current_app.config.get("SITE_URL"):
        origins.add(_origin(current_app.config["SITE_URL"]))
    return origins - {None}


def refuse_foreign_origin():
    """A state change sent by another site is refused even with a valid CSRF token.
    Browsers send Origin on every POST (fetch and htmx included); Referer is the fallback.
    A request with neither (some privacy tools strip both) still has its CSRF token."""
    if request.method not in UNSAFE_METHODS:
        return None
    sent = request.headers.get("Origin") or request.headers.get("Referer")
    if not sent:
        return None
    # "Origin: null" (sandboxed frames, data: URLs, some redirects) reads as None: refused.
    if _origin(sent) in _own_origins():
        return None
    current_app.logger.info("Refused a %s to %s from origin %r", request.method, request.path,
                            sent[:200])
    return render_error(403, *FOREIGN_ORIGIN)


def init_app(app: Flask) -> None:
    # Before every other before-request function (CSRFProtect's, the rate limiter's, the
    # session checks): no extension may read an untrusted host, and a cross-site post is
    # named as such rather than as an expired form.
    funcs = app.before_request_funcs.setdefault(None, [])
    funcs[0:0] = [refuse_untrusted_host, refuse_foreign_origin]
    app.after_request(set_security_headers)
