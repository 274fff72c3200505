"""Translated error pages that also answer htmx requests with a fragment (STYLE §2.4.6)."""
from __future__ import annotations

import logging
import math
import time

from blinker import Namespace
from flask import Flask, current_app, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..extensions import db, limiter
from . import htmx, logs

log = logging.getLogger(__name__)

# Sent (with the app) when a request is refused with 403, after the request's own work was
# rolled back; app/auth writes it to the audit log. Plumbing cannot import the audit service,
# so the service listens instead.
forbidden = Namespace().signal("forbidden")

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please check what you entered and try again.")),
    401: (_l("Sign-in required"), _l("Please sign in to continue.")),
    403: (_l("Access denied"), _l("Your account does not have permission to open this page.")),
    404: (_l("Page not found"), _l("We could not find this page. It may have been moved or removed.")),
    405: (_l("Action not allowed"), _l("This page does not accept that kind of request.")),
    413: (_l("Too large"), _l("What you sent is larger than the allowed size. Please send a smaller file.")),
    429: (_l("Too many attempts"), _l("You have tried too many times. Please wait a few minutes and try again.")),
    500: (_l("Something went wrong"), _l("An error occurred on our side. Please try again in a moment.")),
    503: (_l("Temporarily unavailable"), _l("The portal is temporarily unavailable. Please try again in a moment.")),
}
CSRF_MESSAGE = (
    _l("Form expired"),
    _l("This form has expired or was sent from another page. Please reload the page and try again."),
)


def render_error(code: int, title=None, message=None):
    default_title, default_message = MESSAGES.get(code, MESSAGES[500 if code >= 500 else 400])
    # The incident code is the request id's, as in this request's log lines (app/web/logs.py).
    context = {"code": code, "title": title or default_title, "message": message or default_message,
               "incident": logs.current_incident_code()}
    if htmx.is_htmx():
        response = htmx.render("errors/_error.html", status=code, **context)
        # Show the message in the flash region instead of the request's own target.
        response.headers["HX-Retarget"] = "#flash"
        response.headers["HX-Reswap"] = "outerHTML"
        return response
    return htmx.add_vary(make_response(render_template("errors/error.html", **context), code))


def _retry_after() -> int:
    """Seconds until the breached rate limit lets this address in again (60 if unknown)."""
    try:
        limit = limiter.current_limit
        if limit is not None and limit.breached:
            # limits' reset time is a whole second: never announce more than one window.
            return max(1, min(math.ceil(limit.reset_at - time.time()), limit.limit.get_expiry()))
    except Exception:  # noqa: BLE001 - the limiter's storage may be down; a guess will do
        log.warning("Could not read the rate limit's reset time", exc_info=True)
    return 60


def _announce_forbidden() -> None:
    """Tell the listeners; whatever goes wrong there (the database is down), the 403 stands."""
    try:
        forbidden.send(current_app._get_current_object())
    except Exception:  # noqa: BLE001 - a listener's failure must not turn a 403 into a 500
        log.warning("A 403 listener failed on %s", request.path, exc_info=True)
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001
            log.warning("Rollback failed after a 403 listener error", exc_info=True)


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error):
        db.session.rollback()
        return render_error(400, *CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        db.session.rollback()
        if error.code == 403:
            _announce_forbidden()
        response = render_error(error.code)
        if error.code == 405 and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        if error.code == 429:
            response.headers["Retry-After"] = str(_retry_after())
        return response

    @app.errorhandler(InternalServerError)
    def _server_error(error):
        # Flask has already logged an unhandled exception with its traceback ("Exception on
        # …"); that record carries this request's id and incident code (app/web/logs.py).
        db.session.rollback()
        return render_error(500)
