"""Translated error pages that also answer htmx requests with a fragment (STYLE §2.4.6)."""
from __future__ import annotations

import logging
import math
import time

from blinker import Namespace
from flask import Flask, current_app, g, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from ..extensions import db, limiter, login_manager
from . import htmx, logs
from .caching import no_store

log = logging.getLogger(__name__)

# Sent (with the app) when a request is refused with 403, after the request's own work was
# rolled back; app/auth writes it to the audit log. Plumbing cannot import the audit service,
# so the service listens instead.
forbidden = Namespace().signal("forbidden")
# Sent (with the app) when a request fails because the database cannot be reached, after the
# rollback: a domain undoes what it did outside the database (app/content removes the files
# it wrote), so nothing is half-saved.
database_failed = Namespace().signal("database_failed")

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
# The database cannot be reached (down, restarting, cut off, out of connections): 503.
DATABASE_DOWN = (
    _l("Temporarily unavailable"),
    _l("The portal cannot reach its database right now, so this page cannot be shown. Please "
       "try again in a few minutes. Warnings in force are still read on the commune radio."),
)
NOT_SAVED = (
    _l("Not saved"),
    _l("Nothing you sent was saved: the portal cannot reach its database right now. Keep this "
       "tab open and send it again in a few minutes; what you typed is shown below so that you "
       "can copy it."),
)
NOT_SAVED_HTMX = _l("Nothing you sent was saved: the portal cannot reach its database right "
                    "now. What you typed is still in the form: send it again in a few minutes.")
DATABASE_RETRY_SECONDS = 60
# Never shown back on the "not saved" page.
SECRET_FIELDS = ("csrf_token", "password")
CSRF_MESSAGE = (
    _l("Form expired"),
    _l("This form has expired or was sent from another page. Please reload the page and try again."),
)


def render_error(code: int, title=None, message=None, **extra):
    default_title, default_message = MESSAGES.get(code, MESSAGES[500 if code >= 500 else 400])
    # The incident code is the request id's, as in this request's log lines (app/web/logs.py).
    context = {"code": code, "title": title or default_title, "message": message or default_message,
               "incident": logs.current_incident_code(), **extra}
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


def database_unreachable(error: Exception) -> bool:
    """The database could not be reached or stopped answering (not a bad statement)."""
    if isinstance(error, (OperationalError, InterfaceError, PoolTimeout)):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


def _typed_fields() -> list[tuple[str, str]]:
    """The text a person sent, to show back when it could not be saved (never a secret)."""
    return [(name, value) for name, value in request.form.items(multi=True)
            if value.strip() and not any(secret in name.lower() for secret in SECRET_FIELDS)]


def _database_down(error: Exception):
    """503 for a failed database: nothing half-saved (the transaction is rolled back) and a
    clear message, "not saved" with the typed text for a form sent; never a traceback."""
    log.error("Database unreachable on %s %s: %s", request.method, request.path, error)
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection is gone; the server drops the transaction
        log.warning("Rollback failed with the database unreachable", exc_info=True)
    try:
        database_failed.send(current_app._get_current_object())
    except Exception:  # noqa: BLE001 - the 503 stands whatever a listener does
        log.warning("A database_failed listener failed on %s", request.path, exc_info=True)
    # The page must not ask the database who is signed in again: render it as for a visitor.
    g._login_user = login_manager.anonymous_user()
    if request.method in ("GET", "HEAD", "OPTIONS"):
        response = render_error(503, *DATABASE_DOWN)
    elif htmx.is_htmx():
        response = render_error(503, NOT_SAVED[0], NOT_SAVED_HTMX)
    else:
        response = render_error(503, *NOT_SAVED, typed=_typed_fields())
    response.headers["Retry-After"] = str(DATABASE_RETRY_SECONDS)
    return no_store(response)


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

    @app.errorhandler(DBAPIError)
    @app.errorhandler(PoolTimeout)
    def _database_error(error):
        if database_unreachable(error):
            return _database_down(error)
        return _server_error(InternalServerError(original_exception=error))

    @app.errorhandler(InternalServerError)
    def _server_error(error):
        original = getattr(error, "original_exception", None)
        if original is not None and database_unreachable(original):
            return _database_down(original)  # raised where the handlers above do not reach
        # Flask has already logged an unhandled exception with its traceback ("Exception on
        # …"); that record carries this request's id and incident code (app/web/logs.py).
        db.session.rollback()
        return render_error(500)
